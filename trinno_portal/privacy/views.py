"""The privacy notice, the owner's JSON downloads, and erasure for staff."""

import json
from functools import wraps

from allauth.account.decorators import reauthentication_required
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

from . import erasure, services
from .models import ErasureKind
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


def _erase_view(request: HttpRequest, subject, kind: str) -> HttpResponse:
    """Two officers: the first asks, a second confirms; each POST needs a password (or
    code) entered in the last minutes (allauth's re-authentication)."""
    open_request = erasure.erasure_request_open(kind=kind, subject_id=subject.pk)
    if request.method == "POST":
        action = request.POST.get("action", "request")
        try:
            if action == "confirm" and open_request is not None:
                erasure.erasure_request_confirm(erasure_request=open_request, by=request.user)
                messages.success(request, _("The personal data were anonymised."))
                return redirect("privacy:privacy")
            if action == "cancel" and open_request is not None:
                erasure.erasure_request_cancel(erasure_request=open_request, by=request.user)
                messages.info(request, _("The erasure request was cancelled."))
            elif open_request is None:
                erasure.erasure_request_create(kind=kind, subject_id=subject.pk, by=request.user)
                messages.info(
                    request, _("Erasure requested: a second officer must now confirm it.")
                )
        except erasure.ErasureRefused as refused:
            messages.error(request, str(refused))
        return redirect(request.path)
    return render(
        request,
        "privacy/erase_confirm.html",
        {
            "subject": subject,
            "kind": ErasureKind(kind).label,
            "open_request": open_request,
            "mine": open_request is not None and open_request.requested_by_id == request.user.pk,
        },
    )


def _erasure_officers_only(view):
    # Before the re-authentication: others get the 404, not a password prompt.
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _may_erase(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@login_required
@require_http_methods(["GET", "POST"])
@_erasure_officers_only
@reauthentication_required(allow_get=True)
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    return _erase_view(request, person, ErasureKind.PERSON)


@login_required
@require_http_methods(["GET", "POST"])
@_erasure_officers_only
@reauthentication_required(allow_get=True)
def enterprise_erase(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise, pk=pk)
    return _erase_view(request, enterprise, ErasureKind.ENTERPRISE)
