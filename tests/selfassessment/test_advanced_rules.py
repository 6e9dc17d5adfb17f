"""Scoring and recommendation rules of the advanced assessment: no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audits.selfassessment import rules

STATUSES = (rules.NOT_PLANNED, rules.PLANNED, rules.IN_USE)
status_lists = st.lists(st.sampled_from(STATUSES), min_size=1, max_size=12)
answer_lists = st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=6)
scores = st.decimals(min_value=0, max_value=100, places=1)


def test_it_scores_in_use_full_and_planned_half():
    assert rules.technology_area_score([rules.IN_USE, rules.IN_USE]) == Decimal("100.0")
    assert rules.technology_area_score([rules.PLANNED]) == Decimal("50.0")
    assert rules.technology_area_score([rules.NOT_PLANNED] * 3) == Decimal("0.0")
    # 3 points of 6 would be 50; 2 of 6 is 33.333... rounded half up to one decimal.
    assert rules.technology_area_score([rules.IN_USE, rules.NOT_PLANNED, rules.NOT_PLANNED]) == (
        Decimal("33.3")
    )


def test_it_has_no_score_without_technologies_and_refuses_unknown_statuses():
    assert rules.technology_area_score([]) is None
    with pytest.raises(ValueError):
        rules.technology_area_score(["maybe"])


def test_it_weighs_technologies_and_strategy_alike():
    # Two areas (mean 75) and one dimension (25): the halves weigh the same, 50.
    overall = rules.advanced_overall_score([Decimal("100.0"), Decimal("50.0")], [Decimal("25.0")])
    assert overall == Decimal("50.0")
    assert rules.advanced_overall_score([Decimal("40.0")], []) == Decimal("40.0")
    assert rules.advanced_overall_score([], []) is None


@given(status_lists)
def test_an_area_score_stays_within_0_100(statuses):
    assert Decimal(0) <= rules.technology_area_score(statuses) <= Decimal(100)


@given(st.lists(status_lists, min_size=1, max_size=5), st.lists(answer_lists, max_size=5))
def test_the_overall_score_stays_within_0_100_and_has_a_level(areas, dimensions):
    _areas, _dims, overall = rules.advanced_scores(
        dict(enumerate(areas)), dict(enumerate(dimensions))
    )
    assert Decimal(0) <= overall <= Decimal(100)
    assert rules.maturity_level(overall) in rules.LEVELS


@given(status_lists, st.data())
def test_one_more_technology_in_use_never_lowers_the_area_score(statuses, data):
    index = data.draw(st.integers(min_value=0, max_value=len(statuses) - 1))
    better = [*statuses]
    better[index] = rules.IN_USE
    assert rules.technology_area_score(better) >= rules.technology_area_score(statuses)


@given(
    st.lists(status_lists, min_size=1, max_size=5), st.lists(answer_lists, max_size=4), st.data()
)
def test_one_more_technology_in_use_never_lowers_the_overall_score(areas, dimensions, data):
    area = data.draw(st.integers(min_value=0, max_value=len(areas) - 1))
    index = data.draw(st.integers(min_value=0, max_value=len(areas[area]) - 1))
    better = [list(statuses) for statuses in areas]
    better[area][index] = rules.IN_USE
    dims = dict(enumerate(dimensions))
    before = rules.advanced_scores(dict(enumerate(areas)), dims)[2]
    after = rules.advanced_scores(dict(enumerate(better)), dims)[2]
    assert after >= before


def test_it_lists_the_areas_below_the_threshold_lowest_first():
    area_scores = [
        ("production", Decimal("39.9")),
        ("quality", Decimal("40.0")),
        ("logistics", Decimal("10.0")),
        ("hr", None),
        ("design", Decimal("39.9")),
    ]
    assert rules.areas_to_strengthen(area_scores) == ["logistics", "production", "design"]


@given(st.lists(st.tuples(st.integers(), scores), max_size=10), scores)
def test_every_area_listed_is_below_the_threshold_and_none_is_missed(area_scores, threshold):
    listed = rules.areas_to_strengthen(area_scores, threshold)
    assert sorted(listed) == sorted(key for key, score in area_scores if score < threshold)


def test_it_points_to_the_audit_only_with_weak_areas_and_no_audit_taken():
    assert rules.audit_recommended(["production"], audit_taken=False) is True
    assert rules.audit_recommended(["production"], audit_taken=True) is False
    assert rules.audit_recommended([], audit_taken=False) is False
