"""When an application that waits on someone is due: pure rules, no database.

Each state in which somebody owes the next move has a period, read from the call's rules
(Call.rules, a JSON object) with a default when the call says nothing. Days are calendar
days counted from the day the application entered the state (Europe/Rome); months are
calendar months (the same day of the month, or the month's last day).

| state            | next move owed by                  | call rule key             | default  |
|------------------|------------------------------------|---------------------------|----------|
| eligible         | staff: open the assessment         | proposal_days             | 15 days  |
| under_assessment | staff: assess, draft the proposal  | assessment_days, else     | 30 days  |
|                  |                                    | proposal_days             |          |
| info_requested   | applicant: answer                  | info_answer_days          | 10 days  |
| preavviso        | applicant: observations (10-bis)   | preavviso_answer_days     | 10 days  |
| ranked           | staff: decide                      | decision_days             | 30 days  |
| approved         | applicant: sign the letter         | letter_days               | 30 days  |
| in_progress      | applicant: carry out the project   | project_months            | 6 months |
| final_report     | staff: check the final report      | final_report_review_days  | 30 days  |
| monitoring       | staff: close after monitoring      | monitoring_months         | 6 months |

Drafts, submitted applications (the portal checks eligibility at once) and the final
states (not eligible, rejected, withdrawn, closed) wait on nobody: no due date.
The audit call (fixtures/calls_audit.json) sets proposal_days = 15 (seed, Activity 3:
"proposal drafted in 15 days"), info_answer_days = 10 and project_months = 6.
"""

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trinno_portal.funding.workflow import Status


@dataclass(frozen=True)
class Period:
    keys: tuple[str, ...]  # rule keys, first found wins
    default: int
    unit: str = "days"  # or "months"
    waits_on: str = "staff"  # or "applicant"


DEADLINES: dict[str, Period] = {
    Status.ELIGIBLE: Period(("proposal_days",), 15),
    Status.UNDER_ASSESSMENT: Period(("assessment_days", "proposal_days"), 30),
    Status.INFO_REQUESTED: Period(("info_answer_days",), 10, waits_on="applicant"),
    # Law 241/1990 art. 10-bis: ten days to answer a notice of intended rejection.
    Status.PREAVVISO: Period(("preavviso_answer_days",), 10, waits_on="applicant"),
    Status.RANKED: Period(("decision_days",), 30),
    Status.APPROVED: Period(("letter_days",), 30, waits_on="applicant"),
    Status.IN_PROGRESS: Period(("project_months",), 6, unit="months", waits_on="applicant"),
    Status.FINAL_REPORT: Period(("final_report_review_days",), 30),
    Status.MONITORING: Period(("monitoring_months",), 6, unit="months"),
}


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _amount(period: Period, rules: Mapping[str, Any]) -> int:
    for key in period.keys:
        value = rules.get(key)
        # A malformed rule must not hide the deadline: fall back to the default.
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
    return period.default


def due_date(status: str, entered_on: dt.date, rules: Mapping[str, Any]) -> dt.date | None:
    """The day by which the next move is owed, or None if the state waits on nobody."""
    period = DEADLINES.get(status)
    if period is None:
        return None
    amount = _amount(period, rules or {})
    if period.unit == "months":
        return add_months(entered_on, amount)
    return entered_on + dt.timedelta(days=amount)


def is_overdue(due_on: dt.date | None, today: dt.date) -> bool:
    return due_on is not None and due_on < today


def waits_on_staff(status: str) -> bool:
    period = DEADLINES.get(status)
    return period is not None and period.waits_on == "staff"
