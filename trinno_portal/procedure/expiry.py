"""Replies nobody gave by their deadline: the soccorso istruttorio (law 241/1990 art.
6(1)(b)) and the notice of intended rejection (art. 10-bis). The clock starts again and
the assessment goes on with what is on file, with the reason in the status history."""

import datetime as dt

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy

from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import Application
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Actor, Status

BATCH = 500

EXPIRING = (
    (
        Status.INFO_REQUESTED,
        "expire_info",
        gettext_lazy(
            "No answer to the request for information by %(date)s: the assessment goes on "
            "with the documents on file."
        ),
    ),
    (
        Status.PREAVVISO,
        "expire_preavviso",
        gettext_lazy(
            "No observations on the notice of intended rejection by %(date)s: the decision "
            "is taken on the documents on file."
        ),
    ),
)


def replies_expire(*, today: dt.date | None = None) -> dict[int, str]:
    """Close every request whose reply deadline (Application.due_on, funding/deadlines.py)
    passed before `today`. Returns {application id: transition made}. Each move is its
    own guarded transaction: one answered meanwhile is refused and skipped."""
    today = today or timezone.localdate()
    done: dict[int, str] = {}
    for status, transition, message in EXPIRING:
        due = Application.objects.filter(status=status, due_on__lt=today).order_by("due_on", "pk")
        for application in due.select_related("call")[:BATCH]:
            with translation.override(settings.LANGUAGE_CODE):
                reason = str(message) % {
                    "date": formats.date_format(application.due_on, "SHORT_DATE_FORMAT")
                }
            try:
                application_act(
                    application=application,
                    transition=transition,
                    by=None,
                    actor=Actor.SYSTEM,
                    reason=reason,
                )
            except FundingError:
                continue
            done[application.pk] = transition
    return done
