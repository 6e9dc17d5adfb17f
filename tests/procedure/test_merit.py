"""The merit evaluation: the arithmetic (hypothesis) and the evaluator's sheet."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import UserFactory
from trinno_portal.funding.services import FundingError
from trinno_portal.procedure.merit import (
    EVALUATOR_GROUP,
    application_merit_score,
    assignment_for,
    call_criteria_ensure,
    conflict_declare,
    evaluator_assign,
    score_sheet_save,
)
from trinno_portal.procedure.merit_rules import (
    Criterion,
    consolidated_score,
    fundable,
    sheet_score,
)

CRITERIA = [
    Criterion("a", Decimal("40"), 10),
    Criterion("b", Decimal("35"), 5),
    Criterion("c", Decimal("25"), 10),
]
sheets = st.fixed_dictionaries(
    {"a": st.integers(0, 10), "b": st.integers(0, 5), "c": st.integers(0, 10)}
)


@given(scores=sheets)
def test_a_sheet_scores_between_zero_and_the_weights_sum(scores):
    assert Decimal(0) <= sheet_score(CRITERIA, scores) <= Decimal(100)


def test_full_marks_give_the_weights_sum_and_a_missing_criterion_none():
    assert sheet_score(CRITERIA, {"a": 10, "b": 5, "c": 10}) == Decimal("100.00")
    assert sheet_score(CRITERIA, {"a": 10, "b": 5}) is None


@given(first=sheets, second=sheets)
def test_the_mean_lies_between_the_sheets(first, second):
    a, b = sheet_score(CRITERIA, first), sheet_score(CRITERIA, second)
    mean = consolidated_score([a, b, None])
    assert min(a, b) <= mean <= max(a, b)


def test_the_committee_score_wins_and_the_threshold_decides():
    assert consolidated_score([Decimal(10)], agreed=Decimal(70), committee=True) == 70
    assert fundable(Decimal("60.00"), Decimal("60"))
    assert not fundable(Decimal("59.99"), Decimal("60"))
    assert not fundable(None, None)


def _evaluator():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=EVALUATOR_GROUP)[0])
    return user


@pytest.mark.django_db
def test_two_evaluators_score_and_the_mean_is_the_score(eligible, procedure):
    application = eligible()
    criteria = call_criteria_ensure(call=application.call)
    assert [c.code for c in criteria] == ["maturity", "plan", "impact"]
    first, second = _evaluator(), _evaluator()
    a1 = evaluator_assign(application=application, evaluator=first)
    a2 = evaluator_assign(application=application, evaluator=second)
    full = {c.pk: (10, "Ottimo.") for c in criteria}
    with pytest.raises(FundingError, match="conflitto|conflict"):
        score_sheet_save(assignment=a1, scores=full)
    conflict_declare(assignment=a1)
    with pytest.raises(FundingError):
        score_sheet_save(assignment=a1, scores={**full, criteria[0].pk: (11, "Troppo.")})
    with pytest.raises(FundingError):
        score_sheet_save(assignment=a1, scores={**full, criteria[1].pk: (5, " ")})
    assert not a1.scores.exists()
    score_sheet_save(assignment=a1, scores=full)
    conflict_declare(assignment=a2)
    score_sheet_save(assignment=a2, scores={c.pk: (5, "Discreto.") for c in criteria})
    assert application_merit_score(application) == Decimal("75.00")


@pytest.mark.django_db
def test_an_evaluator_sees_only_what_they_are_assigned(eligible):
    application = eligible()
    evaluator_assign(application=application, evaluator=_evaluator())
    with pytest.raises(Http404):
        assignment_for(_evaluator(), application.pk)
    with pytest.raises(FundingError):
        evaluator_assign(application=application, evaluator=UserFactory())
