"""The merit evaluation's arithmetic: pure rules, no database (docs/procedure.md).

Each criterion is scored 0..max by each evaluator; a sheet's score is the weighted sum of
its scores scaled to the criterion's weight (score / max * weight), so that weights say
how much each criterion counts whatever its scale. The consolidated score is the mean of
the complete sheets, or the committee's agreed score where the call says so; below the
call's threshold an application is not fundable (it keeps its place in the ranking).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Criterion:
    code: str
    weight: Decimal
    max_score: int


def sheet_score(criteria: Sequence[Criterion], scores: Mapping[str, int]) -> Decimal | None:
    """A sheet's weighted score, or None while a criterion is unscored."""
    if any(c.code not in scores for c in criteria):
        return None
    total = sum(
        (Decimal(scores[c.code]) / Decimal(c.max_score) * c.weight for c in criteria),
        Decimal(0),
    )
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def consolidated_score(
    sheets: Sequence[Decimal | None], *, agreed: Decimal | None = None, committee: bool = False
) -> Decimal | None:
    """The mean of the complete sheets (None if there is none), or the committee's score."""
    if committee:
        return agreed
    complete = [s for s in sheets if s is not None]
    if not complete:
        return None
    return (sum(complete, Decimal(0)) / len(complete)).quantize(CENT, rounding=ROUND_HALF_UP)


def fundable(score: Decimal | None, threshold: Decimal | None) -> bool:
    return score is not None and (threshold is None or score >= threshold)
