"""Back office of the signatures: the trust store (read-only, loaded by
trust_list_refresh) and the verification report of every signed document."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.funding.admin_base import EstimatedCountPaginator

from .models import (
    RevocationList,
    SignatureVerification,
    SignedDelegation,
    StampDutyMark,
    TrustedCertificate,
    TrustListLoad,
)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def report_table(report: dict) -> str:
    """Every signature's checks, as the verifier reported them."""
    rows = []
    for signature in report.get("signatures", []):
        for check in signature.get("checks", []):
            rows.append(
                (
                    signature.get("signer_name") or "-",
                    check["check"],
                    check["outcome"],
                    check.get("detail", ""),
                )
            )
    for check in report.get("checks", []):
        rows.append(("", check["check"], check["outcome"], check.get("detail", "")))
    if not rows:
        return "-"
    return format_html(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
        _("signer"),
        _("check"),
        _("outcome"),
        _("detail"),
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
    )


def signature_summary(document) -> str:
    """One line for a document's signature in the application's admin page."""
    try:
        verification = document.signature_verification
    except SignatureVerification.DoesNotExist:
        return "-"
    return format_html(
        '<a href="{}">{}</a> {} ({})',
        reverse("admin:signatures_signatureverification_change", args=[verification.pk]),
        _("valid") if verification.valid else _("not valid"),
        verification.signer_name,
        verification.signer_tax_code,
    )


@admin.register(SignatureVerification)
class SignatureVerificationAdmin(_ReadOnly):
    list_display = [
        "document",
        "valid",
        "revocation_checked",
        "signer_name",
        "signer_tax_code",
        "issuer",
        "verified_at",
    ]
    list_filter = ["valid", "revocation_checked"]
    list_select_related = ["document"]
    search_fields = ["=signer_tax_code", "=document__application__protocol_number"]
    fields = [
        "document",
        "valid",
        "revocation_checked",
        "signer_name",
        "signer_tax_code",
        "issuer",
        "declared_signing_time",
        "timestamp_time",
        "trust_list_date",
        "verified_at",
        "checks",
    ]
    readonly_fields = fields
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    @admin.display(description=gettext_lazy("checks"))
    def checks(self, obj: SignatureVerification) -> str:
        return report_table(obj.report)


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


@admin.register(SignedDelegation)
class SignedDelegationAdmin(_ReadOnly):
    """The delegations legal representatives signed for their delegates, with the
    report each passed; a revoked one stays here, as history (its invitation's
    revocation date says since when it no longer counts)."""

    list_display = [
        "invitation",
        "enterprise",
        "signer_name",
        "signer_tax_code",
        "verified_at",
        "state",
    ]
    list_select_related = ["invitation__enterprise"]
    search_fields = ["=signer_tax_code", "invitation__email", "invitation__enterprise__legal_name"]
    fields = [
        "invitation",
        "enterprise",
        "state",
        "signer_name",
        "signer_tax_code",
        "trust_list_date",
        "verified_at",
        "original_name",
        "sha256",
        "download",
        "checks",
    ]
    readonly_fields = fields
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    @admin.display(description=gettext_lazy("enterprise"))
    def enterprise(self, obj: SignedDelegation) -> str:
        return obj.invitation.enterprise.legal_name

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: SignedDelegation) -> str:
        invitation = obj.invitation
        if invitation.revoked_at is not None:
            return _("revoked on %(date)s") % {"date": _day(invitation.revoked_at)}
        if invitation.accepted_at is not None:
            return _("in force since %(date)s") % {"date": _day(invitation.accepted_at)}
        return _("not accepted yet")

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: SignedDelegation) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("signatures:delegation_download", args=[obj.pk]),
            _("Download"),
        )

    @admin.display(description=gettext_lazy("checks"))
    def checks(self, obj: SignedDelegation) -> str:
        return report_table(obj.report)


@admin.register(TrustedCertificate)
class TrustedCertificateAdmin(_ReadOnly):
    list_display = ["subject", "provider", "service_type", "not_after", "source", "active"]
    list_filter = ["source", "active", "service_type", "territory"]
    search_fields = ["subject", "provider", "=fingerprint"]
    exclude = ["der"]
    readonly_fields = [
        "fingerprint",
        "subject",
        "provider",
        "service_name",
        "service_type",
        "territory",
        "not_before",
        "not_after",
        "status_since",
        "source",
        "trust_list",
        "active",
        "loaded_at",
    ]


@admin.register(TrustListLoad)
class TrustListLoadAdmin(_ReadOnly):
    list_display = [
        "loaded_at",
        "territory",
        "sequence_number",
        "issued_at",
        "next_update",
        "certificates",
    ]
    readonly_fields = list_display + ["source"]


@admin.register(RevocationList)
class RevocationListAdmin(_ReadOnly):
    list_display = ["issuer", "this_update", "next_update", "loaded_at"]
    exclude = ["der"]
    readonly_fields = ["fingerprint", "issuer", "this_update", "next_update", "loaded_at"]


@admin.register(StampDutyMark)
class StampDutyMarkAdmin(_ReadOnly):
    list_display = ["serial", "issued_on", "application", "purpose", "declared_at"]
    list_select_related = ["application"]
    search_fields = ["=serial", "=application__protocol_number"]
    readonly_fields = list_display
    show_full_result_count = False
    paginator = EstimatedCountPaginator
