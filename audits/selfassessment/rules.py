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


# --- The advanced assessment -------------------------------------------------------
#
# Staff run it with the enterprise (seed, Activity 3: first-level survey, advanced
# assessment, technological audit). It scores two things on the same 0-100 scale and
# the same levels as the first level, so that the two can be read side by side:
#
# - Technologies, per business area: each enabling technology the area can use is in use
#   (2 points), planned within 12 months (1) or not planned (0); the area's score is its
#   points over the maximum, scaled to 0-100 and rounded as above. A plan counts half: it
#   is a step taken, not yet a practice.
# - The dimensions of the regional strategy: statements answered 0-4 (MAX_OPTION_SCORE),
#   scored per dimension like a first-level area.
# - Overall: the mean of the two halves (the mean of the area scores and the mean of the
#   dimension scores), rounded once more; so that ten areas do not drown five dimensions.
#   With only one half answered, that half.
#
# The recommendation: the areas below RECOMMENDATION_THRESHOLD (below Specialista: the
# enterprise is beginning or learning there) lead to the catalogue services of those
# areas, lowest first; and to the audit call when no audit has been taken yet, since the
# audit is the next step of the path.

IN_USE = "in_use"
PLANNED = "planned"
NOT_PLANNED = "not_planned"
TECHNOLOGY_POINTS: dict[str, int] = {IN_USE: 2, PLANNED: 1, NOT_PLANNED: 0}
MAX_TECHNOLOGY_POINTS = TECHNOLOGY_POINTS[IN_USE]
RECOMMENDATION_THRESHOLD = Decimal(40)


def technology_area_score(statuses: Sequence[str]) -> Decimal | None:
    """An area's technology score on 0-100 from the status of each of its technologies,
    or None when the area has none answered."""
    if not statuses:
        return None
    try:
        points = sum(TECHNOLOGY_POINTS[status] for status in statuses)
    except KeyError as exc:
        raise ValueError(f"unknown technology status {exc.args[0]!r}") from exc
    return _round(Decimal(points) * HUNDRED / (len(statuses) * MAX_TECHNOLOGY_POINTS))


def _mean(scores: Iterable[Decimal | None]) -> Decimal | None:
    present = [score for score in scores if score is not None]
    if not present:
        return None
    return sum(present, Decimal(0)) / len(present)


def advanced_overall_score(
    area_scores: Iterable[Decimal | None], dimension_scores: Iterable[Decimal | None]
) -> Decimal | None:
    """The mean of the technology half and the strategy half (see above)."""
    halves = [_mean(area_scores), _mean(dimension_scores)]
    overall = _mean(halves)
    return None if overall is None else _round(overall)


def advanced_scores(
    statuses_by_area: Mapping[K, Sequence[str]],
    answers_by_dimension: Mapping[K, Sequence[int]],
) -> tuple[dict[K, Decimal | None], dict[K, Decimal | None], Decimal | None]:
    """Every area's and every dimension's score (in the mappings' order), and the overall."""
    areas = {key: technology_area_score(s) for key, s in statuses_by_area.items()}
    dimensions = {key: area_score(s) for key, s in answers_by_dimension.items()}
    return areas, dimensions, advanced_overall_score(areas.values(), dimensions.values())


def areas_to_strengthen(
    area_scores: Sequence[tuple[K, Decimal | None]],
    threshold: Decimal = RECOMMENDATION_THRESHOLD,
) -> list[K]:
    """Keys of the scored areas below the threshold, lowest first (ties in the
    questionnaire's order)."""
    below = [(key, score) for key, score in area_scores if score is not None and score < threshold]
    return weakest_areas(below, count=len(below))


def audit_recommended(areas_below: Sequence[object], *, audit_taken: bool) -> bool:
    """Whether the recommendation points to the technological audit call: some area is
    below the threshold and the enterprise has not had an audit yet."""
    return bool(areas_below) and not audit_taken
