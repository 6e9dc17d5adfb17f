"""Dates of the accessibility feedback (AgID, Linee guida sull'accessibilità degli
strumenti informatici, 2020, cap. 4: the body answers a report within 30 days; past
that the reporter may turn to the Difensore civico per il digitale, law 4/2004 art. 3-quinquies)."""

import datetime as dt

ANSWER_DAYS = 30


def report_due_on(received_on: dt.date) -> dt.date:
    """The last day to answer a report received on `received_on`."""
    return received_on + dt.timedelta(days=ANSWER_DAYS)


def report_overdue(*, due_on: dt.date, answered_on: dt.date | None, today: dt.date) -> bool:
    """Unanswered past its due date."""
    return answered_on is None and today > due_on
