"""Public pages of the outreach: events, registration, the registrant's own page (by the
link in the e-mails), the survey, materials, and the "chiedi informazioni" form."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinno_portal.lib.files import sanitize_filename
from trinno_portal.security.throttle import over_hourly_rate

from . import rules, selectors, services
from .forms import AdviceRequestForm, FeedbackForm, RegistrationForm
from .models import Channel, Material, Registration, RegistrationStatus
from .notifications import event_calendar as _calendar


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.events_split(now=timezone.now())
    return render(request, "outreach/event_list.html", {"upcoming": upcoming, "past": past})


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.events_public().select_related("activity"), pk=pk)
    user = request.user if request.user.is_authenticated else None
    form = RegistrationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                event=event,
                kind=data["kind"],
                full_name=data["full_name"],
                email=data["email"],
                province=data["province"],
                user=user,
                enterprise=data.get("enterprise"),
                company_name=data["company_name"],
                vat_number=data["vat_number"],
                supply_chain=data["supply_chain"],
                language=translation.get_language() or "it",
            )
        except services.OutreachRefused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if registration.status == RegistrationStatus.WAITING:
                messages.info(request, _("The event is full: you are on the waiting list."))
            else:
                messages.success(request, _("You are registered: a confirmation is on its way."))
            return redirect("outreach:registration_manage", token=registration.token)
    now = timezone.now()
    context = {
        "event": event,
        "form": form,
        "places_left": max(0, event.capacity - event.confirmed),
        "open": event.starts_at > now,
        "materials": list(event.materials.all()),
    }
    return render(request, "outreach/event_detail.html", context)


@require_GET
def event_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.events_public(), pk=pk)
    probe = Registration(event=event, language=translation.get_language() or "it")
    response = HttpResponse(_calendar(probe), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="evento.ics"'
    return response


@require_GET
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    material = get_object_or_404(Material, pk=pk, event__is_published=True)
    name = sanitize_filename(material.title, extension=".pdf")
    return FileResponse(
        material.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


def _by_token(token) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event"), token=token)


@require_http_methods(["GET", "POST"])
def registration_manage(request: HttpRequest, token) -> HttpResponse:
    """The registrant's page, reached by the unguessable link in the e-mails."""
    registration = _by_token(token)
    if request.method == "POST":
        # The participant promoted from the waiting list is told by e-mail.
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled."))
        return redirect("outreach:registration_manage", token=registration.token)
    now = timezone.now()
    context = {
        "registration": registration,
        "event": registration.event,
        "can_cancel": registration.status != RegistrationStatus.CANCELLED
        and registration.event.starts_at > now,
        "feedback_open": registration.status == RegistrationStatus.CONFIRMED
        and rules.feedback_open(ends_at=registration.event.ends_at, now=now),
    }
    return render(request, "outreach/registration.html", context)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token) -> HttpResponse:
    registration = _by_token(token)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(registration=registration, **form.cleaned_data)
        except services.OutreachRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect("outreach:registration_manage", token=registration.token)
    return render(request, "outreach/feedback.html", {"form": form, "registration": registration})


@require_http_methods(["GET", "POST"])
def advice_request(request: HttpRequest) -> HttpResponse:
    form = AdviceRequestForm(request.POST or None)
    if request.method == "POST":
        # At most ADVICE_FORM_RATE_PER_HOUR posts per client address and hour.
        if over_hourly_rate(
            request, scope="outreach:advice", per_hour=settings.ADVICE_FORM_RATE_PER_HOUR
        ):
            return render(request, "outreach/advice_throttled.html", status=429)
        if form.is_valid():
            services.advice_open(channel=Channel.WEB, **form.cleaned_data)
            messages.success(
                request, _("Thank you: our staff will answer you within a few working days.")
            )
            return redirect("outreach:advice_request")
    return render(request, "outreach/advice_request.html", {"form": form})
