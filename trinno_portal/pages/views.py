"""The accessibility statement with its feedback form, and the help page."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinno_portal.security.throttle import over_hourly_rate

from . import rules, selectors, services
from .forms import AccessibilityReportForm


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    form = AccessibilityReportForm(request.POST or None)
    if request.method == "POST":
        if over_hourly_rate(
            request,
            scope="pages:accessibility",
            per_hour=settings.ACCESSIBILITY_FORM_RATE_PER_HOUR,
        ):
            return render(request, "pages/accessibility_throttled.html", status=429)
        if form.is_valid():
            services.accessibility_report_create(
                language=translation.get_language() or "it", **form.cleaned_data
            )
            messages.success(
                request,
                _("Thank you: your report has reached our staff, who answer within %(days)s days.")
                % {"days": rules.ANSWER_DAYS},
            )
            return redirect("pages:accessibility")
    context = {
        "statement": selectors.accessibility_statement(),
        "form": form,
        "answer_days": rules.ANSWER_DAYS,
        "default_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
    }
    return render(request, "pages/accessibility.html", context)


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    context = {
        "faqs": list(selectors.faqs_published()),
        "contacts": selectors.agency_contacts(),
    }
    return render(request, "pages/help.html", context)
