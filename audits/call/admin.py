"""Back office of the technological audits: what an audit application adds to the shared
application page (its detail, read-only), named by the scheme (audits/call/scheme.py); its
letter of assignment, final report and invoices are the shared inlines
(funding/aftercare/admin.py)."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from audits.call.models import AuditApplication
from audits.selfassessment import selectors as selfassessment_selectors
from trinno_portal.funding.admin_base import ReadOnlyStackedInline


class AuditApplicationInline(ReadOnlyStackedInline):
    model = AuditApplication
    verbose_name_plural = _("technological audit")
    fields = [
        "service_code",
        "provider_name",
        "provider_vat_number",
        "provider_requirements",
        "project_summary",
        "planned_start",
        "planned_end",
        "stamp_duty_serial",
        "de_minimis_declared",
        "assessments_behind",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application")

    @admin.display(description=_("assessments behind it"))
    def assessments_behind(self, obj: AuditApplication) -> str:
        behind = selfassessment_selectors.assessments_behind(obj.application)
        return render_to_string(
            "audits/selfassessment/_assessments_behind.html", {"behind": behind}
        )
