"""The guarded move of any workflow: one conditional UPDATE and one history row.

Written once for every model with a status field and a history model of the shared
shape (funding.models.StatusHistory): the funding applications
(services.application_transition) and the training courses (vouchers/offer/services.py).
The tables themselves are data (trinno_portal/lib/workflow.py). What follows a move (due
dates, the eligibility job, notifications) is the caller's: transitions.transition_run
for the applications; every notification goes through notifications.notifications_queue.

The UPDATE only succeeds while the row is in one of the transition's sources, so of two
clicks, two tabs or two officers exactly one moves it and the other is refused.
"""

from typing import Any

from django.db import models
from django.utils import timezone

from trinno_portal.funding.models import StatusHistory
from trinno_portal.lib.workflow import Workflow


class MoveRefused(Exception):
    """The row is no longer in a source state of the transition (or is gone)."""

    def __init__(self, current: str | None) -> None:
        super().__init__(current)
        self.current = current


class ReasonRequired(Exception):
    """The transition needs a reason and none was given."""


def status_move(
    *,
    subject: models.Model,
    workflow: Workflow,
    transition: str,
    history: type[StatusHistory],
    by: Any,
    reason: str = "",
    extra: dict | None = None,
    status_field: str = "status",
    lock: bool = False,
) -> models.Model:
    """Move `subject` along `transition` of `workflow`, record it in `history`, and
    return `subject` refreshed; or raise ReasonRequired / MoveRefused, changing nothing.

    `extra`: further fields of the same UPDATE. The model has an `updated_at`, set here
    with the history's time. `lock`: read the status it moves from under a row lock
    (exact in the history even when the caller's copy is stale); without it the history
    takes the caller's copy, which saves a query where the caller has just read the row.
    Call inside a transaction: the UPDATE and the history row commit together.
    """
    t = workflow[transition]
    if t.needs_reason and not reason.strip():
        raise ReasonRequired
    model = type(subject)
    rows = model._default_manager.filter(pk=subject.pk)
    if lock:
        from_status = rows.select_for_update().values_list(status_field, flat=True).first()
    else:
        from_status = getattr(subject, status_field)
    now = timezone.now()
    fields = {status_field: t.target, "updated_at": now, **(extra or {})}
    if not rows.filter(**{f"{status_field}__in": t.sources}).update(**fields):
        raise MoveRefused(rows.values_list(status_field, flat=True).first())
    history.objects.create(
        **{history.subject_field: subject},
        transition=transition,
        from_status=from_status,
        to_status=t.target,
        by=by,
        at=now,
        reason=reason.strip(),
    )
    subject.refresh_from_db()
    return subject
