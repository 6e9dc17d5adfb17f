from django.contrib import admin

from trinno_portal.procedure.models import (
    CallCriterion,
    CallProcedure,
    CriterionScore,
    EvaluatorAssignment,
    RejectionDecision,
)


@admin.register(CallProcedure)
class CallProcedureAdmin(admin.ModelAdmin):
    list_display = ["call", "officer_name", "officer_office", "legal_days", "preavviso_required"]
    list_select_related = ["call"]
    search_fields = ["call__code", "officer_name", "officer_email"]
    raw_id_fields = ["call"]


@admin.register(RejectionDecision)
class RejectionDecisionAdmin(admin.ModelAdmin):
    """Written only by the rejection (procedure/services.py): read here."""

    list_display = ["application", "decided_at", "decided_by"]
    list_select_related = ["application", "decided_by"]
    search_fields = ["application__protocol_number"]
    readonly_fields = [
        "application",
        "reasons",
        "observations_weighed",
        "appeal",
        "decided_by",
        "decided_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CallCriterion)
class CallCriterionAdmin(admin.ModelAdmin):
    list_display = ["call", "position", "name", "weight", "max_score"]
    list_filter = ["call"]
    list_select_related = ["call"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "score", "comment"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EvaluatorAssignment)
class EvaluatorAssignmentAdmin(admin.ModelAdmin):
    """Staff assign evaluators here; the sheet itself is the evaluator's (merit.py)."""

    list_display = ["application", "evaluator", "declared_at", "submitted_at"]
    list_select_related = ["application", "evaluator"]
    raw_id_fields = ["application", "evaluator"]
    readonly_fields = ["declared_at", "submitted_at"]
    inlines = [CriterionScoreInline]
