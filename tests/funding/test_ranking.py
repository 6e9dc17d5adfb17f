import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.funding.ranking import Candidate, month_bounds, rank

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _c(pk, grant, minutes, score=0):
    return Candidate(pk, Decimal(score), T0 + dt.timedelta(minutes=minutes), Decimal(grant))


def test_it_orders_by_score_then_submission_time():
    ranked = rank([_c(1, 100, 5), _c(2, 100, 1), _c(3, 100, 9, score=10)], Decimal(1000))
    assert [r.candidate.application_id for r in ranked] == [3, 2, 1]
    assert [r.position for r in ranked] == [1, 2, 3]


def test_it_draws_the_budget_line_where_money_runs_out():
    ranked = rank([_c(1, 4500, 1), _c(2, 4500, 2), _c(3, 1000, 3)], Decimal(9999))
    assert [r.funded for r in ranked] == [True, True, False]
    # The third would fit alone, but nobody below the line is funded.
    ranked = rank([_c(1, 4500, 1), _c(2, 6000, 2), _c(3, 1000, 3)], Decimal(9999))
    assert [r.funded for r in ranked] == [True, False, False]
    assert ranked[-1].cumulative == Decimal(11500)


candidates = st.lists(
    st.builds(
        _c,
        pk=st.integers(min_value=1, max_value=10**6),
        grant=st.integers(min_value=1, max_value=20000),
        minutes=st.integers(min_value=0, max_value=40000),
        score=st.integers(min_value=0, max_value=5),
    ),
    max_size=30,
    unique_by=lambda c: c.application_id,
)


@given(candidates=candidates, available=st.integers(min_value=0, max_value=200000))
def test_it_never_funds_beyond_the_budget_and_funds_a_prefix(candidates, available):
    ranked = rank(candidates, Decimal(available))
    funded = [r for r in ranked if r.funded]
    assert sum(r.candidate.grant for r in funded) <= available
    assert funded == ranked[: len(funded)]
    assert rank(list(reversed(candidates)), Decimal(available)) == ranked


def test_it_knows_the_bounds_of_a_month():
    assert month_bounds(dt.date(2024, 2, 17)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert month_bounds(dt.date(2026, 12, 5)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
