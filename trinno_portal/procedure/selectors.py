"""Reads of the procedure: each application's officer and legal clock, one or a page."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from trinno_portal.funding.models import Application, StatusChange
from trinno_portal.procedure.models import CallProcedure
from trinno_portal.procedure.rules import (
    ENDED,
    SUSPENDING,
    Move,
    days_left,
    legal_deadline,
    suspensions_from,
)

# Law 241/1990 art. 2(2): thirty days where nothing else was laid down for the procedure.
DEFAULT_LEGAL_DAYS = 30


@dataclass(frozen=True)
class Clock:
    """The legal clock of one application as its pages show it."""

    procedure: CallProcedure | None
    deadline: dt.date | None
    days_left: int | None  # None: the procedure has not started or has ended
    suspended: bool


def _clock(
    application: Application,
    procedure: CallProcedure | None,
    moves: list[Move],
    today: dt.date,
) -> Clock:
    if application.submitted_at is None:
        return Clock(procedure, None, None, False)
    days = procedure.legal_days if procedure else DEFAULT_LEGAL_DAYS
    start = timezone.localdate(application.submitted_at)
    suspensions = suspensions_from(moves)
    deadline = legal_deadline(start, days, suspensions, today)
    running = application.status not in ENDED
    return Clock(
        procedure,
        deadline,
        days_left(deadline, today) if running else None,
        application.status in SUSPENDING,
    )


def clocks_for(
    applications: Sequence[Application], *, procedures: dict[int, CallProcedure] | None = None
) -> dict[int, Clock]:
    """The clocks of a page of applications in two queries, whatever its length (one,
    where the caller passes the calls' procedures it already read)."""
    if not applications:
        return {}
    today = timezone.localdate()
    if procedures is None:
        procedures = {
            p.call_id: p
            for p in CallProcedure.objects.filter(call_id__in={a.call_id for a in applications})
        }
    moves: dict[int, list[Move]] = defaultdict(list)
    # Only the moves into or out of a suspending state shape the clock.
    rows = (
        StatusChange.objects.filter(application_id__in=[a.pk for a in applications])
        .filter(Q(to_status__in=SUSPENDING) | Q(from_status__in=SUSPENDING))
        .order_by("at", "id")
        .values_list("application_id", "at", "from_status", "to_status")
    )
    for application_id, at, from_status, to_status in rows:
        moves[application_id].append(Move(timezone.localdate(at), from_status, to_status))
    return {a.pk: _clock(a, procedures.get(a.call_id), moves[a.pk], today) for a in applications}


def clocks_for_page(applications: Sequence[Application]) -> dict[int, Clock]:
    """The work queue's clocks: the legal days come with the rows themselves (annotated
    as `procedure_legal_days` by the queue's queryset), so only the history costs a
    query. The officer is not read: the list does not show it."""
    procedures = {
        a.call_id: CallProcedure(call_id=a.call_id, legal_days=a.procedure_legal_days)
        for a in applications
        if getattr(a, "procedure_legal_days", None) is not None
    }
    return clocks_for(applications, procedures=procedures)


def clock_for(application: Application) -> Clock:
    return clocks_for([application])[application.pk]


def call_procedure(call_id: int) -> CallProcedure | None:
    return CallProcedure.objects.filter(call_id=call_id).first()


def last_preavviso(application: Application) -> StatusChange | None:
    return (
        StatusChange.objects.filter(application=application, transition="send_preavviso")
        .order_by("-at", "-id")
        .first()
    )
