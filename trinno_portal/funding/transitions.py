"""A move along the workflow and what always follows it, wherever it was asked from.

`transition_run` is the only writer of a status outside bulk jobs: the guarded UPDATE
with its StatusChange (services.application_transition), the due date of the state
reached (the work queue's), and, once the transaction commits, the scheme's notification
for that transition (notifications.notifications_queue, the courses' path too) and, after
a submission, the eligibility job. The dispatcher
(dispatch.py) and the schemes' own services call it; nothing registers callbacks.
"""

from collections.abc import Sequence

from django.utils import timezone

from trinno_portal.accounts.models import User
from trinno_portal.funding.deadlines import due_date
from trinno_portal.funding.models import Application
from trinno_portal.funding.notifications import notifications_queue
from trinno_portal.funding.schemes import scheme_for, schemes
from trinno_portal.funding.services import (
    Move,
    application_transition,
    applications_transition_bulk,
)
from trinno_portal.funding.workflow import TRANSITIONS


def transition_run(
    *,
    application: Application,
    transition: str,
    by: User | None,
    reason: str = "",
    extra: dict | None = None,
) -> Application:
    """Move `application` along `transition` (or refuse), with the due date of the state
    it enters, and queue what follows on commit. `extra`: further fields of the same UPDATE.

    The state is entered now, so its due date is known before the move and goes into the
    move's own UPDATE (as in applications_transition_bulk): no query of the history after
    it, which matters on a click day, when every submission passes here."""
    target = TRANSITIONS[transition].target
    due = due_date(target, timezone.localdate(), application.call.rules or {})
    application = application_transition(
        application=application,
        transition=transition,
        by=by,
        reason=reason,
        extra={"due_on": due, **(extra or {})},
    )
    _after_commit(application, transition)
    return application


def transitions_run_bulk(*, moves: Sequence[Move], by: User | None) -> dict[int, str]:
    """Many moves at once (the eligibility job): the same effects as transition_run,
    the due dates in the bulk UPDATE itself (services.applications_transition_bulk).
    The notifications cost one query for the batch, and none where no scheme sends one
    for these transitions."""
    moved = applications_transition_bulk(moves=moves, by=by)
    wanted = {m.application_id: m.transition for m in moves if m.application_id in moved}
    names = set(wanted.values())
    if not any(names & set(s.notifications) for s in schemes()):
        return moved
    for application in Application.objects.filter(pk__in=wanted):
        _after_commit(application, wanted[application.pk])
    return moved


def _after_commit(application: Application, transition: str) -> None:
    if transition == "submit":
        # Imported here: the eligibility job moves statuses through this module.
        from trinno_portal.funding.after_submit import submission_followups_put

        # The receipt and the eligibility job as outbox rows of this transaction: a
        # rolled-back submission leaves none, a lost worker leaves them for the next drain.
        submission_followups_put(application=application)
        return
    notifications_queue(
        notifications=scheme_for(application.scheme).notifications,
        transition=transition,
        subject=application,
    )
