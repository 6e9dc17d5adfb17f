"""The legal clock (procedure/rules.py) against a day-by-day count."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.funding.workflow import Status
from trinno_portal.procedure.rules import (
    Move,
    Suspension,
    days_left,
    legal_deadline,
    suspensions_from,
)

START = dt.date(2026, 1, 10)
days = st.integers(min_value=0, max_value=200)
periods = st.lists(
    st.tuples(st.integers(-20, 300), st.integers(0, 60)).map(
        lambda p: Suspension(START + dt.timedelta(days=p[0]), START + dt.timedelta(p[0] + p[1]))
    ),
    max_size=5,
)


def _by_counting(start: dt.date, legal: int, suspensions: list[Suspension]) -> dt.date:
    """Walk day by day from `start`: a day counts unless a suspension covers it (the
    suspension [S, E) stops days S to E - 1); the deadline is the day after the last
    counted one, start + legal where nothing stopped."""
    stopped = {
        s.start + dt.timedelta(days=i) for s in suspensions for i in range((s.end - s.start).days)
    }
    day, counted = start, 0
    while counted < legal:
        if day not in stopped:
            counted += 1
        day += dt.timedelta(days=1)
    return day


def test_it_is_start_plus_the_days_without_suspensions():
    assert legal_deadline(START, 90, [], START) == dt.date(2026, 4, 10)


@given(legal=st.integers(1, 200), suspensions=periods)
def test_it_matches_a_day_by_day_count(legal, suspensions):
    assert legal_deadline(START, legal, suspensions, START) == _by_counting(
        START, legal, suspensions
    )


@given(legal=days, suspensions=periods)
def test_suspensions_only_ever_move_the_deadline_later(legal, suspensions):
    assert legal_deadline(START, legal, suspensions, START) >= START + dt.timedelta(days=legal)


@given(legal=days, suspensions=periods, cut=st.integers(0, 60))
def test_splitting_a_suspension_in_two_changes_nothing(legal, suspensions, cut):
    split = []
    for s in suspensions:
        middle = min(s.start + dt.timedelta(days=cut), s.end)
        split += [Suspension(s.start, middle), Suspension(middle, s.end)]
    assert legal_deadline(START, legal, split, START) == legal_deadline(
        START, legal, suspensions, START
    )


def test_an_open_suspension_runs_until_today():
    open_one = [Suspension(START + dt.timedelta(days=10), None)]
    today = START + dt.timedelta(days=25)
    deadline = legal_deadline(START, 90, open_one, today)
    assert deadline == START + dt.timedelta(days=105)
    assert days_left(deadline, today) == 80
    # Tomorrow the deadline moves with it: the days left stay 80.
    tomorrow = today + dt.timedelta(days=1)
    assert days_left(legal_deadline(START, 90, open_one, tomorrow), tomorrow) == 80


def test_it_reads_the_suspensions_from_the_history():
    d = lambda n: START + dt.timedelta(days=n)  # noqa: E731
    moves = [
        Move(d(0), Status.DRAFT, Status.SUBMITTED),
        Move(d(0), Status.SUBMITTED, Status.ELIGIBLE),
        Move(d(5), Status.ELIGIBLE, Status.INFO_REQUESTED),
        Move(d(9), Status.INFO_REQUESTED, Status.UNDER_ASSESSMENT),
        Move(d(20), Status.UNDER_ASSESSMENT, Status.PREAVVISO),
    ]
    assert suspensions_from(moves) == [Suspension(d(5), d(9)), Suspension(d(20), None)]
