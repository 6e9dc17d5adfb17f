"""Celery tasks of the shared machinery: thin callers of services, taking ids."""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone
from kombu.exceptions import OperationalError

from trinno_portal.accounts.models import User
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.eligibility import (
    BATCH_SIZE,
    application_evaluate_eligibility,
    applications_evaluate_eligibility,
)
from trinno_portal.funding.models import Application
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Status

log = logging.getLogger(__name__)


@shared_task(name="funding.evaluate_eligibility", autoretry_for=(ConnectionError,), max_retries=5)
def evaluate_eligibility(application_id: int) -> str | None:
    application = application_evaluate_eligibility(application_id=application_id)
    return application.status if application else None


@shared_task(
    name="funding.evaluate_eligibility_batch", autoretry_for=(ConnectionError,), max_retries=5
)
def evaluate_eligibility_batch(application_ids: list[int]) -> int:
    """Evaluate up to ~500 submitted applications in one job; returns how many it moved."""
    return len(applications_evaluate_eligibility(application_ids=application_ids))


@shared_task(name="funding.sweep_pending_eligibility")
def sweep_pending_eligibility(older_than_seconds: int = 120) -> int:
    """Evaluate submitted applications whose job never ran (the broker was down at
    submission, or the job was lost): nothing submitted waits for ever."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    ids = list(
        Application.objects.filter(status=Status.SUBMITTED, submitted_at__lt=cutoff)
        .order_by("submitted_at")
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    applications_evaluate_eligibility(application_ids=ids)
    return len(ids)


def queue_eligibility(application: Application) -> None:
    """Queue the evaluation after the submission commits; if the broker is down, the
    sweep picks it up later: the submission itself has already succeeded."""
    try:
        evaluate_eligibility.delay(application.pk)
    except OperationalError:  # the broker is down: the submission must still succeed
        log.warning("could not queue eligibility of %s; the sweep will", application.pk)


@shared_task(name="funding.application_act")
def application_act_task(
    application_ids: list[int], transition: str, user_id: int | None, actor: str, reason: str = ""
) -> dict[int, str]:
    """One workflow action on each application, through the one dispatcher, as the
    admin's bulk action does: each in its own transaction, a refusal skipping that
    application only. Returns {id: the status reached, or the refusal}."""
    by = User.objects.get(pk=user_id) if user_id is not None else None
    done: dict[int, str] = {}
    applications = Application.objects.filter(pk__in=application_ids).select_related("call")
    for application in applications.order_by("submitted_at", "pk"):
        try:
            moved = application_act(
                application=application, transition=transition, by=by, actor=actor, reason=reason
            )
        except FundingError as exc:
            done[application.pk] = str(exc)
            continue
        done[application.pk] = moved.status
    return done


@shared_task(name="funding.monthly_rankings")
def monthly_rankings(day: str | None = None) -> list[int]:
    """Build the preview of last month's ranking for every open call with monthly
    rankings. Staff review, freeze and approve it in the admin. Idempotent: a preview is
    rebuilt, a frozen ranking is left alone."""
    from trinno_portal.funding.models import Call, RankingFrequency, RankingState
    from trinno_portal.funding.ranking import month_bounds, ranking_build

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    last_month, _end = month_bounds(today.replace(day=1) - dt.timedelta(days=1))
    built = []
    for call in Call.objects.filter(ranking_frequency=RankingFrequency.MONTHLY):
        if not call.is_open_on(last_month) and not call.is_open_on(today):
            continue
        frozen = call.rankings.filter(period_start=last_month).exclude(state=RankingState.PREVIEW)
        if not frozen.exists():
            built.append(ranking_build(call=call, period_start=last_month).pk)
    return built


# One intake drain queued at a time, as the outbox's (outbox/tasks.py): thousands of
# intakes in a minute ask for a handful of drains. The key lives a few seconds, so a drain
# lost with a worker never silences the kicks for long (and beat's minute drain runs).
INTAKE_KICK_KEY = "funding:intake-drain-queued"
INTAKE_KICK_TTL_SECONDS = 10


@shared_task(name="funding.intake_drain", autoretry_for=(ConnectionError,), max_retries=5)
def intake_drain_task() -> int:
    from django.core.cache import cache

    from trinno_portal.funding.intake import (
        after_drain,
        intake_drain,
        intakes_waiting,
        settle_seconds,
    )

    # Cleared before the rows are read: an intake committed from now on kicks a new drain.
    cache.delete(INTAKE_KICK_KEY)
    done = intake_drain()
    follow = after_drain(done=done, waiting=intakes_waiting(), settle=settle_seconds())
    if follow == "again":
        intake_kick_queue(countdown=0)
    elif follow == "later":
        intake_kick_queue(countdown=settle_seconds())
    elif follow == "receipts":
        from trinno_portal.outbox.tasks import outbox_kick

        outbox_kick()
    return done


def intake_kick_queue(*, countdown: float) -> None:
    """Queue a drain in `countdown` seconds unless one is queued; if the broker is down,
    beat's minute drain numbers the intakes."""
    from django.core.cache import cache

    if not cache.add(INTAKE_KICK_KEY, 1, timeout=INTAKE_KICK_TTL_SECONDS):
        return
    try:
        intake_drain_task.apply_async(countdown=countdown)
    except OperationalError:
        cache.delete(INTAKE_KICK_KEY)
        log.warning("could not queue the intake drain; the periodic one will")
