"""Writes on applications: the workflow transitions, submission with its protocol
number, and budget commitment. Views, admin actions, tasks and commands all call these;
none of them takes a request.

Concurrency: every transition is one conditional UPDATE (status IN sources), so of two
simultaneous attempts exactly one wins and the other gets TransitionNotAllowed. Money
moves under row locks taken in a fixed order (call, then envelopes by id), so that no
two approvals can both see the same remaining budget.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.accounts.rules import submission_refusal
from trinno_portal.funding.deadlines import due_date
from trinno_portal.funding.engine import MoveRefused, ReasonRequired, status_move
from trinno_portal.funding.models import (
    Application,
    BudgetCommitment,
    Call,
    Envelope,
    ProtocolCounter,
    StatusChange,
)
from trinno_portal.funding.rules import budget_refusal
from trinno_portal.funding.workflow import APPLICATION_WORKFLOW, TRANSITIONS, Status
from trinno_portal.lib.bulk import rows_insert
from trinno_portal.signatures.application_form import signed_form_problem


class FundingError(Exception):
    """A refused operation, with a message for the person who tried it."""


class TransitionNotAllowed(FundingError):
    pass


class StaleApplication(FundingError):
    """The application changed since the form was opened (another tab or person)."""


class BudgetExhausted(FundingError):
    pass


class ApplicantNotConfirmed(FundingError):
    """The company's legal representative is not proven yet: the draft stays a draft."""


@transaction.atomic
def application_transition(
    *,
    application: Application,
    transition: str,
    by: User | None,
    reason: str = "",
    extra: dict | None = None,
) -> Application:
    """Move an application along one transition of the workflow table, or refuse.

    `extra` are further fields set in the same UPDATE (protocol number, amounts...).
    The guarded move alone: callers go through transitions.transition_run, which adds
    what follows every move.
    """
    try:
        return status_move(
            subject=application,
            workflow=APPLICATION_WORKFLOW,
            transition=transition,
            history=StatusChange,
            by=by,
            reason=reason,
            extra={"version": F("version") + 1, **(extra or {})},
        )
    except ReasonRequired:
        raise FundingError(_("Please give a reason.")) from None
    except MoveRefused as refused:
        current_label = Status(refused.current).label if refused.current else "?"
        raise TransitionNotAllowed(
            _("This application is now “%(status)s”: “%(action)s” is no longer possible.")
            % {"status": current_label, "action": TRANSITIONS[transition].label}
        ) from None


@dataclass(frozen=True)
class Move:
    """One application's step in applications_transition_bulk."""

    application_id: int
    transition: str
    reason: str = ""
    # Further fields set in the same UPDATE, as application_transition's `extra`.
    extra: dict = field(default_factory=dict)


def applications_transition_bulk(*, moves: Sequence[Move], by: User | None) -> dict[int, str]:
    """Move many applications at once, each along its own transition, in three queries:
    lock the rows still in a source state, one UPDATE, one bulk_create of their status
    changes. Returns {id: new status} of the rows moved; the others (moved meanwhile by
    another run) are left alone, as application_transition would refuse them.

    Must run inside the caller's transaction: the row locks hold until its commit, so a
    concurrent application_transition (or another bulk run) on the same rows waits, then
    finds them moved and changes nothing.

    The due date of the work queue is set here, in the same UPDATE, from the same rule
    as transition_run's (the state is entered today); transitions.transitions_run_bulk
    adds the schemes' notifications.
    """
    if not moves:
        return {}
    transitions = {m.application_id: TRANSITIONS[m.transition] for m in moves}
    for m in moves:
        if transitions[m.application_id].needs_reason and not m.reason.strip():
            raise FundingError(_("Please give a reason."))
    # In id order, so that two bulk runs over overlapping ids cannot deadlock.
    locked = (
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=transitions)
        .order_by("pk")
        .values_list("pk", "status", "call__rules")
    )
    now = timezone.now()
    today = timezone.localdate(now)
    rows = {
        pk: (status, rules) for pk, status, rules in locked if status in transitions[pk].sources
    }
    moving = [m for m in moves if m.application_id in rows]
    if not moving:
        return {}

    targets = {m.application_id: transitions[m.application_id].target for m in moving}
    values = {
        m.application_id: {
            "status": targets[m.application_id],
            "due_on": due_date(targets[m.application_id], today, rows[m.application_id][1] or {}),
            **m.extra,
        }
        for m in moving
    }
    # The status guard again: the rows are locked, it costs nothing and states the rule.
    sources = set().union(*(transitions[pk].sources for pk in targets))
    updated = _update_per_row(values, sources=sources, now=now)
    if updated != len(targets):
        # Cannot happen under the locks; if it did, the log below would lie: roll back.
        raise RuntimeError(f"bulk transition moved {updated} of {len(targets)} applications")
    rows_insert(
        StatusChange,
        ("application_id", "transition", "from_status", "to_status", "by_id", "at", "reason"),
        (
            (
                m.application_id,
                m.transition,
                rows[m.application_id][0],
                targets[m.application_id],
                by.pk if by else None,
                now,
                m.reason.strip(),
            )
            for m in moving
        ),
    )
    return targets


