"""Scoring of the first-level Industry 4.0 self-assessment. Pure functions, no database.

- Each answer scores 0 to 4 (MAX_OPTION_SCORE).
- An area's score is the mean of its answers scaled to 0-100: mean / 4 * 100.
- The overall score is the mean of the scores of the areas that have answers.
- Rounding, one rule everywhere: one decimal place, half up (ROUND_HALF_UP), applied to
  each area score; the overall score is the mean of the rounded area scores, rounded the
  same way, so that the overall figure can be checked from the figures shown.
- Levels, the Chambers of Commerce' digital-point scale (our thresholds, on 0-100):
  below 20 Esordiente, below 40 Apprendista, below 60 Specialista, below 80 Esperto,
  80 and above Campione. Equal bands of 20 points: with 0-4 answers, a firm whose answers
  average 1 ("first steps") lands at 25, Apprendista; all 2s give 50, Specialista.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

K = TypeVar("K")

MAX_OPTION_SCORE = 4
SCORE_QUANTUM = Decimal("0.1")
HUNDRED = Decimal(100)

ESORDIENTE = "esordiente"
APPRENDISTA = "apprendista"
SPECIALISTA = "specialista"
ESPERTO = "esperto"
CAMPIONE = "campione"
LEVELS: tuple[str, ...] = (ESORDIENTE, APPRENDISTA, SPECIALISTA, ESPERTO, CAMPIONE)

# (upper bound, exclusive; level). A score at or above the last bound is Campione.
LEVEL_THRESHOLDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(20), ESORDIENTE),
    (Decimal(40), APPRENDISTA),
    (Decimal(60), SPECIALISTA),
    (Decimal(80), ESPERTO),
)

WEAKEST_AREAS = 3


def _round(value: Decimal) -> Decimal:
    return value.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)


def area_score(answer_scores: Sequence[int]) -> Decimal | None:
    """The area's score on 0-100, or None when no question of the area was answered."""
    if not answer_scores:
        return None
    for score in answer_scores:
        if not 0 <= score <= MAX_OPTION_SCORE:
            raise ValueError(f"answer score {score} outside 0..{MAX_OPTION_SCORE}")
    total = Decimal(sum(answer_scores))
    return _round(total * HUNDRED / (len(answer_scores) * MAX_OPTION_SCORE))


def overall_score(area_scores: Iterable[Decimal | None]) -> Decimal | None:
    """Mean of the areas answered (None areas are left out); None if none was answered."""
    answered = [score for score in area_scores if score is not None]
    if not answered:
        return None
    return _round(sum(answered, Decimal(0)) / len(answered))


def maturity_level(score: Decimal) -> str:
    """The level (one of LEVELS) for a score on 0-100."""
    if not Decimal(0) <= score <= HUNDRED:
        raise ValueError(f"score {score} outside 0..100")
    for bound, level in LEVEL_THRESHOLDS:
        if score < bound:
            return level
    return CAMPIONE


def weakest_areas(
    area_scores: Sequence[tuple[K, Decimal | None]], count: int = WEAKEST_AREAS
) -> list[K]:
    """Keys (area codes or ids) of the `count` lowest-scoring answered areas, lowest
    first. Ties keep the questionnaire's order (the order of `area_scores`), so the
    advice is stable."""
    answered = [
        (score, index, key) for index, (key, score) in enumerate(area_scores) if score is not None
    ]
    answered.sort(key=lambda item: (item[0], item[1]))
    return [key for _score, _index, key in answered[:count]]


def assessment_scores(
    answers_by_area: Mapping[K, Sequence[int]],
) -> tuple[dict[K, Decimal | None], Decimal | None]:
    """Every area's score (in the mapping's order) and the overall score."""
    per_area = {code: area_score(scores) for code, scores in answers_by_area.items()}
    return per_area, overall_score(per_area.values())
