"""Writes on applications: the workflow transitions, submission with its protocol
number, and budget commitment. Views, admin actions, tasks and commands all call these;
none of them takes a request.

Concurrency: every transition is one conditional UPDATE (status IN sources), so of two
simultaneous attempts exactly one wins and the other gets TransitionNotAllowed. Money
moves under row locks taken in a fixed order (call, then envelopes by id), so that no
two approvals can both see the same remaining budget.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User

from .models import Application, BudgetCommitment, Call, Envelope, ProtocolCounter, StatusChange
from .workflow import TRANSITIONS, Status


class FundingError(Exception):
    """A refused operation, with a message for the person who tried it."""


class TransitionNotAllowed(FundingError):
    pass


class StaleApplication(FundingError):
    """The application changed since the form was opened (another tab or person)."""


class BudgetExhausted(FundingError):
    pass


# Callbacks run after a transition commits, per transition name (e.g. "submit" queues
# the eligibility job). Scheme apps and the funding tasks register here.
_after_commit: dict[str, list[Callable[[Application], None]]] = {}


def on_transition(name: str, callback: Callable[[Application], None]) -> None:
    _after_commit.setdefault(name, []).append(callback)


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
    """
    t = TRANSITIONS[transition]
    if t.needs_reason and not reason.strip():
        raise FundingError(_("Please give a reason."))
    now = timezone.now()
    fields = {"status": t.target, "version": F("version") + 1, "updated_at": now}
    fields.update(extra or {})
    updated = Application.objects.filter(pk=application.pk, status__in=t.sources).update(**fields)
    if not updated:
        current = Application.objects.filter(pk=application.pk).values_list("status", flat=True)
        current_label = Status(current[0]).label if current else "?"
        raise TransitionNotAllowed(
            _("This application is now “%(status)s”: “%(action)s” is no longer possible.")
            % {"status": current_label, "action": t.label}
        )
    from_status = application.status
    StatusChange.objects.create(
        application=application,
        transition=transition,
        from_status=from_status,
        to_status=t.target,
        by=by,
        at=now,
        reason=reason.strip(),
    )
    application.refresh_from_db()
    for callback in _after_commit.get(transition, []):
        transaction.on_commit(lambda cb=callback, app=application: cb(app))
    return application


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


def protocol_assign(*, call: Call, at: dt.datetime) -> tuple[str, int, int]:
    """The next protocol number of a call for the year of `at`.

    Must run inside the submitting transaction: the counter row stays locked until the
    commit, so numbers are unique, and a rolled-back submission returns its number, so
    they are gapless.
    """
    year = timezone.localtime(at).year
    ProtocolCounter.objects.get_or_create(call=call, year=year)
    counter = ProtocolCounter.objects.select_for_update().get(call=call, year=year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    number = f"{call.protocol_prefix}-{year}-{counter.last_seq:06d}"
    return number, year, counter.last_seq


@transaction.atomic
def application_submit(
    *,
    application: Application,
    by: User,
    version: int,
    snapshot: dict | None = None,
) -> Application:
    """Submit a draft: one protocol number, once, whatever the number of clicks or tabs.

    `snapshot` holds the fields frozen at submission (province, size class, amounts).
    """
    at = timezone.now()
    # Lock the draft first: a second click waits here, then finds it submitted.
    locked = Application.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None or locked.status != Status.DRAFT:
        raise TransitionNotAllowed(_("This application has already been submitted."))
    if locked.version != version:
        raise StaleApplication(
            _(
                "This application was changed in another window. Reload the page and check "
                "it before submitting; nothing was submitted."
            )
        )
    number, year, seq = protocol_assign(call=application.call, at=at)
    extra = {
        "protocol_number": number,
        "protocol_year": year,
        "protocol_seq": seq,
        "submitted_at": at,
        **(snapshot or {}),
    }
    return application_transition(application=locked, transition="submit", by=by, extra=extra)


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
    short = [e for e in locked if e.available < amount]
    if call.available < amount or short:
        name = short[0].display_name if short else call.display_title
        raise BudgetExhausted(
            _("Not enough budget left in %(envelope)s for this grant.") % {"envelope": name}
        )
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
