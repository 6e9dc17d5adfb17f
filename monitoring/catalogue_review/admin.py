"""Back office of Activity 1's process: staff record proposals with their evidence, the
working group's review (once, on the proposal's page), the recommendation report that
gathers the reviewed proposals, and the edition drafted from it. Every write goes through
the services; the forms ask the same rules first, so a refusal reads as a form error."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.forms import PortalModelForm

from . import services
from .models import CatalogueProposal, ProposalReview, RecommendationReport

PROPOSAL_FIELDS = (
    "kind",
    "edition",
    "service",
    "new_code",
    "new_name",
    "new_name_en",
    "new_description",
    "new_is_digital",
    "new_min_cost",
    "new_max_cost",
    "intensity_micro",
    "intensity_small",
    "intensity_medium",
    "rationale",
)


class ProposalForm(PortalModelForm):
    class Meta(PortalModelForm.Meta):
        model = CatalogueProposal
        fields = [*PROPOSAL_FIELDS, "events", "assessments", "applications", "application_data"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        draft = CatalogueProposal(**{name: cleaned.get(name) for name in PROPOSAL_FIELDS})
        if draft.kind == "add":
            draft.service = None
        for problem in services.proposal_problems_for(draft):
            self.add_error(None, problem)
        return cleaned


class ReviewForm(PortalModelForm):
    class Meta(PortalModelForm.Meta):
        model = ProposalReview
        fields = ["outcome", "reasons", "working_group"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.has_changed() or self.instance.pk:
            return cleaned
        problems = services.proposal_review_problems(
            proposal=self.instance.proposal, outcome=cleaned["outcome"]
        )
        for problem in problems:
            self.add_error(None, problem)
        return cleaned


class ReviewInline(admin.StackedInline):
    model = ProposalReview
    form = ReviewForm
    fields = ("outcome", "reasons", "working_group", "reviewed_by", "reviewed_at")
    readonly_fields = ("reviewed_by", "reviewed_at")
    max_num = 1
    can_delete = False
    verbose_name = _("working group review")

    def has_change_permission(self, request, obj=None):
        # A decision is recorded once: what the report tells the Region never changes.
        return False

    def has_add_permission(self, request, obj=None):
        reviewed = obj is not None and hasattr(obj, "review")
        return not reviewed and super().has_add_permission(request, obj)


@admin.register(CatalogueProposal)
class CatalogueProposalAdmin(admin.ModelAdmin):
    form = ProposalForm
    list_display = ("__str__", "edition", "outcome", "report", "created_at")
    list_filter = ("kind", "edition", "review__outcome")
    search_fields = ("rationale", "new_code", "new_name", "service__code", "service__name")
    list_select_related = ("edition", "service", "review", "report")
    raw_id_fields = ("service", "assessments", "applications")
    filter_horizontal = ("events",)
    fieldsets = (
        (None, {"fields": ("kind", "edition", "service", "rationale")}),
        (
            _("Service to add"),
            {
                "fields": (
                    "new_code",
                    "new_name",
                    "new_name_en",
                    "new_description",
                    "new_is_digital",
                    ("new_min_cost", "new_max_cost"),
                )
            },
        ),
        (
            _("Aid intensity proposed"),
            {"fields": (("intensity_micro", "intensity_small", "intensity_medium"),)},
        ),
        (_("Evidence"), {"fields": ("events", "assessments", "applications", "application_data")}),
    )
    inlines = [ReviewInline]

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        review = getattr(obj, "review", None)
        return review.get_outcome_display() if review else _("Under review")

    def get_inline_instances(self, request, obj=None):
        # The working group reviews a proposal once it is recorded.
        return super().get_inline_instances(request, obj) if obj else []

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and hasattr(obj, "review"):
            return [*PROPOSAL_FIELDS, "events", "assessments", "applications", "application_data"]
        return []

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "review"):
            return  # closed: its fields were shown read-only
        services.proposal_save(proposal=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProposalReview:
            return super().save_formset(request, form, formset, change)
        # What the admin's history message reads.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for review_form in formset.forms:
            if review_form.has_changed() and not review_form.instance.pk:
                data = review_form.cleaned_data
                review = services.proposal_review(
                    proposal=form.instance,
                    outcome=data["outcome"],
                    reasons=data["reasons"],
                    working_group=data.get("working_group", ""),
                    by=request.user,
                )
                formset.new_objects.append(review)


class ProposalInline(admin.TabularInline):
    model = CatalogueProposal
    fields = ("link", "outcome")
    readonly_fields = ("link", "outcome")
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description=_("proposal"))
    def link(self, obj):
        url = reverse("admin:monitoring_catalogueproposal_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        return obj.review.get_outcome_display()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportForm(PortalModelForm):
    class Meta(PortalModelForm.Meta):
        model = RecommendationReport
        fields = ["edition", "title"]

    def clean(self):
        cleaned = super().clean()
        edition = cleaned.get("edition")
        if edition is not None and not services.proposals_waiting(edition=edition).exists():
            self.add_error(
                "edition",
                _("No reviewed proposal on this edition waits for a report."),
            )
        return cleaned


@admin.register(RecommendationReport)
class RecommendationReportAdmin(admin.ModelAdmin):
    form = ReportForm
    list_display = ("title", "edition", "created_at", "draft_edition")
    list_select_related = ("edition", "draft_edition")
    readonly_fields = ("created_by", "created_at", "pdf_link", "draft_edition", "diff_link")
    inlines = [ProposalInline]
    actions = ["draft_edition_action"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("edition", "title", *self.readonly_fields)

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj else []

    @admin.display(description=_("PDF for the Region"))
    def pdf_link(self, obj):
        url = reverse("monitoring:recommendation_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Recommendation report (PDF)"))

    @admin.display(description=_("differences"))
    def diff_link(self, obj):
        if not obj.draft_edition_id:
            return "—"
        url = reverse("catalogue:diff") + f"?da={obj.edition.number}&a={obj.draft_edition.number}"
        return format_html('<a href="{}">{}</a>', url, _("Differences of the drafted edition"))

    def save_model(self, request, obj, form, change):
        if change:
            return
        report = services.recommendation_report_create(
            edition=form.cleaned_data["edition"], title=form.cleaned_data["title"], by=request.user
        )
        obj.pk = report.pk
        obj.created_at = report.created_at

    @admin.action(
        permissions=["change"],
        description=_("Draft a new catalogue edition from the accepted proposals"),
    )
    def draft_edition_action(self, request, queryset):
        for report in queryset:
            try:
                draft = services.recommendation_edition_draft(report=report)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                _("Edition %(number)s drafted from the report %(title)s.")
                % {"number": draft.number, "title": report.title},
                messages.SUCCESS,
            )
