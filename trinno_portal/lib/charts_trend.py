"""Trend charts as inline SVG markup: values over time against a target line.

Same conventions as trinno_portal.lib.charts (text stays text, stable ids, role="img"
with the title as label; a data table must accompany the chart).
"""

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from .charts import DPI, GRID, PRIMARY, TEXT, _matplotlib, _svg_element_only

# Distinguishable by colour-blind readers, and by marker shape for greyscale print.
SERIES_STYLES = [(PRIMARY, "o"), ("#b35900", "s"), ("#2e7d32", "^")]
TARGET_COLOUR = "#a61c3c"


def trend_chart_svg(
    dates: Sequence[dt.date],
    series: Mapping[str, Sequence[Decimal | float]],
    *,
    title: str,
    target: Decimal | None = None,
    target_label: str = "Target",
    width_px: int = 640,
    height_px: int = 280,
    value_format: str = "{:,.0f}",
) -> str:
    """A line chart: one line per series over `dates`, and a dashed target line.

    With no dates the chart still renders (axes and target), so pages and PDFs keep
    their layout before the first snapshot exists.
    """
    for name, values in series.items():
        if len(values) != len(dates):
            raise ValueError(f"series {name!r} and dates differ in length")
    Figure, FigureCanvasSVG = _matplotlib()
    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    positions = list(range(len(dates)))
    top = float(target) if target is not None else 0.0
    for (name, values), (colour, marker) in zip(series.items(), SERIES_STYLES, strict=False):
        numbers = [float(v) for v in values]
        top = max([top, *numbers])
        axes.plot(positions, numbers, color=colour, marker=marker, linewidth=2, label=name)
        if numbers:
            axes.annotate(
                value_format.format(numbers[-1]),
                (positions[-1], numbers[-1]),
                textcoords="offset points",
                xytext=(6, 4),
                color=TEXT,
                fontsize=9,
            )
    if target is not None:
        axes.axhline(float(target), color=TARGET_COLOUR, linestyle="--", linewidth=1.5)
        axes.text(
            1.0,
            float(target),
            f"{target_label}: {value_format.format(float(target))}",
            transform=axes.get_yaxis_transform(),
            va="bottom",
            ha="right",
            color=TARGET_COLOUR,
            fontsize=9,
        )
    axes.set_ylim(0, (top or 1) * 1.15)
    axes.set_xticks(positions, labels=[f"{d:%m/%Y}" for d in dates], fontsize=9, color=TEXT)
    if len(dates) > 8:
        for label in axes.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
    axes.set_xlim(-0.5, max(len(dates) - 0.5, 0.5))
    axes.tick_params(axis="y", colors=TEXT, labelsize=9)
    axes.yaxis.grid(True, color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if series:
        axes.legend(loc="upper left", fontsize=9, frameon=False)
    axes.set_title(title, color=TEXT, fontsize=12, loc="left")
    figure.tight_layout()

    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _svg_element_only(out.getvalue(), title)


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def svg_ids_prefixed(svg: str, prefix: str) -> str:
    """The same SVG with every id (and every reference to one) prefixed, so that several
    charts can share a page or a PDF: matplotlib numbers ids from 1 in each figure, and
    duplicate ids break references between them (and accessibility checks)."""
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
