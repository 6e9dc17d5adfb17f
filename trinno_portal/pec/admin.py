"""Staff's view of the PEC notices and their receipts (read only: they are records)."""

from django.contrib import admin

from trinno_portal.pec.models import PecNotice, PecReceipt


class PecReceiptInline(admin.TabularInline):
    model = PecReceipt
    extra = 0
    can_delete = False
    fields = ["kind", "received_at", "message_id"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PecNotice)
class PecNoticeAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "recipient", "sent_at", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["application"]
    search_fields = ["recipient", "message_id", "application__protocol_number"]
    raw_id_fields = ["application"]
    readonly_fields = [
        "application",
        "kind",
        "recipient",
        "subject",
        "message_id",
        "sent_at",
        "status",
        "error",
    ]
    inlines = [PecReceiptInline]

    def has_add_permission(self, request) -> bool:
        return False
