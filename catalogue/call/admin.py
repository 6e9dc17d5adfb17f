"""Back office of the innovation-services call: what a catalogue application adds to the
shared application page (its edition, sector and requested services, read-only). The
workflow, the budget panel and approval are the shared admin's; the scheme names these
inlines (catalogue/call/scheme.py)."""

from django.utils.translation import gettext_lazy as _

from catalogue.call.models import CatalogueApplication, ServiceRequest
from trinno_portal.funding.admin_base import ReadOnlyStackedInline, ReadOnlyTabularInline


class CatalogueApplicationInline(ReadOnlyStackedInline):
    model = CatalogueApplication
    verbose_name_plural = _("innovation services")
    fields = ["edition", "project_summary", "ateco_code", "sector", "de_minimis_declared"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edition")


class ServiceRequestInline(ReadOnlyTabularInline):
    model = ServiceRequest
    fields = [
        "service",
        "provider_name",
        "provider_vat_number",
        "provider_requirements",
        "cost",
        "intensity",
        "aid_amount",
        "is_digital",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")
