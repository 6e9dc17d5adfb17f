"""The eligibility evaluation: runs the scheme's rules on a submitted application and
stores every outcome with its message (in Italian and English) and legal reference.

Idempotent: it only acts on a submitted application, and the status change is a guarded
transition, so a job run twice (a retry, a worker restarted) stores one result.
"""

import logging

from django.db import transaction
from django.utils import timezone, translation

from .models import Application, EligibilityOutcome
from .schemes import handler_for
from .services import TransitionNotAllowed, application_transition
from .workflow import Status

log = logging.getLogger(__name__)


def application_evaluate_eligibility(*, application_id: int) -> Application | None:
    application = (
        Application.objects.select_related("call", "enterprise", "person")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.status != Status.SUBMITTED:
        return application
    handler = handler_for(application.scheme)
    with translation.override("it"):
        evaluation = handler.evaluate(application)
    with translation.override("en"):
        messages_en = [o.message for o in handler.evaluate(application).outcomes]
    now = timezone.now()
    try:
        with transaction.atomic():
            EligibilityOutcome.objects.filter(application=application).delete()
            EligibilityOutcome.objects.bulk_create(
                EligibilityOutcome(
                    application=application,
                    rule=o.rule,
                    position=i,
                    passed=o.passed,
                    message=o.message,
                    message_en=en,
                    params=o.params,
                    legal_reference=o.legal_reference,
                    evaluated_at=now,
                )
                for i, (o, en) in enumerate(zip(evaluation.outcomes, messages_en, strict=True))
            )
            return application_transition(
                application=application,
                transition="mark_eligible" if evaluation.passed else "mark_not_eligible",
                by=None,
                reason="; ".join(o.message for o in evaluation.outcomes if not o.passed),
                extra={
                    "eligible_cost": evaluation.eligible_cost,
                    "grant_amount": evaluation.grant,
                    "eligibility_checked_at": now,
                },
            )
    except TransitionNotAllowed:
        # Another run got there first: its result stands.
        log.info("eligibility of application %s already evaluated", application_id)
        return Application.objects.get(pk=application_id)
