import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.pages.rules import report_due_on, report_overdue


@given(st.dates(max_value=dt.date(9000, 1, 1)))
def test_a_report_is_due_30_days_after_it_is_received(received):
    assert (report_due_on(received) - received).days == 30


def test_it_is_overdue_only_unanswered_after_the_due_date():
    due = dt.date(2026, 4, 9)
    assert not report_overdue(due_on=due, answered_on=None, today=due)
    assert report_overdue(due_on=due, answered_on=None, today=dt.date(2026, 4, 10))
    assert not report_overdue(due_on=due, answered_on=due, today=dt.date(2026, 5, 1))
