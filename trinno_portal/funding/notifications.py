"""E-mails a workflow sends, after the move that causes them has committed.

Every notification of a move, an application's (the scheme's `notifications`, queued by
transitions.transition_run) or a course's (vouchers/offer/services.py), is queued by
`notifications_queue` and sent by `notification_send`: one path to read. None takes a
request."""

import logging
from collections.abc import Callable, Mapping

from django.db import models, transaction

from trinno_portal.funding.models import Application, StatusChange
from trinno_portal.lib.email import send_templated_email
from trinno_portal.pec.services import pec_notice_queue

log = logging.getLogger(__name__)

Notify = Callable[[models.Model], object]


def notifications_queue(
    *, notifications: Mapping[str, Notify], transition: str, subject: models.Model
) -> None:
    """Queue the notification of `transition`, if the workflow sends one, for the commit
    of the transaction that moved `subject`: a rolled-back move tells nobody."""
    notify = notifications.get(transition)
    if notify is not None:
        transaction.on_commit(lambda: notification_send(notify, subject))
    # The legal notice of the same move goes by PEC too, from every origin of the move
    # (DPR 68/2005: a PEC is the equivalent of a registered letter with receipt).
    pec_notice_queue(transition=transition, subject=subject)


def notification_send(notify: Notify, subject: models.Model) -> None:
    """Send one notification; a mail server that fails must not undo or hide the change
    that was already committed: it is logged for the officers' mail checks."""
    try:
        notify(subject)
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception(
            "notification %s of %s %s failed", notify.__name__, subject._meta.model_name, subject.pk
        )


def application_recipients(application: Application) -> list[str]:
    """Who receives the news of an application: every member of the enterprise that
    applied, or the person who applied."""
    if application.enterprise_id:
        emails = application.enterprise.memberships.select_related("user").values_list(
            "user__email", flat=True
        )
    elif application.person_id:
        emails = [application.person.user.email]
    else:
        emails = []
    # One message per address, in a stable order.
    return sorted({e for e in emails if e})


def application_notify_info_requested(application: Application) -> int:
    """Tell the applicant that staff need more information, with the officer's request.

    Returns the number of recipients (0: nobody to write to).
    """
    recipients = application_recipients(application)
    if not recipients:
        return 0
    request = (
        StatusChange.objects.filter(application=application, transition="request_info")
        .order_by("-at", "-id")
        .first()
    )
    send_templated_email(
        template_prefix="emails/info_requested",
        context={
            "application": application,
            "call": application.call,
            "reason": request.reason if request else "",
            "due_days": application.call.rules.get("info_answer_days"),
        },
        to=recipients,
    )
    return len(recipients)
