"""Pages of the innovation-services call for SMEs and the public: thin callers of the
services. The application's journey (steps, documents, review, its page, receipt) is
the shared one of trinno_portal/funding/journey/, described in catalogue/call/scheme.py."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalogue.call import rules as rules_call
from catalogue.call import selectors as selectors_call
from catalogue.call.scheme import JOURNEY
from catalogue.editions.models import Edition
from catalogue.editions.selectors import edition_in_force
from trinno_portal.accounts.selectors import enterprises_of
from trinno_portal.funding.models import Scheme
from trinno_portal.funding.submission import call_refusal


def _edition_or_none() -> Edition | None:
    try:
        return edition_in_force()
    except Edition.DoesNotExist:
        return None


# --- Public: the call ----------------------------------------------------------------


@require_GET
def call_detail(request: HttpRequest) -> HttpResponse:
    call = selectors_call.catalogue_call_open()
    enterprises = list(enterprises_of(request.user)) if request.user.is_authenticated else []
    return render(
        request,
        "catalogue/call/call_detail.html",
        {
            "call": call,
            "scheme": Scheme.CATALOGUE,
            "urls": JOURNEY.urls,
            "refusal": call_refusal(call, fresh=True) if call else None,
            "envelopes": list(call.envelopes.all()) if call else [],
            "edition": _edition_or_none(),
            "limits": rules_call.cost_limits(call.rules if call else {}),
            "enterprises": enterprises,
        },
    )


# --- The SME's applications ----------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/call/dashboard.html",
        {
            "applications": list(selectors_call.catalogue_applications_of(request.user)[:50]),
            "urls": JOURNEY.urls,
            "call": selectors_call.catalogue_call_open(),
            "enterprises": list(enterprises_of(request.user)),
        },
    )
