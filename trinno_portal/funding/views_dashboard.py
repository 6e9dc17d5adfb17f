"""The applicant's dashboard across every scheme: one list, newest first."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from trinno_portal.funding.schemes import detail_url_names
from trinno_portal.funding.selectors import applications_visible_to, notifications_unread_count
from trinno_portal.funding.workflow import Status

PAGE = 50

# What the applicant has to do next, by status (None: the agency is on it).
_NEXT = {
    Status.DRAFT: "complete",
    Status.INFO_REQUESTED: "answer",
    Status.APPROVED: "start",
    Status.IN_PROGRESS: "report",
}


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    try:
        page = max(1, int(request.GET.get("pagina", 1)))
    except ValueError:
        page = 1
    # One row more than shown tells whether there is a next page, without counting.
    rows = list(
        applications_visible_to(request.user)
        .select_related("call", "enterprise", "person")
        .order_by("-created_at", "-id")[(page - 1) * PAGE : page * PAGE + 1]
    )
    urls = detail_url_names()
    items = [
        {
            "application": a,
            "url": reverse(urls[a.scheme], args=[a.pk]) if urls.get(a.scheme) else "",
            "next": _NEXT.get(a.status),
        }
        for a in rows[:PAGE]
    ]
    return render(
        request,
        "funding/my_applications.html",
        {
            "items": items,
            "page": page,
            "has_next": len(rows) > PAGE,
            # Here, not in the header: a count on every page would cost every page a query.
            "unread": notifications_unread_count(request.user),
        },
    )
