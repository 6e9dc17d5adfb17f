"""Back office of the self-assessment: the questionnaire (reference data, corrected here or
in fixtures/selfassessment.json), the SMEs' assessments (read-only: they are the firm's
own answers) and the advanced assessments that staff run with the enterprise
(advanced_admin.py)."""

from django.contrib import admin

from audits.selfassessment.models import (
    Answer,
    Area,
    AreaAdvice,
    AreaResult,
    Assessment,
    Option,
    Question,
    Questionnaire,
)


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["position", "code", "name_it", "name_en"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["version", "title_it", "is_active", "created_at"]
    list_filter = ["is_active"]
    inlines = [AreaInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["score", "text_it", "text_en"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "area", "position", "text_it"]
    list_filter = ["area__questionnaire", "area"]
    list_select_related = ["area"]
    search_fields = ["code", "text_it", "text_en"]
    inlines = [OptionInline]


@admin.register(AreaAdvice)
class AreaAdviceAdmin(admin.ModelAdmin):
    list_display = ["area", "level"]
    list_filter = ["area__questionnaire", "level", "area"]
    list_select_related = ["area"]


class AreaResultInline(admin.TabularInline):
    model = AreaResult
    extra = 0
    fields = ["area", "score", "level"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "option", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "option")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "started_at", "completed_at", "overall_score", "level"]
    list_filter = ["level", "questionnaire"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__legal_name", "enterprise__vat_number"]
    date_hierarchy = "started_at"
    readonly_fields = [
        "enterprise",
        "questionnaire",
        "started_by",
        "started_at",
        "completed_at",
        "overall_score",
        "level",
    ]
    inlines = [AreaResultInline, AnswerInline]
    # Counting a million rows on every page of the list is not worth the page numbers.
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        # Only the enterprise fills its self-assessment, from the portal.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
