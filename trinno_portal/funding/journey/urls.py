"""How a scheme's urls.py registers the shared applicant pages: the routes are the
scheme's own (its Italian paths), the names those of its Journey.urls, so that
reverse("audits:application_step", ...) keeps working wherever it is called."""

from django.urls import URLPattern, path

from trinno_portal.funding.journey import views
from trinno_portal.funding.schemes import scheme_for

_VIEWS = {
    "start": views.application_start,
    "step": views.application_step,
    "review": views.application_review,
    "detail": views.application_detail,
    "withdraw": views.application_withdraw,
    "answer": views.application_answer,
    "receipt": views.application_receipt,
}


def journey_patterns(scheme: str, **routes: str) -> list[URLPattern]:
    """journey_patterns("audit", detail="domanda/<int:pk>/", ...): one pattern per page
    given, named as the scheme's Journey.urls names it (without the namespace, which is
    the including app's)."""
    journey = scheme_for(scheme).journey
    if journey is None:
        raise LookupError(f"scheme {scheme!r} has no journey")
    patterns = []
    for page, route in routes.items():
        name = getattr(journey.urls, page)
        if not name:
            raise LookupError(f"scheme {scheme!r} names no {page!r} page")
        patterns.append(path(route, _VIEWS[page], {"scheme": scheme}, name=name.rpartition(":")[2]))
    return patterns
