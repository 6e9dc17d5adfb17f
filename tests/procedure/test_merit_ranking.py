"""The monthly ranking on the consolidated merit score: order, ties to the second, the
call's minimum, the committee's score; and the decree its approval issues."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.procedure.merit_support import make_evaluator, scored
from trinno_portal.funding.models import Application, Ranking
from trinno_portal.funding.ranking import (
    Candidate,
    rank,
    ranking_approve_funded,
    ranking_build,
    ranking_freeze,
)
from trinno_portal.procedure.merit import committee_score_record, evaluator_assign
from trinno_portal.procedure.models import ExclusionReason, RankingExclusion, ScoreMode

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _c(pk, score, seconds, grant=100, fundable=True):
    return Candidate(
        pk, Decimal(score), T0 + dt.timedelta(seconds=seconds), Decimal(grant), fundable
    )


def test_ties_go_to_the_earlier_second_then_to_the_protocol_order():
    late_in_second = _c(1, 70, 0.9)
    early_next_second = _c(2, 70, 1.1)
    same_second = _c(3, 70, 0.1)
    ranked = rank([early_next_second, late_in_second, same_second], Decimal(1000))
    # 1 and 3 were both submitted in the first second: the lower id first, though 3 came
    # 0.8 s earlier; 2 came in the next second.
    assert [r.candidate.application_id for r in ranked] == [1, 3, 2]


def test_who_cannot_be_funded_keeps_a_place_and_draws_no_budget_line():
    ranked = rank([_c(1, 90, 1), _c(2, 50, 2, fundable=False), _c(3, 40, 3)], Decimal(200))
    assert [(r.position, r.funded) for r in ranked] == [(1, True), (2, False), (3, True)]
    assert ranked[2].cumulative == Decimal(200)


candidates = st.lists(
    st.builds(
        _c,
        pk=st.integers(1, 10**6),
        score=st.integers(0, 100),
        seconds=st.floats(0, 5000, allow_nan=False),
        grant=st.integers(1, 20000),
        fundable=st.booleans(),
    ),
    max_size=30,
    unique_by=lambda c: c.application_id,
)


@given(candidates=candidates, available=st.integers(0, 200000))
def test_only_fundable_ones_are_funded_a_prefix_of_them_within_the_budget(candidates, available):
    ranked = rank(candidates, Decimal(available))
    funded = [r for r in ranked if r.funded]
    fundable = [r for r in ranked if r.candidate.fundable]
    assert all(r.candidate.fundable for r in funded)
    assert funded == fundable[: len(funded)]
    assert sum(r.candidate.grant for r in funded) <= available
    scores = [r.candidate.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


pytestmark_db = pytest.mark.django_db


@pytest.fixture
def month(eligible, procedure):
    """Four audit applications of this month on the call's merit: 80, 60, 50 (below the
    minimum of 55) and one nobody scored."""
    procedure.merit_threshold = Decimal("55")
    procedure.save()
    apps = [eligible() for _ in range(4)]
    first, second = make_evaluator(), make_evaluator()
    for application, (a, b) in zip(apps, [(8, 8), (7, 5), (5, 5)], strict=False):
        scored(application, first, a)
        scored(application, second, b)
    evaluator_assign(application=apps[3], evaluator=first)
    return apps


def _ranking(application) -> Ranking:
    return ranking_build(call=application.call, period_start=application.submitted_at.date())


@pytestmark_db
def test_it_ranks_on_the_mean_and_excludes_below_the_minimum_and_unscored(month):
    ranking = _ranking(month[0])
    entries = list(ranking.entries.order_by("position"))
    assert [e.application_id for e in entries] == [
        month[0].pk,
        month[1].pk,
        month[2].pk,
        month[3].pk,
    ]
    assert [e.score for e in entries] == [Decimal("80.00"), Decimal("60.00"), Decimal("50.00"), 0]
    assert [e.funded for e in entries] == [True, True, False, False]
    reasons = dict(RankingExclusion.objects.values_list("application_id", "reason"))
    assert reasons == {
        month[2].pk: ExclusionReason.BELOW_THRESHOLD,
        month[3].pk: ExclusionReason.NOT_SCORED,
    }
    # A rebuild keeps one row per exclusion.
    _ranking(month[0])
    assert RankingExclusion.objects.count() == 2


@pytestmark_db
def test_the_committees_score_orders_where_the_call_says_so(month, procedure, staff_user):
    procedure.score_mode = ScoreMode.COMMITTEE
    procedure.save()
    committee_score_record(application=month[3], score=Decimal("95"), note="", by=staff_user)
    ranking = _ranking(month[0])
    entries = list(ranking.entries.order_by("position"))
    assert entries[0].application_id == month[3].pk and entries[0].funded
    assert RankingExclusion.objects.filter(reason=ExclusionReason.NOT_SCORED).count() == 3


@pytestmark_db
def test_approving_issues_the_numbered_decree_once(month, staff_user):
    ranking = _ranking(month[0])
    ranking_freeze(ranking=ranking, by=staff_user)
    report = ranking_approve_funded(ranking=ranking, by=staff_user)
    # Two approved, then the two it does not fund rejected (test_ranking_decisions.py).
    assert [ok for _label, ok, _m in report] == [True, True, True, True]
    decree = ranking.decree
    assert (decree.number, decree.year) == (1, timezone.localdate().year)
    assert decree.legal_basis == month[0].call.legal_basis
    assert Application.objects.filter(pk=month[0].pk, approved_at__isnull=False).exists()
