"""What follows a submission, out of the submitting request: the receipt (its PDF and
e-mails, the scheme's `notifications["submit"]`) and the eligibility job. Written as
outbox rows in the submitting transaction (transitions.transition_run), done by the
outbox's Celery task (settings.OUTBOX_HANDLERS), so the click-day request holds the
protocol counter for as short as it can (docs/clickday.md)."""

from trinno_portal.funding.eligibility import application_evaluate_eligibility
from trinno_portal.funding.models import Application
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.outbox.services import outbox_put

TOPICS = ["funding.receipt", "funding.eligibility"]


def submission_followups_put(*, application: Application) -> None:
    outbox_put(topics=TOPICS, object_id=application.pk)


def submission_receipt_send(application_id: int) -> None:
    """The scheme's receipt; an exception leaves the outbox row to be retried."""
    application = Application.objects.select_related("call").get(pk=application_id)
    notify = scheme_for(application.scheme).notifications.get("submit")
    if notify is not None:
        notify(application)


def submission_eligibility(application_id: int) -> None:
    """Idempotent: the move out of "submitted" is guarded; a second run changes nothing."""
    application_evaluate_eligibility(application_id=application_id)