def _update_per_row(values: dict[int, dict], *, sources: set[str], now: dt.datetime) -> int:
    """One UPDATE giving each application its own values (every row the same field
    names), only where the status is one of `sources`; version and updated_at move as in
    application_transition. Returns the number of rows updated."""
    names = sorted({name for row in values.values() for name in row})
    if connection.vendor == "postgresql":
        # A join with one array per column: Django's Case/When alternative below takes
        # ~1 ms a row to build, and PostgreSQL walks the whole CASE for every row.
        meta = Application._meta
        fields = [meta.get_field(name) for name in names]
        qn = connection.ops.quote_name
        ids = list(values)
        arrays = [
            [f.get_db_prep_save(values[pk].get(f.name), connection) for pk in ids] for f in fields
        ]
        columns = [qn(f.column) for f in fields]
        # Identifiers from the model's own meta, every value a parameter.
        sql = (
            f"UPDATE {qn(meta.db_table)} AS a SET "  # noqa: S608
            + ", ".join(f"{c} = v.{c}" for c in columns)
            + ", version = a.version + 1, updated_at = %s"
            + " FROM unnest(%s::bigint[], "
            + ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            + f") AS v(id, {', '.join(columns)})"
            + " WHERE a.id = v.id AND a.status = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [now, ids, *arrays, sorted(sources)])
            return cursor.rowcount

    def per_row(name: str) -> Case:
        output = Application._meta.get_field(name)
        return Case(
            *(
                When(pk=pk, then=Value(row[name], output_field=output))
                for pk, row in values.items()
                if name in row
            ),
            default=F(name),
            output_field=output,
        )

    return Application.objects.filter(pk__in=values, status__in=sources).update(
        version=F("version") + 1, updated_at=now, **{name: per_row(name) for name in names}
    )


def application_touch(*, application: Application, version: int) -> None:
    """Claim an edit of a draft: refuse if it changed since `version` was read.

    Call inside the transaction that saves the edit.
    """
    updated = Application.objects.filter(
        pk=application.pk, version=version, status=Status.DRAFT
    ).update(version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise StaleApplication(
            _(
                "This application was changed in another window or has already been "
                "submitted. Reload the page to see its current state; nothing was saved."
            )
        )
    application.version = version + 1


def application_lock(*, application: Application) -> Application | None:
    """Lock the draft's row until the end of the transaction, and read it again with its
    enterprise and its call. A submission takes it before its completeness check, so the
    documents and figures it checks are the ones it submits: a concurrent upload or
    deletion (funding/documents.py) waits, then finds the application submitted. The call
    is read in the same query, after the lock: its committed budget is as fresh as a
    separate read would be (only the application's row is locked)."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("enterprise", "call")
        .filter(pk=application.pk)
        .first()
    )


def protocol_assign(
    *, call: Call, at: dt.datetime, received: dt.datetime | None = None
) -> tuple[str, int, int, dt.datetime]:
    """The next protocol number of a call for the year of `at`, and the receipt time.

    Must run inside the submitting transaction, as its last write: the counter row stays
    locked until the commit, so numbers are unique, a rolled-back submission returns its
    number (gapless), and the receipt time, read while the lock is held, grows with the
    number (protocol order is arrival order, docs/decisions/0024-click-day.md). One
    statement in the usual case: on a click day every submission queues on this row.
    """
    year = timezone.localtime(at).year
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE funding_protocolcounter SET last_seq = last_seq + 1 "
                "WHERE call_id = %s AND year = %s RETURNING last_seq",
                [call.pk, year],
            )
            row = cursor.fetchone()
        if row:
            # `received`: the intake's arrival, already in order (funding/intake.py).
            received = received or timezone.now()
            return f"{call.protocol_prefix}-{year}-{row[0]:06d}", year, row[0], received
        # The call's first submission of the year; a concurrent one may create it too.
        ProtocolCounter.objects.get_or_create(call=call, year=year)
    raise RuntimeError("the protocol counter could not be created")


@transaction.atomic
def application_protocol_submit(
    *,
    application: Application,
    by: User,
    version: int,
    snapshot: dict | None = None,
    already_locked: bool = False,
    received_at: dt.datetime | None = None,
) -> Application:
    """Give a checked draft its protocol number and move it to "submitted", once.

    `snapshot` holds the fields frozen at submission (province, size class, amounts).
    Called by submission.application_submit, after the scheme's and the call's checks,
    with the row it has locked (`already_locked`: application_lock's read, not locked again).
    """
    from trinno_portal.funding.transitions import transition_run  # it imports this module

    # Lock the draft first: a second click waits here, then finds it submitted.
    locked = application if already_locked else application_lock(application=application)
    if locked is None or locked.status != Status.DRAFT:
        raise TransitionNotAllowed(_("This application has already been submitted."))
    refusal = submission_refusal(
        representative_status=locked.enterprise.representative_status
        if locked.enterprise_id
        else None
    )
    if refusal:
        raise ApplicantNotConfirmed(refusal)
    if locked.version != version:
        raise StaleApplication(
            _(
                "This application was changed in another window. Reload the page and check "
                "it before submitting; nothing was submitted."
            )
        )
    # The legal representative's signed application form, where the call requires it
    # (trinno_portal/signatures/application_form.py).
    unsigned = signed_form_problem(locked)
    if unsigned:
        raise FundingError(unsigned)
    call = locked.call  # the move's refresh forgets it
    moved = transition_run(
        application=locked, transition="submit", by=by, extra=dict(snapshot or {})
    )
    # The number last, so that the counter's lock is held for one UPDATE of the
    # application and the commit, not for the move, its history and its outbox rows.
    number, year, seq, received = protocol_assign(
        call=call, at=received_at or timezone.now(), received=received_at
    )
    fields = {
        "protocol_number": number,
        "protocol_year": year,
        "protocol_seq": seq,
        "submitted_at": received,
    }
    Application.objects.filter(pk=moved.pk).update(**fields)
    for name, value in fields.items():
        setattr(moved, name, value)
    return moved


def _locked_budget(call: Call, envelopes: Sequence[Envelope]) -> tuple[Call, list[Envelope]]:
    # Always call first, then envelopes by id: one order for everybody, so no deadlock.
    call = Call.objects.select_for_update().get(pk=call.pk)
    locked = list(
        Envelope.objects.select_for_update().filter(pk__in=[e.pk for e in envelopes]).order_by("pk")
    )
    return call, locked


@transaction.atomic
def budget_commit(
    *,
    application: Application,
    envelopes: Sequence[Envelope],
    amount: Decimal,
    by: User | None,
    reason: str,
) -> None:
    """Take `amount` from the call and from each envelope, or refuse if any is short."""
    if amount <= 0:
        raise FundingError(_("Nothing to commit."))
    call, locked = _locked_budget(application.call, envelopes)
    refusal = budget_refusal(
        amount,
        call=(call.display_title, call.available),
        envelopes=[(e.display_name, e.available) for e in locked],
    )
    if refusal:
        raise BudgetExhausted(refusal)
    Call.objects.filter(pk=call.pk).update(committed=F("committed") + amount)
    for envelope in locked:
        Envelope.objects.filter(pk=envelope.pk).update(committed=F("committed") + amount)
        BudgetCommitment.objects.create(
            application=application, envelope=envelope, amount=amount, by=by, reason=reason
        )


@transaction.atomic
def budget_release(
    *, application: Application, amount: Decimal, by: User | None, reason: str
) -> None:
    """Give back part of what an application committed (e.g. a lower final grant)."""
    if amount <= 0:
        return
    envelope_ids = set(application.commitments.values_list("envelope_id", flat=True))
    envelopes = list(Envelope.objects.filter(pk__in=envelope_ids))
    call, locked = _locked_budget(application.call, envelopes)
    Call.objects.filter(pk=call.pk).update(committed=F("committed") - amount)
    for envelope in locked:
        Envelope.objects.filter(pk=envelope.pk).update(committed=F("committed") - amount)
        BudgetCommitment.objects.create(
            application=application, envelope=envelope, amount=-amount, by=by, reason=reason
        )
