"""The check-in at the door: a small page for a phone, staff only (anonymous visitors go
to the login page; anyone else gets a 404). Staff reach it only after their second factor
(trinno_portal/security/middleware.py: StaffMFARequiredMiddleware)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import CheckInSearchForm
from .models import Event, Registration


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not selectors.user_runs_events(request.user):
        raise Http404
    event = get_object_or_404(Event, pk=pk)
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=request.POST.get("registration") or 0, event=event
        )
        if services.registration_check_in(registration=registration, by=request.user):
            messages.success(
                request, _("%(name)s is checked in.") % {"name": registration.full_name}
            )
        else:
            messages.warning(
                request, _("%(name)s was already checked in.") % {"name": registration.full_name}
            )
        return redirect(f"{request.path}?q={request.POST.get('q', '')}")
    form = CheckInSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    rows = list(selectors.checkin_list(event=event, q=q))
    breakdown = selectors.participants_breakdown(event.registrations.all())
    return render(
        request,
        "outreach/check_in.html",
        {"event": event, "form": form, "rows": rows, "q": q, "breakdown": breakdown},
    )
