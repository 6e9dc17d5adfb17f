"""Trend charts as inline SVG markup: values over time against a target line.

Same conventions as trinno_portal.lib.charts (written directly, text stays text, the
same data gives the same markup, role="img" with the title as label; a data table must
accompany the chart).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from trinno_portal.lib.charts import (
    AXIS,
    GRID,
    PRIMARY,
    line,
    localized,
    nice_step,
    num,
    svg_document,
    text,
    text_width,
    tick_label,
)

# Distinguishable by colour-blind readers, and by marker shape for greyscale print.
SERIES_STYLES = [(PRIMARY, "o"), ("#b35900", "s"), ("#2e7d32", "^")]
TARGET_COLOUR = "#a61c3c"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "s":
        return f'<rect x="{num(x - 3.5)}" y="{num(y - 3.5)}" width="7" height="7" fill="{colour}"/>'
    if shape == "^":
        points = (
            f"{num(x)},{num(y - 4.5)} {num(x - 4.5)},{num(y + 3.5)} {num(x + 4.5)},{num(y + 3.5)}"
        )
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="3.5" fill="{colour}"/>'


def trend_chart_svg(
    dates: Sequence[dt.date],
    series: Mapping[str, Sequence[Decimal | float]],
    *,
    title: str,
    target: Decimal | None = None,
    target_label: str = "Target",
    width_px: int = 640,
    height_px: int = 280,
    decimals: int = 0,
    unit: str = "",
) -> str:
    """A line chart: one line per series over `dates`, and a dashed target line; the last
    value of each series and the target are written with `decimals` and `unit`.

    With no dates the chart still renders (axes and target), so pages and PDFs keep
    their layout before the first snapshot exists.
    """
    for name, values in series.items():
        if len(values) != len(dates):
            raise ValueError(f"series {name!r} and dates differ in length")
    lines = {
        name: [float(v) for v in values]
        for (name, values), _style in zip(series.items(), SERIES_STYLES, strict=False)
    }
    top_value = max(
        [float(target) if target is not None else 0.0, *(max(v, default=0) for v in lines.values())]
    )
    step = nice_step((top_value or 1) * 1.15)
    y_max = step * max(1, -(-((top_value or 1) * 1.15) // step))
    ticks = [step * i for i in range(int(round(y_max / step)) + 1)]
    tick_texts = [tick_label(t, step) for t in ticks]

    rotated = len(dates) > 8
    left = max(text_width(t, 9) for t in tick_texts) + 14
    right = width_px - 14
    top = 42
    bottom = height_px - (52 if rotated else 26)
    count = max(len(dates), 1)
    slot = (right - left) / count

    def x_at(position: int) -> float:
        return left + slot * (position + 0.5)

    def y_at(value: float) -> float:
        return bottom - (bottom - top) * value / y_max

    body = [text(8, 22, title, size=12)]
    for tick, shown in zip(ticks, tick_texts, strict=True):
        y = y_at(tick)
        body.append(line(left, y, right, y, stroke=GRID, width=0.8))
        body.append(text(left - 5, y + 3, shown, size=9, text_anchor="end"))
    body.append(line(left, top, left, bottom, stroke=AXIS))
    body.append(line(left, bottom, right, bottom, stroke=AXIS))
    for position, day in enumerate(dates):
        x = x_at(position)
        body.append(line(x, bottom, x, bottom + 4, stroke=AXIS))
        label = f"{day:%m/%Y}"
        if rotated:
            body.append(
                text(
                    x,
                    bottom + 12,
                    label,
                    size=9,
                    text_anchor="end",
                    transform=f"rotate(-45 {num(x)} {num(bottom + 12)})",
                )
            )
        else:
            body.append(text(x, bottom + 16, label, size=9, text_anchor="middle"))
    if target is not None:
        y = y_at(float(target))
        body.append(
            line(left, y, right, y, stroke=TARGET_COLOUR, width=1.5, stroke_dasharray="6 4")
        )
        body.append(
            text(
                right,
                y - 4,
                f"{target_label}: {localized(float(target), decimals)}{unit}",
                size=9,
                fill=TARGET_COLOUR,
                text_anchor="end",
            )
        )
    legend_x = left + 10
    for index, ((name, numbers), (colour, shape)) in enumerate(
        zip(lines.items(), SERIES_STYLES, strict=False)
    ):
        if numbers:
            points = " ".join(f"{num(x_at(i))},{num(y_at(v))}" for i, v in enumerate(numbers))
            body.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            body.extend(_marker(shape, x_at(i), y_at(v), colour) for i, v in enumerate(numbers))
            last_x, last_y = x_at(len(numbers) - 1), y_at(numbers[-1])
            body.append(
                text(
                    last_x - 6,
                    last_y - 8,
                    localized(numbers[-1], decimals) + unit,
                    size=9,
                    text_anchor="end",
                )
            )
        legend_y = top + 8 + 14 * index
        body.append(line(legend_x, legend_y, legend_x + 18, legend_y, stroke=colour, width=2))
        body.append(_marker(shape, legend_x + 9, legend_y, colour))
        body.append(text(legend_x + 24, legend_y + 3, name, size=9))
    return svg_document(width_px, height_px, title, body)
