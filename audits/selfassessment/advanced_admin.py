"""Back office of the advanced assessment: staff start it with an enterprise ("add"), fill
in the survey with it (its own page under the admin), and read the result and the
recommendation on its change page, where only the notes stay editable. The survey
itself (areas, technologies, dimensions) is reference data from
fixtures/advanced_assessment.json, readable here.

The pages are thin: the forms read, the services write (audits/selfassessment/services.py).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.call.selectors import audit_call_open
from audits.selfassessment import selectors, services
from audits.selfassessment.forms import AdvancedStartForm, AdvancedSurveyForm
from audits.selfassessment.models import (
    AdvancedArea,
    AdvancedAssessment,
    AdvancedQuestionnaire,
    DimensionQuestion,
    StrategyDimension,
    Technology,
)


def advanced_result_html(outcome, *, survey_url: str = "") -> str:
    """The result as staff read it on the change page (the enterprise's history page
    includes the same template)."""
    context = {"outcome": outcome, "survey_url": survey_url, "staff": True}
    if outcome is not None and outcome.assessment.audit_recommended:
        context["call"] = audit_call_open()
    return render_to_string("audits/selfassessment/_advanced_result.html", context)


class TechnologyInline(admin.TabularInline):
    model = Technology
    extra = 0
    fields = ["position", "code", "name_it", "name_en"]


class StrategyDimensionInline(admin.TabularInline):
    model = StrategyDimension
    extra = 0
    fields = ["position", "code", "name_it", "name_en"]


@admin.register(AdvancedQuestionnaire)
class AdvancedQuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["version", "title_it", "is_active", "illustrative", "created_at"]
    list_filter = ["is_active"]
    inlines = [TechnologyInline, StrategyDimensionInline]


@admin.register(AdvancedArea)
class AdvancedAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_it", "questionnaire", "position"]
    list_filter = ["questionnaire"]
    list_select_related = ["questionnaire"]
    filter_horizontal = ["technologies"]


@admin.register(DimensionQuestion)
class DimensionQuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "dimension", "position", "text_it"]
    list_filter = ["dimension__questionnaire", "dimension"]
    list_select_related = ["dimension"]


@admin.register(AdvancedAssessment)
class AdvancedAssessmentAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "assessed_on", "completed_at", "overall_score", "level"]
    list_filter = ["level", "audit_recommended"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__legal_name", "enterprise__vat_number"]
    date_hierarchy = "assessed_on"
    fields = [
        "enterprise",
        "assessor",
        "assessed_on",
        "questionnaire",
        "first_level",
        "completed_at",
        "overall_score",
        "level",
        "result",
        "findings",
    ]
    readonly_fields = [f for f in fields if f != "findings"]
    show_full_result_count = False

    @admin.display(description=gettext_lazy("result and recommendation"))
    def result(self, obj: AdvancedAssessment) -> str:
        if not obj.is_survey:
            return _("Recorded before the survey: notes and level only.")
        if not obj.is_completed:
            url = reverse("admin:audits_advancedassessment_survey", args=[obj.pk])
            return advanced_result_html(None, survey_url=url)
        assessment = selectors.advanced_with_results(obj.pk)
        return advanced_result_html(selectors.advanced_outcome(assessment))

    def get_urls(self):
        survey = path(
            "<int:pk>/survey/",
            self.admin_site.admin_view(self.survey_view),
            name="audits_advancedassessment_survey",
        )
        return [survey, *super().get_urls()]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        """Start (or resume) the enterprise's assessment through the service, then fill it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AdvancedStartForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.advanced_assessment_start(
                    enterprise=form.cleaned_data["enterprise"],
                    assessor=request.user,
                    assessed_on=form.cleaned_data["assessed_on"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("admin:audits_advancedassessment_survey", pk=assessment.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Start an advanced assessment"),
            "form": form,
        }
        return TemplateResponse(request, "admin/audits/advancedassessment/start.html", context)

    def survey_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = selectors.advanced_for_staff(pk)
        if not self.has_change_permission(request, assessment):
            raise PermissionDenied
        change_url = reverse("admin:audits_advancedassessment_change", args=[assessment.pk])
        if assessment.is_completed or not assessment.is_survey:
            return redirect(change_url)
        survey = selectors.advanced_survey(assessment)
        technologies, dimensions = selectors.advanced_answers(assessment)
        form = AdvancedSurveyForm(
            request.POST or None,
            survey=survey,
            technologies=technologies,
            dimensions=dimensions,
            notes=assessment.findings,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.advanced_answers_save(
                    assessment=assessment,
                    technologies=form.technologies(),
                    dimensions=form.dimension_scores(),
                    notes=form.cleaned_data["notes"],
                )
                if "complete" in request.POST:
                    services.advanced_assessment_complete(assessment=assessment)
                    messages.success(request, _("The advanced assessment is completed."))
                    return redirect(change_url)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The answers are saved."))
                return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": assessment,
            "title": _("Advanced assessment survey"),
            "form": form,
            "first_level": selectors.first_level_scores(assessment),
            "missing": services.advanced_missing_count(assessment=assessment),
        }
        return TemplateResponse(request, "admin/audits/advancedassessment/survey.html", context)

    def save_model(self, request, obj: AdvancedAssessment, form, change: bool) -> None:
        # Only the notes are editable here, through the service.
        services.advanced_notes_update(assessment=obj, notes=form.cleaned_data["findings"])
