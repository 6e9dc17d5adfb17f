"""Server-side charts as inline SVG markup, written directly (no plotting library).

Chart text stays text: searchable in the page, readable by assistive technology and
extractable from PDFs rendered from the same markup. Every chart still needs a text
alternative next to it (a data table): the SVG carries role="img" and its title as
aria-label only.

Why not matplotlib (which drew these charts until issue 8): it took ~0.1 s a chart, a
tenth of the monitoring PDF at a million applications and ten charts per report, and
half a second of import in every process that drew one. Two chart types with a fixed
layout are a hundred lines of SVG; they render in well under a millisecond, and the
same data gives the same markup (cacheable, testable). Text widths are estimated from
the number of characters (TEXT_WIDTH_EM), with room to spare: there is no font metrics
engine here, and the browser or WeasyPrint renders the text.
"""

import html
import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format

PRIMARY = "#0066cc"  # Bootstrap Italia primary
TEXT = "#1a1a1a"
GRID = "#d9dadb"
AXIS = "#5c6f82"
DPI = 96
FONT = "Titillium Web, DejaVu Sans, Arial, sans-serif"
# Average advance of a character of sans-serif text, in ems (generous: wide capitals).
TEXT_WIDTH_EM = 0.6


def text_width(text: str, size: float) -> float:
    return len(text) * size * TEXT_WIDTH_EM


def fitted(label: str, width: float, size: float) -> str:
    """The label, shortened with an ellipsis if it would not fit `width` (the chart's
    data table beside it has it whole)."""
    room = max(int(width / (size * TEXT_WIDTH_EM)), 4)
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def num(value: float) -> str:
    """A coordinate as short, stable text."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text(x: float, y: float, content: str, *, size: float, fill: str = TEXT, **attrs) -> str:
    extra = "".join(
        f' {name.replace("_", "-")}="{html.escape(str(value), quote=True)}"'
        for name, value in attrs.items()
    )
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" fill="{fill}"{extra}>'
        f"{html.escape(content, quote=False)}</text>"
    )


def line(
    x1: float, y1: float, x2: float, y2: float, *, stroke: str, width: float = 1, **attrs
) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
        f'stroke="{stroke}" stroke-width="{num(width)}"{extra}/>'
    )


def svg_document(width_px: int, height_px: int, title: str, body: list[str]) -> str:
    """The root element: sized in points like the charts it replaced (0.75 pt a pixel at
    96 dpi), scalable by CSS through its viewBox, labelled by its title."""
    label = html.escape(title, quote=True)
    return (
        f'<svg role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{num(width_px * 72 / DPI)}pt" height="{num(height_px * 72 / DPI)}pt" '
        f'viewBox="0 0 {width_px} {height_px}" font-family="{FONT}">' + "".join(body) + "</svg>"
    )


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` steps."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    # raw < 10 * power, by the floor above.
    return next(factor * power for factor in (1, 2, 2.5, 5, 10) if raw <= factor * power)


def localized(value: float, decimals: int) -> str:
    """A number as the tables beside the chart write it, in the active language
    (12.345,6 in Italian, 12,345.6 in English)."""
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def tick_label(value: float, step: float) -> str:
    decimals = 0 if step >= 1 else max(0, -math.floor(math.log10(step)) + 1)
    return localized(value, decimals)


def bar_chart_svg(
    labels: list[str],
    values: Sequence[float | Decimal],
    *,
    title: str,
    max_value: float | Decimal = 100,
    width_px: int = 720,
    height_px: int | None = None,
    decimals: int = 1,
    unit: str = "",
) -> str:
    """A horizontal bar chart as SVG markup: one bar per label, top to bottom in the
    order given, each with its value written at its end (with `decimals` and `unit`, as
    " %"). Horizontal because area names are long. The height defaults to what the number
    of bars needs."""
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    numbers = [float(v) for v in values]
    limit = float(max_value) or 1.0
    if height_px is None:
        height_px = 90 + 34 * max(len(labels), 1)
    value_texts = [localized(n, decimals) + unit for n in numbers]
    left = min(max([text_width(label, 11) for label in labels] + [0]) + 16, width_px * 0.45)
    right = width_px - 12
    top, bottom = 40, height_px - 30
    # Room after a full bar for its value.
    span = limit * 1.12
    scale = (right - left) / span
    row = (bottom - top) / max(len(labels), 1)

    body = [text(8, 24, title, size=13)]
    for i in range(6):
        value = limit * i / 5
        x = left + value * scale
        body.append(line(x, top, x, bottom, stroke=GRID, width=0.8))
        shown = localized(value, 0 if value == int(value) else 1)
        body.append(text(x, bottom + 16, shown, size=10, text_anchor="middle"))
    body.append(line(left, bottom, right, bottom, stroke=AXIS))
    body.append(line(left, top, left, bottom, stroke=AXIS))
    for position, (label, number, shown) in enumerate(
        zip(labels, numbers, value_texts, strict=True)
    ):
        middle = top + row * (position + 0.5)
        bar = max(number, 0) * scale
        body.append(
            f'<rect x="{num(left)}" y="{num(middle - row * 0.3)}" width="{num(bar)}" '
            f'height="{num(row * 0.6)}" fill="{PRIMARY}"/>'
        )
        body.append(
            text(left - 6, middle + 4, fitted(label, left - 14, 11), size=11, text_anchor="end")
        )
        body.append(text(left + bar + 4, middle + 4, shown, size=10))
    return svg_document(width_px, height_px, title, body)
