from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _

from trinno_portal.funding.services import FundingError
from trinno_portal.lib.forms import PortalModelForm
from trinno_portal.procedure.merit import (
    committee_score_record,
    evaluator_assign,
    evaluator_candidates,
)
from trinno_portal.procedure.models import (
    CallCriterion,
    CallProcedure,
    CommitteeScore,
    ConcessionDecree,
    CriterionScore,
    EvaluatorAssignment,
    RejectionDecision,
)


@admin.register(CallProcedure)
class CallProcedureAdmin(admin.ModelAdmin):
    list_display = [
        "call",
        "officer_name",
        "officer_office",
        "legal_days",
        "preavviso_required",
        "merit_threshold",
        "score_mode",
    ]
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


class EvaluatorAssignmentForm(PortalModelForm):
    class Meta(PortalModelForm.Meta):
        model = EvaluatorAssignment
        fields = ["application", "evaluator"]

    def clean_evaluator(self):
        evaluator = self.cleaned_data["evaluator"]
        if not evaluator_candidates().filter(pk=evaluator.pk).exists():
            raise forms.ValidationError(_("%(user)s is not an evaluator.") % {"user": evaluator})
        return evaluator


@admin.register(EvaluatorAssignment)
class EvaluatorAssignmentAdmin(admin.ModelAdmin):
    """Staff assign evaluators here, one by one (the work queue and the rankings have the
    bulk action: admin_evaluators.py); the sheet itself is the evaluator's (merit.py)."""

    form = EvaluatorAssignmentForm

    list_display = ["application", "evaluator", "declared_at", "submitted_at"]
    list_select_related = ["application", "evaluator"]
    raw_id_fields = ["application", "evaluator"]
    readonly_fields = ["declared_at", "submitted_at"]
    inlines = [CriterionScoreInline]

    def save_model(self, request, obj, form, change) -> None:
        # A new assignment goes through the service: it checks the group, puts the call on
        # merit and tells the evaluator.
        if change:
            return super().save_model(request, obj, form, change)
        try:
            assignment = evaluator_assign(application=obj.application, evaluator=obj.evaluator)
        except FundingError as exc:
            messages.error(request, str(exc))
            return None
        obj.pk = assignment.pk
        return None


@admin.register(CommitteeScore)
class CommitteeScoreAdmin(admin.ModelAdmin):
    """The committee's agreed score, for the calls that rank on it (score_mode)."""

    list_display = ["application", "score", "recorded_by", "recorded_at"]
    list_select_related = ["application", "recorded_by"]
    search_fields = ["application__protocol_number"]
    raw_id_fields = ["application"]
    fields = ["application", "score", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change) -> None:
        try:
            committee_score_record(
                application=obj.application, score=obj.score, note=obj.note, by=request.user
            )
        except FundingError as exc:
            messages.error(request, str(exc))


@admin.register(ConcessionDecree)
class ConcessionDecreeAdmin(admin.ModelAdmin):
    """Issued by the ranking's approval (procedure/decree.py): read here."""

    list_display = ["__str__", "ranking", "issued_on", "issued_by"]
    list_select_related = ["ranking__call", "issued_by"]
    readonly_fields = ["ranking", "year", "number", "issued_on", "legal_basis", "issued_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
