import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.funding.deadlines import DEADLINES, add_months, due_date, is_overdue
from trinno_portal.funding.workflow import Status

AUDIT_RULES = {"proposal_days": 15, "info_answer_days": 10, "project_months": 6}
DAY = dt.date(2026, 3, 2)


def test_it_gives_the_audit_proposal_15_days_and_the_applicant_10_to_answer():
    assert due_date(Status.ELIGIBLE, DAY, AUDIT_RULES) == dt.date(2026, 3, 17)
    assert due_date(Status.UNDER_ASSESSMENT, DAY, AUDIT_RULES) == dt.date(2026, 3, 17)
    assert due_date(Status.INFO_REQUESTED, DAY, AUDIT_RULES) == dt.date(2026, 3, 12)
    assert due_date(Status.IN_PROGRESS, DAY, AUDIT_RULES) == dt.date(2026, 9, 2)


def test_it_falls_back_to_the_defaults_when_the_call_says_nothing_or_nonsense():
    assert due_date(Status.UNDER_ASSESSMENT, DAY, {}) == DAY + dt.timedelta(days=30)
    assert due_date(
        Status.INFO_REQUESTED, DAY, {"info_answer_days": "dieci"}
    ) == DAY + dt.timedelta(days=10)
    assert due_date(Status.INFO_REQUESTED, DAY, {"info_answer_days": True}) == DAY + dt.timedelta(
        days=10
    )
    assert due_date(Status.INFO_REQUESTED, DAY, {"info_answer_days": "7"}) == DAY + dt.timedelta(
        days=7
    )


def test_it_gives_no_due_date_to_states_that_wait_on_nobody():
    for status in [Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.CLOSED]:
        assert due_date(status, DAY, AUDIT_RULES) is None


def test_it_adds_months_to_the_last_day_of_a_short_month():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


def test_it_calls_overdue_only_what_is_past_its_day():
    assert is_overdue(dt.date(2026, 3, 1), DAY)
    assert not is_overdue(DAY, DAY)
    assert not is_overdue(None, DAY)


@given(
    status=st.sampled_from(list(DEADLINES)),
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    days=st.integers(min_value=0, max_value=400),
)
def test_it_never_puts_a_due_date_before_the_day_the_state_began(status, day, days):
    rules = {key: days for key in DEADLINES[status].keys}
    due = due_date(status, day, rules)
    assert due is not None and due >= day
    # A longer period never gives an earlier date.
    longer = due_date(status, day, {key: days + 1 for key in DEADLINES[status].keys})
    assert longer >= due
