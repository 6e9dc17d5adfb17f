"""The staff queue of companies whose legal representative is not proven, and the claims.

Staff check the Chamber of Commerce record (visura camerale) and confirm the current legal
representative, or accept the claim of the person the record names. Both actions call
services_representative; nothing is decided here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    EnterpriseAwaitingConfirmation,
    EnterpriseEvent,
    Membership,
    RepresentativeClaim,
    RepresentativeProof,
    RepresentativeStatus,
)
from .services_representative import (
    Evidence,
    enterprise_representative_confirm,
    representative_claim_accept,
    representative_claim_reject,
)


class EnterpriseEventInline(admin.TabularInline):
    model = EnterpriseEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "detail")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _report(request: HttpRequest, done: str | None, errors: list[str]) -> None:
    if done:
        messages.success(request, done)
    for error in errors:
        messages.error(request, error)


@admin.register(EnterpriseAwaitingConfirmation)
class EnterpriseAwaitingConfirmationAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "vat_number", "legal_representative", "created_at")
    search_fields = ("vat_number", "legal_name")
    ordering = ("created_at",)
    actions = ("confirm_representative",)
    fields = ("legal_name", "vat_number", "tax_code", "pec", "created_at")
    readonly_fields = fields
    inlines = (EnterpriseEventInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Served by the partial index enterprise_unconfirmed_idx.
        return (
            super()
            .get_queryset(request)
            .filter(representative_status=RepresentativeStatus.UNCONFIRMED)
            .prefetch_related("memberships__user")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("legal representative (as registered)"))
    def legal_representative(self, obj: EnterpriseAwaitingConfirmation) -> str:
        rep: Membership | None = next(
            (m for m in obj.memberships.all() if m.role == "legal_rep"), None
        )
        return rep.user.email if rep else "-"

    @admin.action(
        description=_("Confirm the legal representative (Chamber of Commerce record checked)"),
        permissions=["change"],
    )
    def confirm_representative(self, request: HttpRequest, queryset: QuerySet) -> None:
        done, errors = 0, []
        for enterprise in queryset:
            try:
                enterprise_representative_confirm(
                    enterprise=enterprise,
                    evidence=Evidence(RepresentativeProof.STAFF),
                    by=request.user,
                )
            except ValidationError as exc:
                errors.append(f"{enterprise}: {' '.join(exc.messages)}")
            else:
                done += 1
        text = ngettext("%(n)d company confirmed.", "%(n)d companies confirmed.", done)
        _report(request, text % {"n": done} if done else None, errors)


@admin.register(RepresentativeClaim)
class RepresentativeClaimAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "user", "fiscal_number", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("enterprise", "user")
    search_fields = ("enterprise__vat_number", "enterprise__legal_name", "user__email")
    raw_id_fields = ("enterprise", "user", "decided_by")
    readonly_fields = (
        "enterprise",
        "user",
        "fiscal_number",
        "note",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    )
    actions = ("accept", "reject")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset: QuerySet, decide) -> tuple[int, list[str]]:
        done, errors = 0, []
        for claim in queryset:
            try:
                decide(claim=claim, by=request.user)
            except (ValidationError, PermissionDenied) as exc:
                errors.append(f"{claim}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
            else:
                done += 1
        return done, errors

    @admin.action(
        description=_("Accept: hand the company over to the claimant"), permissions=["change"]
    )
    def accept(self, request: HttpRequest, queryset: QuerySet) -> None:
        done, errors = self._decide(request, queryset, representative_claim_accept)
        text = ngettext("%(n)d claim accepted.", "%(n)d claims accepted.", done)
        _report(request, text % {"n": done} if done else None, errors)

    @admin.action(description=_("Reject the claim"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        done, errors = self._decide(request, queryset, representative_claim_reject)
        text = ngettext("%(n)d claim rejected.", "%(n)d claims rejected.", done)
        _report(request, text % {"n": done} if done else None, errors)
