"""Company profile pages under /imprese/: thin views over selectors and services.

Every view with an enterprise id gets it through selectors.enterprise_for_user (404 for
non-members); local units, links and memberships are then looked up inside that enterprise.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trinno_portal.signatures.selectors import signed_delegations_by_delegate

from . import selectors, services
from .forms import (
    LEGAL_FORM_LABELS,
    EnterpriseForm,
    EnterpriseLinkForm,
    InviteForm,
    LocalUnitForm,
    form_errors_from,
)
from .geography import PROVINCES, is_tuscan
from .models import Enterprise, MemberRole
from .rules import is_manufacturing
from .validators import ateco_title
from .views_representative import session_evidence

PROVINCE_NAMES = dict(PROVINCES)


def _detail_url(enterprise: Enterprise) -> str:
    return reverse("accounts:enterprise_detail", args=[enterprise.pk])


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of(request.user)
    return render(request, "accounts/enterprise_list.html", {"memberships": memberships})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(
                user=request.user, evidence=session_evidence(request.session), **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The company profile has been created."))
            return redirect(_detail_url(enterprise))
    claim_url = None
    if form.has_error("vat_number", "unconfirmed_vat_number"):
        query = urlencode({"piva": form.data.get("vat_number", "")})
        claim_url = reverse("accounts:enterprise_claim") + "?" + query
    return render(request, "accounts/enterprise_form.html", {"form": form, "claim_url": claim_url})


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    links = list(selectors.links_of(enterprise))
    members = list(selectors.members_of(enterprise))
    local_units = list(selectors.local_units_of(enterprise))
    me = next(m for m in members if m.user_id == request.user.pk)
    # Each delegate's membership shows the signed delegation behind it, where there is one.
    delegations = signed_delegations_by_delegate(enterprise)
    for member in members:
        member.signed_delegation = delegations.get(member.user_id)
    context: dict[str, Any] = {
        "enterprise": enterprise,
        "assessment": services.size_assessment_compute(enterprise=enterprise, links=links),
        "local_units": local_units,
        "links": links,
        "members": members,
        "is_legal_rep": me.role == MemberRole.LEGAL_REPRESENTATIVE,
        "legal_form_label": LEGAL_FORM_LABELS.get(enterprise.legal_form, enterprise.legal_form),
        "province_name": PROVINCE_NAMES.get(enterprise.province, enterprise.province),
        "ateco_title": ateco_title(enterprise.ateco_code),
        "is_manufacturing": is_manufacturing(enterprise.ateco_code),
        "in_tuscany": is_tuscan(enterprise.province)
        or any(is_tuscan(unit.province) for unit in local_units),
    }
    return render(request, "accounts/enterprise_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_update(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            # form.instance already carries the new values: the service checks and saves.
            services.enterprise_update(enterprise=form.instance, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The company profile has been saved."))
            return redirect(_detail_url(enterprise))
    return render(
        request, "accounts/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )


def _small_form(
    request: HttpRequest,
    *,
    enterprise: Enterprise,
    form: Any,
    save: Any,
    done: str,
    title: str,
) -> HttpResponse:
    """GET/POST cycle of a small form whose valid data go to one service call."""
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, done)
            return redirect(_detail_url(enterprise))
    return render(
        request,
        "accounts/small_form.html",
        {"form": form, "enterprise": enterprise, "title": title},
    )


def _confirm_delete(
    request: HttpRequest, *, enterprise: Enterprise, obj: object, delete: Any, done: str
) -> HttpResponse:
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(_detail_url(enterprise))
    return render(
        request, "accounts/confirm_delete.html", {"enterprise": enterprise, "object": obj}
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    return _small_form(
        request,
        enterprise=enterprise,
        form=LocalUnitForm(request.POST or None),
        save=lambda **data: services.local_unit_add(enterprise=enterprise, **data),
        done=_("The local unit has been added."),
        title=_("New local unit"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_unit_update(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    unit = get_object_or_404(enterprise.local_units, pk=unit_pk)
    return _small_form(
        request,
        enterprise=enterprise,
        form=LocalUnitForm(request.POST or None, instance=unit),
        save=lambda **data: services.local_unit_update(local_unit=unit, **data),
        done=_("The local unit has been saved."),
        title=_("Edit local unit"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_unit_delete(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    unit = get_object_or_404(enterprise.local_units, pk=unit_pk)
    return _confirm_delete(
        request,
        enterprise=enterprise,
        obj=unit,
        delete=lambda: services.local_unit_delete(local_unit=unit),
        done=_("The local unit has been deleted."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    return _small_form(
        request,
        enterprise=enterprise,
        form=EnterpriseLinkForm(request.POST or None),
        save=lambda **data: services.enterprise_link_add(enterprise=enterprise, **data),
        done=_("The enterprise has been added and the size class recomputed."),
        title=_("New partner or linked enterprise"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_update(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    link = get_object_or_404(enterprise.links, pk=link_pk)
    return _small_form(
        request,
        enterprise=enterprise,
        form=EnterpriseLinkForm(request.POST or None, instance=link),
        save=lambda **data: services.enterprise_link_update(link=link, **data),
        done=_("The enterprise has been saved and the size class recomputed."),
        title=_("Edit partner or linked enterprise"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_delete(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    link = get_object_or_404(enterprise.links, pk=link_pk)
    return _confirm_delete(
        request,
        enterprise=enterprise,
        obj=link,
        delete=lambda: services.enterprise_link_delete(link=link),
        done=_("The enterprise has been removed and the size class recomputed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_invite(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    if not selectors.is_legal_representative(request.user, enterprise):
        raise PermissionDenied
    form = InviteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_invite(
                enterprise=enterprise,
                email=form.cleaned_data["email"],
                invited_by=request.user,
                site_url=request.build_absolute_uri("/"),
                signed_delegation=form.cleaned_data.get("delegation"),
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(_detail_url(enterprise))
    return render(
        request,
        "accounts/small_form.html",
        {"form": form, "enterprise": enterprise, "title": _("Invite a delegate")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_user(request.user, pk)
    membership = get_object_or_404(
        enterprise.memberships.select_related("user", "enterprise"), pk=membership_pk
    )
    if not selectors.is_legal_representative(request.user, enterprise):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, removed_by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The delegate has been removed."))
        return redirect(_detail_url(enterprise))
    return render(
        request, "accounts/confirm_delete.html", {"enterprise": enterprise, "object": membership}
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_read(token=token)
    except ValidationError as exc:
        return render(
            request, "accounts/invitation.html", {"error": " ".join(exc.messages)}, status=400
        )
    if request.method == "POST":
        try:
            membership = services.membership_invitation_accept(token=token, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("You now act for %(name)s as a delegate.")
                % {"name": membership.enterprise.legal_name},
            )
            return redirect(_detail_url(membership.enterprise))
    return render(request, "accounts/invitation.html", {"invitation": invitation})
