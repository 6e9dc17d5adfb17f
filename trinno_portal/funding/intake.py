"""The click day's intake: receive a submission in one short INSERT, number it after.

A call with an opening instant (`Call.submissions_open_at`) draws its applicants in the
same minute. Its submit request checks only what costs nothing (the instant, the status,
the version the applicant saw) and writes a `SubmissionIntake` row with the arrival time;
the applicant sees a waiting page with the place in the line. The numbering then takes
the intakes one after another in arrival order (`intake_drain`, the Celery task
`funding.intake_drain`): the whole submission (`submission.application_submit`: the
scheme's checks, the budget, the move, the number), with the arrival as the receipt
time. Numbers are therefore unique, gapless and in arrival order, and a refusal (the
budget ran out before this arrival's turn) keeps the draft and says why on the page.

Why: a whole submission costs about 40 ms of the web process, and 5,000 of them in the
first minute are more than two cores can do while they also answer; an intake costs a
few, so the rush is received at once and numbered as fast as the machine can
(docs/clickday.md, docs/decisions/0037-submission-intake.md).
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, IntakeState, SubmissionIntake
from trinno_portal.funding.opening import opening_refusal
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Status

log = logging.getLogger(__name__)

# Intakes numbered by one drain before it asks for the next: a worker is never held long.
DRAIN_LIMIT = 500
# How often a drain looks again whether a new rush is arriving (numbering_deferred).
DEFER_CHECK_EVERY = 50


def intake_takes(application: Application) -> bool:
    """Whether this application's submissions go through the intake: its call opens at an
    instant (a click day). Other calls submit in the request, as before."""
    return application.call.submissions_open_at is not None


def numbering_deferred(
    *,
    now: dt.datetime,
    newest: dt.datetime | None,
    oldest: dt.datetime | None,
    quiet: float,
    patience: float,
) -> bool:
    """Receiving comes first: while intakes are still arriving (the newest waiting one
    came less than `quiet` seconds ago) the numbering waits, so that the rush's requests
    have the machine; but it never keeps the oldest waiting one longer than `patience`
    seconds. Numbering one costs about twice what receiving it does, on the same cores
    (docs/performance.md, "The intake"). No wait with `quiet` 0 (eager tasks)."""
    if not quiet or newest is None or oldest is None:
        return False
    return (now - newest).total_seconds() < quiet and (now - oldest).total_seconds() < patience


def _numbering_deferred() -> bool:
    quiet = settings.CLICKDAY_INTAKE_QUIET_SECONDS if settle_seconds() else 0.0
    if not quiet:
        return False
    span = SubmissionIntake.objects.filter(state=IntakeState.WAITING).aggregate(
        newest=Max("received_at"), oldest=Min("received_at")
    )
    return numbering_deferred(
        now=timezone.now(),
        quiet=quiet,
        patience=settings.CLICKDAY_INTAKE_PATIENCE_SECONDS,
        **span,
    )


def settle_seconds() -> float:
    """How old an intake must be before it is numbered: an intake's INSERT commits a few
    milliseconds after its arrival time is read, so a younger one could still be passed by
    an earlier arrival that has not committed yet. None to wait for when tasks run in the
    request (the embedded default and the tests)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return 0.0
    return settings.CLICKDAY_INTAKE_SETTLE_SECONDS


def submission_intake_put(*, application: Application, by: User, version: int) -> SubmissionIntake:
    """Receive a submission, or refuse it at once for what costs nothing to check: too
    early, not a draft any more, changed in another window. A second click or tab while
    it waits finds the same intake."""
    now = timezone.now()
    early = opening_refusal(opens_at=application.call.submissions_open_at, now=now)
    if early:
        raise FundingError(early)
    if application.status != Status.DRAFT:
        raise FundingError(_("This application has already been submitted."))
    if application.version != version:
        raise FundingError(
            _(
                "This application was changed in another window. Reload the page and check "
                "it before submitting; nothing was submitted."
            )
        )
    try:
        with transaction.atomic():
            intake = SubmissionIntake.objects.create(
                application=application, by=by, version=version, received_at=now
            )
    except IntegrityError:
        intake = SubmissionIntake.objects.get(application=application, state=IntakeState.WAITING)
    intake_follow()
    return intake


def intake_follow() -> None:
    """What a new intake asks for: with eager tasks (the embedded default, the tests) the
    numbering runs now, in the request, so the applicant goes straight to the numbered
    application; otherwise a drain is queued once the intake commits."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        intake_drain()
    else:
        transaction.on_commit(intake_kick)


def intake_place(intake: SubmissionIntake) -> int:
    """The intake's place in the line: 1 is the next to be numbered. One line for every
    call, as `intake_drain` numbers them, so the count reads the index `intake_queue`
    alone; counted by call, through the applications, it cost more the longer the line,
    on every submission and every reload of the waiting page."""
    return (
        SubmissionIntake.objects.filter(
            state=IntakeState.WAITING, received_at__lte=intake.received_at
        ).count()
        if intake.state == IntakeState.WAITING
        else 0
    )


def after_drain(*, done: int, waiting: bool, settle: float) -> str:
    """What a drain that numbered `done` intakes asks for next: "again" (it stopped at its
    limit: more are due now), "later" (some are still too young to number, and their
    kicks found this drain queued), "receipts" (the line is empty: the outbox's receipts
    and eligibility jobs, which waited for it, OUTBOX_YIELDS_TO) or "nothing"."""
    if done >= DRAIN_LIMIT:
        return "again"
    if settle and waiting:
        return "later"
    return "receipts" if done else "nothing"


def intakes_waiting() -> bool:
    return SubmissionIntake.objects.filter(state=IntakeState.WAITING).exists()


def intake_drain(*, limit: int = DRAIN_LIMIT) -> int:
    """Number the waiting intakes in arrival order, each in its own transaction; returns
    how many were done. Two drains at once take turns on the oldest row's lock, so the
    numbers stay in arrival order whichever worker runs them."""
    from trinno_portal.funding.submission import application_submit  # it imports services

    done = 0
    while done < limit:
        if done % DEFER_CHECK_EVERY == 0 and _numbering_deferred():
            return done  # after_drain: "later", while some wait
        older_than = timezone.now() - dt.timedelta(seconds=settle_seconds())
        with transaction.atomic():
            intake = (
                SubmissionIntake.objects.select_for_update()
                .select_related("application__call", "by")
                .filter(state=IntakeState.WAITING, received_at__lte=older_than)
                .order_by("received_at", "id")
                .first()
            )
            if intake is None:
                return done
            _intake_number(intake, application_submit)
        done += 1
    return done


def _intake_number(intake: SubmissionIntake, application_submit) -> None:
    state, message = IntakeState.SUBMITTED, ""
    try:
        with transaction.atomic():
            application_submit(
                application=intake.application,
                by=intake.by,
                version=intake.version,
                received_at=intake.received_at,
            )
    except FundingError as exc:
        state, message = IntakeState.REFUSED, str(exc)
    except Exception:
        # Never hold the line behind one intake: refuse it, keep the draft, log it.
        log.exception("intake %s could not be numbered", intake.pk)
        state = IntakeState.REFUSED
        message = _(
            "Your application could not be processed: nothing was submitted. Send it again."
        )
    SubmissionIntake.objects.filter(pk=intake.pk).update(
        state=state, message=message, done_at=timezone.now()
    )
    intake.state, intake.message = state, message


def intake_kick() -> None:
    """Ask for a drain after the settling time (in the request when tasks run eagerly)."""
    from trinno_portal.funding.tasks import intake_kick_queue  # the task module imports this one

    intake_kick_queue(countdown=settle_seconds())
