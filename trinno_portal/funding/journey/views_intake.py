"""The click day's submit and waiting page (funding/intake.py): the POST records the
arrival and answers at once with the waiting page; that page shows the place in the line,
refreshes itself, and goes on to the application once it has its number (or back to the
draft, with the reason, if it was refused)."""

import random

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trinno_portal.funding.intake import intake_place, submission_intake_put
from trinno_portal.funding.models import Application, IntakeState, SubmissionIntake
from trinno_portal.funding.schemes import Journey, scheme_for
from trinno_portal.funding.services import FundingError

# Seconds between two reloads of the waiting page, by the place in the line: the first
# ones soon, the far ones rarely. Measured on the 2-core bench machine: 5,000 pages reloaded
# every 3 s were 1,600 requests a second, more than the receiving and the numbering left
# the web processes; by the place, the line costs a few dozen a second
# (docs/performance.md, click day). The numbering does at least 5 a second there.
REFRESH_MIN_SECONDS = 3
REFRESH_MAX_SECONDS = 120
NUMBERED_PER_SECOND_AT_LEAST = 5
# Each page's wait is drawn within a quarter of that: the rush arrives in one minute, and
# pages that all reloaded after the same wait came back together, to find their numbers
# and open their applications at once, and every other page waited behind them (the
# catalogue's p95 went from 0.4 s to 14 s a minute after the opening: docs/performance.md).
REFRESH_SPREAD = 0.25


def refresh_seconds(place: int, draw: float = 0.5) -> int:
    """When the waiting page reloads: about when its turn may come, within 3 and 120 s,
    spread by `draw` (0 to 1: from a quarter earlier to a quarter later)."""
    base = max(REFRESH_MIN_SECONDS, min(REFRESH_MAX_SECONDS, place // NUMBERED_PER_SECOND_AT_LEAST))
    return max(REFRESH_MIN_SECONDS, round(base * (1 + REFRESH_SPREAD * (2 * draw - 1))))


def intake_receive(
    request: HttpRequest, journey: Journey, application: Application, version: int
) -> HttpResponse:
    """The review page's POST for a call with an opening instant."""
    try:
        intake = submission_intake_put(application=application, by=request.user, version=version)
    except FundingError as exc:
        messages.error(request, str(exc))
        return redirect(journey.urls.review, pk=application.pk)
    if settings.CELERY_TASK_ALWAYS_EAGER:  # numbered already, in this request
        intake.refresh_from_db(fields=["state", "message"])
    if intake.state != IntakeState.WAITING:
        return _intake_done(request, journey, intake)
    # The waiting page itself, not a redirect to it: one request less per arrival in the
    # rush. It reloads at its own address by GET; a reload of this answer sends the form
    # again, which finds the same intake (submission_intake_put).
    return _waiting_page(request, intake)


def _waiting_page(request: HttpRequest, intake: SubmissionIntake) -> HttpResponse:
    place = intake_place(intake)
    refresh = refresh_seconds(place, random.random())  # noqa: S311 - spreading load
    url = reverse("funding:intake_wait", args=[intake.pk])
    response = render(
        request,
        "funding/journey/waiting.html",
        {"intake": intake, "place": place, "refresh": refresh, "url": url},
    )
    response["Refresh"] = f"{refresh}; url={url}"
    response["Cache-Control"] = "no-store"
    return response


def submitted_redirect(
    request: HttpRequest, journey: Journey, application: Application
) -> HttpResponse:
    """The application page, with its protocol number said once: after a submission in
    the request (journey/views.py) or through the intake."""
    messages.success(
        request,
        _("Application submitted: protocol number %(number)s.")
        % {"number": application.protocol_number},
    )
    return redirect(journey.urls.detail, pk=application.pk)


def _intake_done(request: HttpRequest, journey: Journey, intake: SubmissionIntake) -> HttpResponse:
    application = intake.application
    if intake.state == IntakeState.SUBMITTED:
        application.refresh_from_db(fields=["protocol_number"])
        return submitted_redirect(request, journey, application)
    messages.error(request, intake.message)
    return redirect(journey.urls.review, pk=application.pk)


@login_required
@require_GET
def intake_wait(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the one who sent it sees it (404 otherwise, as every object of the portal)."""
    intake = (
        SubmissionIntake.objects.select_related("application__call")
        .filter(pk=pk, by=request.user)
        .first()
    )
    if intake is None:
        raise Http404
    journey = scheme_for(intake.application.scheme).journey
    if journey is None:
        raise Http404
    if intake.state != IntakeState.WAITING:
        return _intake_done(request, journey, intake)
    return _waiting_page(request, intake)
