"""Staff's read-only view of the life after approval on the application's admin page,
named by each scheme that uses it (Scheme.admin_inlines)."""

from trinno_portal.funding.admin_base import ReadOnlyStackedInline, ReadOnlyTabularInline
from trinno_portal.funding.aftercare.models import (
    GrantAgreement,
    ProjectFinalReport,
    ProjectInvoice,
)


class GrantAgreementInline(ReadOnlyStackedInline):
    model = GrantAgreement
    fields = ["kind", "accepted_at", "accepted_by", "starts_on", "ends_on"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("accepted_by")


class ProjectFinalReportInline(ReadOnlyStackedInline):
    model = ProjectFinalReport
    fields = ["submitted_at", "summary", "results"]
    readonly_fields = fields


class ProjectInvoiceInline(ReadOnlyTabularInline):
    model = ProjectInvoice
    fields = ["number", "issued_on", "supplier", "amount", "paid_on"]
    readonly_fields = fields
