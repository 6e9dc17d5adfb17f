"""Scoring rules of the self-assessment: no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audits.selfassessment import rules

answer_lists = st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=10)
scores = st.decimals(min_value=0, max_value=100, places=1)


def test_it_scales_the_mean_answer_to_0_100():
    assert rules.area_score([0, 0]) == Decimal("0.0")
    assert rules.area_score([4, 4, 4]) == Decimal("100.0")
    assert rules.area_score([1, 2]) == Decimal("37.5")
    assert rules.area_score([2]) == Decimal("50.0")


def test_it_rounds_half_up_to_one_decimal():
    # 1/3 of 4 points: 33.333... -> 33.3; 2/3 -> 66.666... -> 66.7
    assert rules.area_score([1, 1, 2]) == Decimal("33.3")
    assert rules.area_score([2, 3, 3]) == Decimal("66.7")
    assert rules.overall_score([Decimal("10.0"), Decimal("10.1")]) == Decimal("10.1")


def test_it_has_no_area_score_without_answers():
    assert rules.area_score([]) is None


def test_it_refuses_scores_outside_the_scale():
    with pytest.raises(ValueError):
        rules.area_score([5])
    with pytest.raises(ValueError):
        rules.maturity_level(Decimal("100.1"))


def test_it_averages_only_the_areas_answered():
    assert rules.overall_score([Decimal("20.0"), None, Decimal("40.0")]) == Decimal("30.0")
    assert rules.overall_score([None, None]) is None


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("0", "esordiente"),
        ("19.9", "esordiente"),
        ("20", "apprendista"),
        ("39.9", "apprendista"),
        ("40", "specialista"),
        ("59.9", "specialista"),
        ("60", "esperto"),
        ("79.9", "esperto"),
        ("80", "campione"),
        ("100", "campione"),
    ],
)
def test_it_gives_the_level_of_each_band(score, level):
    assert rules.maturity_level(Decimal(score)) == level


def test_it_picks_the_three_weakest_areas_in_questionnaire_order_on_ties():
    areas = [
        ("purchasing", Decimal("50.0")),
        ("logistics", Decimal("25.0")),
        ("production", None),
        ("quality", Decimal("25.0")),
        ("design", Decimal("10.0")),
        ("hr", Decimal("90.0")),
    ]
    assert rules.weakest_areas(areas) == ["design", "logistics", "quality"]
    assert rules.weakest_areas(areas[:2]) == ["logistics", "purchasing"]


@given(answer_lists)
def test_it_keeps_area_scores_within_0_100_with_one_decimal(answers):
    score = rules.area_score(answers)
    assert Decimal(0) <= score <= Decimal(100)
    assert score == score.quantize(Decimal("0.1"))
    # Within rounding of the exact mean.
    exact = Decimal(sum(answers)) * 100 / (4 * len(answers))
    assert abs(score - exact) <= Decimal("0.05")


@given(answer_lists, st.integers(min_value=0, max_value=3))
def test_it_never_lowers_an_area_score_when_an_answer_improves(answers, index):
    index %= len(answers)
    better = list(answers)
    better[index] = min(4, better[index] + 1)
    assert rules.area_score(better) >= rules.area_score(answers)


@given(st.lists(st.one_of(st.none(), scores), min_size=1, max_size=12))
def test_it_keeps_the_overall_score_between_the_weakest_and_strongest_area(area_scores):
    overall = rules.overall_score(area_scores)
    answered = [s for s in area_scores if s is not None]
    if not answered:
        assert overall is None
    else:
        assert min(answered) <= overall <= max(answered)


@given(scores, scores)
def test_it_orders_levels_as_scores(a, b):
    low, high = sorted([a, b])
    assert rules.LEVELS.index(rules.maturity_level(low)) <= rules.LEVELS.index(
        rules.maturity_level(high)
    )


@given(st.lists(st.tuples(st.text(min_size=1), st.one_of(st.none(), scores)), max_size=12))
def test_it_returns_at_most_three_answered_areas_none_stronger_than_the_rest(areas):
    weakest = rules.weakest_areas(list(enumerate(score for _code, score in areas)))
    answered = {index: score for index, (_code, score) in enumerate(areas) if score is not None}
    assert len(weakest) == min(3, len(answered))
    others = [score for index, score in answered.items() if index not in weakest]
    for index in weakest:
        assert all(answered[index] <= other for other in others)
