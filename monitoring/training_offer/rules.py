"""Pure rules of Activity 2's monitoring of the training offer: where the i4.0 courses
fall short of what enterprises ask (the contingency of the plan's risk 2: an offer of
courses that does not meet the demand)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeRow:
    code: str
    name: str
    courses: int  # approved courses on the theme running in the period
    agencies: int  # agencies offering them
    seats: int
    vouchers: int  # vouchers asked for courses on the theme, submitted in the period

    @property
    def short(self) -> bool:
        """More vouchers asked than seats offered, or demand with no course at all."""
        return self.vouchers > self.seats or (self.vouchers > 0 and self.courses == 0)

    @property
    def without_offer(self) -> bool:
        return self.courses == 0


def theme_rows(
    themes: list[tuple[str, str]],
    offer: dict[str, tuple[int, int, int]],
    vouchers: dict[str, int],
) -> list[ThemeRow]:
    """One row per theme, in the themes' order: `offer` is code -> (courses, agencies,
    seats), `vouchers` code -> vouchers asked; a theme missing from either has none."""
    rows = []
    for code, name in themes:
        courses, agencies, seats = offer.get(code, (0, 0, 0))
        rows.append(ThemeRow(code, name, courses, agencies, seats, vouchers.get(code, 0)))
    return rows
