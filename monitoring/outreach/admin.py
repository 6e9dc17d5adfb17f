"""Back office of the outreach: events with their materials and registrations, and the
advice contacts staff take in charge."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.validators import normalize_vat_number
from trinno_portal.lib.forms import PortalModelForm

from . import services
from .models import Advice, Event, Feedback, Material, Registration


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 1


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title_it", "kind", "starts_at", "venue", "capacity", "is_published")
    list_filter = ("kind", "is_published", "activity")
    search_fields = ("title_it", "title_en", "venue")
    list_select_related = ("activity",)
    raw_id_fields = ("subactivity",)
    date_hierarchy = "starts_at"
    inlines = [MaterialInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = (
        "full_name",
        "event",
        "kind",
        "status",
        "company_name",
        "province",
        "supply_chain",
        "checked_in_at",
    )
    list_filter = ("status", "kind", "supply_chain", "province", "event")
    search_fields = ("full_name", "email", "company_name", "vat_number")
    list_select_related = ("event",)
    raw_id_fields = ("event", "user", "enterprise", "checked_in_by")
    readonly_fields = ("created_at", "promoted_at", "cancelled_at", "reminded_at")
    actions = ["cancel_registrations"]

    @admin.action(description=_("Cancel the selected registrations (promotes the waiting list)"))
    def cancel_registrations(self, request, queryset):
        for registration in queryset.select_related("event"):
            services.registration_cancel(registration=registration)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("registration", "rating", "useful", "created_at")
    list_filter = ("rating", "useful", "registration__event")
    list_select_related = ("registration__event",)
    readonly_fields = ("registration", "rating", "useful", "comment", "created_at")

    def has_add_permission(self, request):
        # Participants answer; staff read.
        return False


class AdviceForm(PortalModelForm):
    vat_number = forms.CharField(label=_("Partita IVA"), max_length=20, required=False)

    class Meta(PortalModelForm.Meta):
        model = Advice
        fields = [
            "opened_at",
            "channel",
            "full_name",
            "email",
            "phone",
            "company_name",
            "vat_number",
            "province",
            "topic",
            "enquiry",
            "handled_by",
            "status",
            "follow_up",
            "follow_up_on",
            "instrument",
        ]

    def clean_vat_number(self) -> str:
        value = self.cleaned_data["vat_number"]
        return normalize_vat_number(value) if value else ""


@admin.register(Advice)
class AdviceAdmin(admin.ModelAdmin):
    form = AdviceForm
    list_display = (
        "opened_at",
        "full_name",
        "company_name",
        "channel",
        "topic",
        "status",
        "instrument",
        "handled_by",
    )
    list_filter = ("status", "channel", "topic", "instrument", "province")
    search_fields = ("full_name", "email", "company_name", "vat_number", "enquiry")
    list_select_related = ("handled_by",)
    raw_id_fields = ("enterprise", "handled_by")
    date_hierarchy = "opened_at"
    fieldsets = (
        (_("Contact"), {"fields": ("opened_at", "channel", "full_name", "email", "phone")}),
        (_("Enterprise"), {"fields": ("company_name", "vat_number", "province", "enterprise")}),
        (_("Enquiry"), {"fields": ("topic", "enquiry")}),
        (
            _("Taken in charge"),
            {"fields": ("handled_by", "status", "follow_up", "follow_up_on", "instrument")},
        ),
    )
    readonly_fields = ("enterprise",)

    def save_model(self, request, obj, form, change):
        if obj.handled_by_id is None:
            obj.handled_by = request.user
        # The Partita IVA normalised and its profile linked, as the public form does.
        services.advice_link_enterprise(advice=obj)
