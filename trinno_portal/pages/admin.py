"""Back office of the accessibility statement, its reports, the FAQs and the contacts."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib import admin as lib_admin

from . import services
from .models import SINGLE_ROW, AccessibilityReport, AccessibilityStatement, AgencyContacts, Faq


class SingleRowAdmin(lib_admin.SingleRowAdmin):
    """One row, pk 1, that the pages read."""

    def save_model(self, request, obj, form, change):
        obj.pk = SINGLE_ROW
        super().save_model(request, obj, form, change)


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(SingleRowAdmin):
    list_display = ("__str__", "compliance", "drawn_up_on", "reviewed_on", "feedback_email")


@admin.register(AgencyContacts)
class AgencyContactsAdmin(SingleRowAdmin):
    list_display = ("name", "email", "phone")


@admin.register(Faq)
class FaqAdmin(admin.ModelAdmin):
    list_display = ("question_it", "position", "is_published")
    list_editable = ("position", "is_published")
    list_filter = ("is_published",)
    search_fields = ("question_it", "question_en")


class OverdueFilter(admin.SimpleListFilter):
    title = _("answer")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("open", _("to answer")),
            ("answered", _("answered")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(answered_on__isnull=True, due_on__lt=today)
        if self.value() == "open":
            return queryset.filter(answered_on__isnull=True)
        if self.value() == "answered":
            return queryset.filter(answered_on__isnull=False)
        return queryset


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ("received_at", "page_url", "email", "due_on", "overdue", "answered_on")
    list_filter = (OverdueFilter,)
    search_fields = ("page_url", "description", "email", "full_name")
    date_hierarchy = "received_at"
    fields = (
        "received_at",
        "due_on",
        "full_name",
        "email",
        "language",
        "page_url",
        "description",
        "answer",
        "answered_on",
        "answered_by",
        "answer_sent_at",
    )
    readonly_fields = (
        "received_at",
        "due_on",
        "full_name",
        "email",
        "language",
        "page_url",
        "description",
        "answered_on",
        "answered_by",
        "answer_sent_at",
    )

    @admin.display(boolean=True, description=_("overdue"))
    def overdue(self, obj: AccessibilityReport) -> bool:
        return obj.is_overdue()

    def has_add_permission(self, request):
        # Reports come from the public form; staff answer them.
        return False

    def save_model(self, request, obj, form, change):
        if obj.answer.strip():
            services.accessibility_report_answer(report=obj, answer=obj.answer, by=request.user)
        else:
            super().save_model(request, obj, form, change)
