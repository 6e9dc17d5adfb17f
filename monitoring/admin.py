"""Back office of the monitoring: reference data (indicators, plan, risks) and the
record of generated reports (read-only: a report is evidence, never edited)."""

from django.contrib import admin

from trinno_portal.lib.admin import SingleRowAdmin

from .models import (
    Activity,
    CommonIndicator,
    Indicator,
    IndicatorSnapshot,
    Player,
    Report,
    ReportIdentity,
    Risk,
    SubActivity,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_it", "measure", "scope", "unit", "target", "position")
    list_filter = ("measure", "scope", "unit")
    search_fields = ("code", "name_it", "name_en")
    ordering = ("position",)


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(admin.ModelAdmin):
    list_display = ("indicator", "taken_on", "period_start", "period_end", "value")
    list_filter = ("indicator", "taken_on")
    list_select_related = ("indicator",)
    date_hierarchy = "taken_on"
    readonly_fields = ("indicator", "taken_on", "period_start", "period_end", "value")

    def has_add_permission(self, request):
        # Snapshots are computed by the monthly job, never typed.
        return False


class SubActivityInline(admin.TabularInline):
    model = SubActivity
    extra = 0
    fields = ("code", "title_it", "planned_start", "planned_end", "progress", "status")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("code", "title_it", "position")
    filter_horizontal = ("players",)
    inlines = [SubActivityInline]


@admin.register(SubActivity)
class SubActivityAdmin(admin.ModelAdmin):
    list_display = ("code", "activity", "planned_start", "planned_end", "progress", "status")
    list_filter = ("activity", "status")
    list_select_related = ("activity",)
    search_fields = ("code", "title_it", "title_en")
    readonly_fields = ("updated_at", "updated_by")


@admin.register(Player)
class PlayerAdmin(admin.ModelAdmin):
    list_display = ("code", "name_it", "position")
    search_fields = ("name_it", "name_en")


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ("code", "activity", "probability", "status", "updated_at")
    list_filter = ("probability", "status")
    list_select_related = ("activity",)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("pk", "created_at", "requested_by", "language", "data_date", "state")
    list_filter = ("state", "language")
    list_select_related = ("requested_by",)
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommonIndicator)
class CommonIndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_it", "fund", "measure", "target", "position")
    ordering = ("position",)


@admin.register(ReportIdentity)
class ReportIdentityAdmin(SingleRowAdmin):
    """The cover of the reports: programme, Managing Authority, emblems, officer. One row."""

    list_display = ("__str__", "officer_name", "updated_at")
    readonly_fields = ("updated_at",)


# Activity 1: catalogue change proposals and the recommendation report.
from monitoring.catalogue_review import admin as catalogue_review_admin  # noqa: E402, F401

# Activity 2: joint course proposals.
from monitoring.training_offer import admin as training_offer_admin  # noqa: E402, F401
