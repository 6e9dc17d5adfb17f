"""The eligibility evaluation: runs the scheme's rules on submitted applications and
stores every outcome with its message (in Italian and English) and legal reference.

One code path for one application (queued at submission) and for a batch (the sweep,
the bench): a constant number of queries per batch, whatever its size. The rules read
what the scheme's prefetch hook loaded for the whole batch.

Idempotent: it only acts on submitted applications, and the status change is a guarded
transition under row locks, so a job run twice (a retry, a worker restarted, the sweep
racing the job queued at submission) stores one result.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone, translation

from trinno_portal.funding.models import Application, Call, EligibilityOutcome
from trinno_portal.funding.schemes import Evaluation, scheme_for
from trinno_portal.funding.services import Move
from trinno_portal.funding.transitions import transitions_run_bulk
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.bulk import rows_insert

log = logging.getLogger(__name__)

# Applications per batch: about half a second of work on the 100,000 bench database
# (one transaction holding 500 row locks), and ~3,500 outcomes written at once.
BATCH_SIZE = 500


def _submitted_with_inputs(application_ids: Sequence[int]) -> list[Application]:
    applications = list(
        Application.objects.select_related("enterprise", "person").filter(
            pk__in=application_ids, status=Status.SUBMITTED
        )
    )
    # One instance per call, shared: a batch has a handful of calls, and each call's
    # row (its rules as JSON) and envelopes are then read once, not once per application.
    calls = Call.objects.in_bulk({a.call_id for a in applications})
    for application in applications:
        application.call = calls[application.call_id]
    by_scheme: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        by_scheme[application.scheme].append(application)
    for scheme, group in by_scheme.items():
        scheme_for(scheme).prefetch(group)
    return applications


def _evaluate(
    applications: Sequence[Application],
) -> dict[int, tuple[Evaluation, list[str]]]:
    """Each application's evaluation (messages in Italian) and its English messages.

    The rules build their messages already translated, so they run once per language;
    both runs read what the scheme's prefetch loaded, without a query.
    """
    italian = _evaluations_in("it", applications)
    english = _evaluations_in("en", [a for a in applications if a.pk in italian])
    return {
        pk: (evaluation, [o.message for o in english[pk].outcomes])
        for pk, evaluation in italian.items()
        if pk in english
    }


def _evaluations_in(language: str, applications: Sequence[Application]) -> dict[int, Evaluation]:
    """{id: evaluation} with the messages in `language`. One language switch for the
    batch, not one per application: switching costs as much as a rule."""
    evaluations = {}
    with translation.override(language):
        for application in applications:
            try:
                evaluations[application.pk] = scheme_for(application.scheme).evaluate(application)
            except Exception:
                # One broken application must not hold back the batch: it stays
                # submitted, the error is logged, and the sweep tries it again.
                log.exception("eligibility of application %s failed", application.pk)
    return evaluations


def applications_evaluate_eligibility(*, application_ids: Sequence[int]) -> dict[int, str]:
    """Evaluate the submitted applications among `application_ids`; the others are left
    alone. Returns {id: new status} of those this run moved."""
    moved: dict[int, str] = {}
    ids = list(application_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        moved.update(_evaluate_batch(ids[start : start + BATCH_SIZE]))
    return moved


def _evaluate_batch(application_ids: Sequence[int]) -> dict[int, str]:
    results = _evaluate(_submitted_with_inputs(application_ids))
    if not results:
        return {}
    now = timezone.now()
    moves = [
        Move(
            application_id=pk,
            transition="mark_eligible" if evaluation.passed else "mark_not_eligible",
            reason="; ".join(o.message for o in evaluation.outcomes if not o.passed),
            extra={
                "eligible_cost": evaluation.eligible_cost,
                "grant_amount": evaluation.grant,
                "eligibility_checked_at": now,
            },
        )
        for pk, (evaluation, _en) in results.items()
    ]
    with transaction.atomic():
        moved = transitions_run_bulk(moves=moves, by=None)
        # Outcomes only for the rows this run moved: another run's result stands.
        EligibilityOutcome.objects.filter(application_id__in=moved).delete()
        _outcomes_insert(
            (pk, o.rule, i, o.passed, o.message, en, o.params, o.legal_reference, now)
            for pk in moved
            for i, (o, en) in enumerate(zip(results[pk][0].outcomes, results[pk][1], strict=True))
        )
    skipped = len(results) - len(moved)
    if skipped:
        log.info("eligibility of %s applications already evaluated by another run", skipped)
    return moved


_OUTCOME_FIELDS = (
    "application_id",
    "rule",
    "position",
    "passed",
    "message",
    "message_en",
    "params",
    "legal_reference",
    "evaluated_at",
)


def _outcomes_insert(rows: Iterable[tuple]) -> None:
    """Store outcomes given as tuples of _OUTCOME_FIELDS (COPY on PostgreSQL: a batch
    writes ~3,500 of them; COPY goes round Django's query log, so the tests count the
    queries on SQLite only)."""
    rows_insert(EligibilityOutcome, _OUTCOME_FIELDS, rows)


def application_evaluate_eligibility(*, application_id: int) -> Application | None:
    """One application: a batch of one. Returns it as it is now (None if missing)."""
    applications_evaluate_eligibility(application_ids=[application_id])
    return Application.objects.filter(pk=application_id).first()
