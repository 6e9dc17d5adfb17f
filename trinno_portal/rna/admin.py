"""Staff's pages of the RNA: the calls' CARs (editable), the grants with their CORs and
the requests sent; actions call the services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.services import FundingError
from trinno_portal.rna import services
from trinno_portal.rna.models import AidEvent, AidGrant, AidMeasure


@admin.register(AidMeasure)
class AidMeasureAdmin(admin.ModelAdmin):
    list_display = [
        "car",
        "call",
        "de_minimis",
        "office",
        "responsible_officer",
        "selection_method",
    ]
    list_select_related = ["call"]
    search_fields = ["car", "call__code", "call__title"]
    raw_id_fields = ["call"]


class AidEventInline(admin.TabularInline):
    model = AidEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "amount", "reason", "outcome", "code", "errors", "upload_file"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AidGrant)
class AidGrantAdmin(admin.ModelAdmin):
    list_display = [
        "application",
        "cor",
        "car",
        "amount",
        "granted_on",
        "confirmation",
        "confirm_by",
        "late",
        "revoked_on",
    ]
    list_filter = ["confirmation", "late"]
    list_select_related = ["application"]
    search_fields = ["cor", "car", "beneficiary_tax_code", "application__protocol_number"]
    # The COR stays editable: with the upload-file adapter it comes back in the RNA's
    # result file and staff enter it here (rna/xml_upload.py).
    readonly_fields = [
        "application",
        "car",
        "beneficiary_tax_code",
        "amount",
        "registered_at",
        "granted_on",
        "confirmation",
        "confirm_by",
        "confirmed_at",
        "late",
        "revoked_on",
    ]
    inlines = [AidEventInline]
    actions = ["confirm_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        # Only the COR is editable; the service writes it on the ledger too.
        services.grant_cor_set(grant=obj, cor=obj.cor)

    @admin.action(description=_("Send the confirmation of the concession to the RNA"))
    def confirm_now(self, request, queryset) -> None:
        sent = 0
        for grant in queryset.select_related("application"):
            try:
                sent += services.grant_confirm(grant=grant)
            except FundingError as exc:
                messages.error(request, str(exc))
        messages.info(request, _("%(count)d confirmations sent.") % {"count": sent})
