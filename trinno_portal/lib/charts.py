"""Server-side charts as inline SVG markup (matplotlib, no pyplot, no files).

Chart text stays text (rcParams["svg.fonttype"] = "none"): searchable in the page,
readable by assistive technology and extractable from PDFs rendered from the same markup.
Every chart still needs a text alternative next to it (a data table): the SVG carries
role="img" and its title as aria-label only.

matplotlib is imported on first use: it costs about half a second, which every web and
worker process would otherwise pay at start-up.
"""

import html
import io
import re
import threading
from collections.abc import Sequence
from decimal import Decimal

PRIMARY = "#0066cc"  # Bootstrap Italia primary
TEXT = "#1a1a1a"
GRID = "#d9dadb"
DPI = 96

_setup_lock = threading.Lock()
_ready = False


def _matplotlib():
    """Configure matplotlib once per process: rcParams are global, so the two settings
    that SVG output reads at save time are set here and nowhere else."""
    global _ready
    import matplotlib

    with _setup_lock:
        if not _ready:
            matplotlib.rcParams["svg.fonttype"] = "none"
            # Stable element ids: the same data gives the same markup (cacheable, testable).
            matplotlib.rcParams["svg.hashsalt"] = "trinno-portal"
            _ready = True
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    return Figure, FigureCanvasSVG


def _svg_element_only(svg: str, title: str) -> str:
    """Drop the XML prolog and DOCTYPE (invalid inside HTML) and label the root element."""
    start = svg.index("<svg")
    svg = svg[start:]
    label = html.escape(title, quote=True)
    return re.sub(r"<svg\b", f'<svg role="img" aria-label="{label}"', svg, count=1)


def bar_chart_svg(
    labels: list[str],
    values: Sequence[float | Decimal],
    *,
    title: str,
    max_value: float | Decimal = 100,
    width_px: int = 720,
    height_px: int | None = None,
    value_format: str = "{:.1f}",
) -> str:
    """A horizontal bar chart as SVG markup: one bar per label, top to bottom in the
    order given, each with its value written at its end. Horizontal because area names
    are long. The height defaults to what the number of bars needs."""
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    Figure, FigureCanvasSVG = _matplotlib()
    numbers = [float(v) for v in values]
    limit = float(max_value)
    if height_px is None:
        height_px = 90 + 34 * max(len(labels), 1)

    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, numbers, color=PRIMARY, height=0.6)
    axes.set_yticks(positions, labels=labels, color=TEXT, fontsize=11)
    axes.invert_yaxis()
    axes.set_xlim(0, limit * 1.12)  # room for the value written after a full bar
    axes.set_xticks([limit * i / 5 for i in range(6)])
    axes.tick_params(axis="x", colors=TEXT, labelsize=10)
    axes.xaxis.grid(True, color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for position, number in zip(positions, numbers, strict=True):
        axes.text(
            number + limit * 0.01,
            position,
            value_format.format(number),
            va="center",
            color=TEXT,
            fontsize=10,
        )
    axes.set_title(title, color=TEXT, fontsize=13, loc="left")
    figure.tight_layout()

    out = io.StringIO()
    # No date or creator metadata: the same data gives the same markup.
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _svg_element_only(out.getvalue(), title)
