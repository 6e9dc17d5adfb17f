"""The privacy notice, the owner's JSON downloads, and erasure for staff."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinno_portal.accounts import selectors as account_selectors
from trinno_portal.accounts.models import Enterprise, Person
from trinno_portal.accounts.roles import Role

from . import services
from .retention import retention_days


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    enterprises = (
        list(account_selectors.enterprises_of(request.user))
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "privacy/privacy.html",
        {"enterprises": enterprises, "retention_days": retention_days()},
    )


def _json_download(data: dict, name: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return _json_download(services.person_data_export(user=request.user), "trinno-my-data")


@login_required
@require_GET
def enterprise_data(request: HttpRequest, pk: int) -> HttpResponse:
    # Members only (404 otherwise), through the same selector as the profile page.
    enterprise = account_selectors.enterprise_for_user(request.user, pk)
    return _json_download(
        services.enterprise_data_export(enterprise=enterprise), f"trinno-enterprise-{pk}"
    )


def _may_erase(user) -> bool:
    # Arezzo Innovazione handles erasure requests; officials are read-only.
    return (
        user.is_authenticated
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=Role.AGENCY_STAFF).exists())
    )


def _erase_view(request: HttpRequest, subject, erase, kind: str) -> HttpResponse:
    if request.method == "POST":
        erase()
        messages.success(request, _("The personal data were anonymised."))
        return redirect("privacy:privacy")
    return render(request, "privacy/erase_confirm.html", {"subject": subject, "kind": kind})


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_erase(request.user):
        raise Http404
    person = get_object_or_404(Person, pk=pk)
    return _erase_view(request, person, lambda: services.person_erase(person=person), _("person"))


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_erase(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_erase(request.user):
        raise Http404
    enterprise = get_object_or_404(Enterprise, pk=pk)
    return _erase_view(
        request,
        enterprise,
        lambda: services.enterprise_erase(enterprise=enterprise),
        _("enterprise"),
    )
