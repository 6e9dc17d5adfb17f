"""Back office of the shared funding machinery: calls and their budget envelopes, the
applications of every scheme (read-only, moved along the workflow by actions that call the
services). Rankings: admin_ranking.py; the de minimis ledger and the documents:
admin_records.py; the transitions as actions: admin_transitions.py.

Region officials hold view permissions only: every action and the transition view ask
for the change permission, so they see everything and change nothing.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.accounts.geography import TUSCAN_NUTS3
from trinno_portal.accounts.models import SizeClass
from trinno_portal.funding.admin_base import (
    EstimatedCountPaginator,
    ReadOnlyTabularInline,
    document_download_link,
    money,
)
from trinno_portal.funding.admin_transitions import (
    STAFF_TRANSITIONS,
    confirm_page,
    reason_form,
    reason_page,
    run_for_each,
    staff_transitions_for,
    transition_action,
)
from trinno_portal.funding.models import (
    Application,
    BudgetCommitment,
    Call,
    CallDocument,
    CostItem,
    Document,
    EligibilityOutcome,
    Envelope,
    StatusChange,
)
from trinno_portal.funding.queue.admin import (
    ApplicationNoteInline,
    AssignedFilter,
    DigitalServicesFilter,
    DueFilter,
    ExportAdminMixin,
    NoteForm,
    QueueAdminMixin,
)
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.workflow import TRANSITIONS, Actor
from trinno_portal.lib.admin import LabelledInlineFormSet
from trinno_portal.procedure.admin_evaluators import assign_evaluators
from trinno_portal.signatures.admin import signature_summary

# --- calls and envelopes ---------------------------------------------------------------


class EnvelopeForm(forms.ModelForm):
    class Meta:
        model = Envelope
        fields = ["code", "name", "name_en", "kind", "amount"]

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if self.instance.pk:
            committed = Envelope.objects.values_list("committed", flat=True).get(
                pk=self.instance.pk
            )
            if amount < committed:
                raise forms.ValidationError(
                    _("The amount cannot be lower than what is already committed (%(committed)s).")
                    % {"committed": money(committed)}
                )
        return amount


class EnvelopeInline(admin.TabularInline):
    model = Envelope
    form = EnvelopeForm
    formset = LabelledInlineFormSet
    extra = 0
    fields = ["code", "name", "name_en", "kind", "amount", "committed", "available"]
    readonly_fields = ["committed", "available"]

    @admin.display(description=gettext_lazy("available (EUR)"))
    def available(self, obj: Envelope) -> str:
        return money(obj.available) if obj.pk else "—"


class CallDocumentInline(admin.TabularInline):
    # Published on the scheme's public call page (funding/_call_documents.html).
    model = CallDocument
    formset = LabelledInlineFormSet
    extra = 0
    fields = ["position", "kind", "title", "title_en", "file"]


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "code",
            "scheme",
            "title",
            "title_en",
            "legal_basis",
            "open_on",
            "close_on",
            "total_budget",
            "ranking_frequency",
            "rules",
            "protocol_prefix",
        ]

    def clean_total_budget(self) -> Decimal:
        total = self.cleaned_data["total_budget"]
        if self.instance.pk:
            committed = Call.objects.values_list("committed", flat=True).get(pk=self.instance.pk)
            if total < committed:
                raise forms.ValidationError(
                    _("The budget cannot be lower than what is already committed (%(committed)s).")
                    % {"committed": money(committed)}
                )
        return total


def _save_without_committed(obj: Call | Envelope) -> None:
    # `committed` moves only through the budget services, under row locks: saving the
    # value read when the form was opened would undo an approval made in the meantime.
    if obj.pk is None:
        obj.save()
        return
    fields = [
        f.name for f in obj._meta.concrete_fields if not f.primary_key and f.name != "committed"
    ]
    obj.save(update_fields=fields)


@admin.register(Call)
class CallAdmin(ExportAdminMixin, admin.ModelAdmin):
    form = CallForm
    list_display = [
        "code",
        "title",
        "scheme",
        "open_on",
        "close_on",
        "total_budget",
        "committed",
        "available_display",
    ]
    list_filter = ["scheme"]
    search_fields = ["code", "title", "title_en"]
    readonly_fields = ["committed", "available_display"]
    inlines = [EnvelopeInline, CallDocumentInline]
    change_list_template = "admin/funding/change_list_export.html"
    export_columns = [
        ("code", gettext_lazy("code")),
        ("scheme", gettext_lazy("scheme")),
        ("title", gettext_lazy("title")),
        ("open_on", gettext_lazy("open from")),
        ("close_on", gettext_lazy("closes on")),
        ("total_budget", gettext_lazy("total budget (EUR)")),
        ("committed", gettext_lazy("committed (EUR)")),
    ]

    @admin.display(description=gettext_lazy("available (EUR)"))
    def available_display(self, obj: Call) -> str:
        return money(obj.available) if obj.pk else "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Call | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        # The funding rules decide who gets money: only superusers change them.
        if not request.user.is_superuser:
            fields.append("rules")
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Call | None = None) -> bool:
        if obj is not None and obj.applications.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Call, form, change: bool) -> None:
        _save_without_committed(obj)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not Envelope:
            return super().save_formset(request, form, formset, change)
        for envelope in formset.save(commit=False):
            _save_without_committed(envelope)
        for envelope in formset.deleted_objects:
            envelope.delete()
        formset.save_m2m()


# --- applications ----------------------------------------------------------------------


class ProvinceFilter(admin.SimpleListFilter):
    # Fixed choices: the default filter would scan the whole table for distinct values.
    title = gettext_lazy("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return [(code, code) for code in sorted(TUSCAN_NUTS3)] + [("other", _("Other"))]

    def queryset(self, request, queryset):
        if self.value() == "other":
            return queryset.exclude(province__in=list(TUSCAN_NUTS3))
        return queryset.filter(province=self.value()) if self.value() else queryset


class SizeClassFilter(admin.SimpleListFilter):
    title = gettext_lazy("size class")
    parameter_name = "size_class"

    def lookups(self, request, model_admin):
        return SizeClass.choices

    def queryset(self, request, queryset):
        return queryset.filter(size_class=self.value()) if self.value() else queryset


class StatusChangeInline(ReadOnlyTabularInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class EligibilityOutcomeInline(ReadOnlyTabularInline):
    model = EligibilityOutcome
    fields = ["rule", "passed", "outcome_message", "legal_reference"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("message"))
    def outcome_message(self, obj: EligibilityOutcome) -> str:
        return obj.display_message


class DocumentInline(ReadOnlyTabularInline):
    model = Document
    fields = ["kind", "original_name", "size", "sha256", "uploaded_at", "download", "signature"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: Document) -> str:
        return document_download_link(obj)

    # The signature report kept at upload (trinno_portal/signatures).
    @admin.display(description=gettext_lazy("signature"))
    def signature(self, obj: Document) -> str:
        return signature_summary(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("signature_verification")


class CostItemInline(ReadOnlyTabularInline):
    model = CostItem
    fields = ["position", "description", "amount"]
    readonly_fields = fields


class BudgetCommitmentInline(ReadOnlyTabularInline):
    model = BudgetCommitment
    fields = ["at", "envelope", "amount", "reason", "by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("envelope__call", "by")


@admin.register(Application)
class ApplicationAdmin(QueueAdminMixin, admin.ModelAdmin):
    """The staff work queue: every scheme's applications, one page each."""

    # What fits an officer's 1,280 px screen beside the filters. The call is in the
    # protocol number's prefix (Call.protocol_prefix) and the province on the page: both
    # stay filters and columns of the exports.
    list_display = [
        "protocol_number",
        "applicant",
        "scheme",
        "status",
        "submitted_at",
        "due",
        "legal_clock",
        "assigned_to",
        "grant_amount",
        "size_class",
    ]
    list_filter = [
        "status",
        "scheme",
        "call",
        ProvinceFilter,
        SizeClassFilter,
        DigitalServicesFilter,
        AssignedFilter,
        DueFilter,
    ]
    list_select_related = ["call", "enterprise", "person", "assigned_to"]
    # Identifiers match exactly (an index can answer); names match in part.
    search_fields = [
        "=protocol_number",
        "=enterprise__vat_number",
        "=enterprise__tax_code",
        "enterprise__legal_name",
        "=person__tax_code",
        "person__last_name",
        "person__first_name",
    ]
    search_help_text = gettext_lazy(
        "Protocol number, Partita IVA or codice fiscale (exact), name of the enterprise or "
        "name or surname of the person."
    )
    sortable_by = ["protocol_number", "submitted_at", "due", "grant_amount", "status"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    ordering = ["-submitted_at", "-id"]
    actions = [
        "assign_to_me",
        "assign_to_officer",
        "unassign",
        assign_evaluators,
        *(transition_action(t) for t in STAFF_TRANSITIONS),
    ]
    change_list_template = "admin/funding/application/change_list.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "protocol_number",
                    "call",
                    "scheme",
                    "status",
                    "applicant",
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "approved_at",
                    "updated_at",
                ]
            },
        ),
        (
            gettext_lazy("Figures frozen at submission"),
            {
                "fields": [
                    "province",
                    "size_class",
                    "total_cost",
                    "eligible_cost",
                    "grant_amount",
                    "final_grant",
                    "digital_amount",
                    "eligibility_checked_at",
                ]
            },
        ),
        (gettext_lazy("Applicant"), {"fields": ["applicant_profile"], "classes": ["collapse"]}),
        (gettext_lazy("Budget"), {"fields": ["budget_panel"]}),
        (gettext_lazy("De minimis"), {"fields": ["de_minimis_panel"], "classes": ["collapse"]}),
        (gettext_lazy("Handling"), {"fields": ["assigned_to", "deadline_panel"]}),
    ]
    inlines = [
        StatusChangeInline,
        EligibilityOutcomeInline,
        DocumentInline,
        CostItemInline,
        BudgetCommitmentInline,
        ApplicationNoteInline,
    ]
    change_form_template = "admin/funding/application/change_form.html"

    @admin.display(description=gettext_lazy("applicant"))
    def applicant(self, obj: Application) -> str:
        return obj.applicant_name

    @admin.display(description=gettext_lazy("available budget"))
    def budget_panel(self, obj: Application) -> str:
        call = obj.call
        try:
            envelopes = scheme_for(obj.scheme).envelopes(obj)
        except (LookupError, KeyError):
            envelopes = []
        grant = obj.grant_amount or Decimal("0.00")
        can_approve = obj.status in TRANSITIONS["approve"].sources and grant > 0
        rows = [(call.display_title, call.available)] + [
            (e.display_name, e.available) for e in envelopes
        ]
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (name, money(available), money(available - grant) if can_approve else "—")
                for name, available in rows
            ),
        )
        note = (
            _("Approving this application commits %(grant)s on the call and on each envelope.")
            % {"grant": money(grant)}
            if can_approve
            else _("This application cannot be approved from its current status.")
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table><p>{}</p>",
            _("budget"),
            _("available now"),
            _("available after approval"),
            body,
            note,
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Application | None = None):
        # Status and money change only through the actions, which call the services.
        return flatten_fieldsets(self.fieldsets)

    def get_inlines(self, request: HttpRequest, obj: Application | None):
        # The scheme's own detail models (funding/schemes.py: Scheme.admin_inlines).
        extra = scheme_for(obj.scheme).admin_inlines if obj is not None else ()
        return [*self.inlines, *(import_string(path) for path in extra)]

    def get_inline_instances(self, request: HttpRequest, obj: Application | None = None):
        # Each record (history, outcomes, documents, costs, notes, the scheme's own) opens
        # on a click: open together they made the page 5,000 px long.
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            inline.classes = [*(inline.classes or []), "collapse"]
        return instances

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # The queue takes the width of the navigation sidebar: beside the filters, its
        # columns fit a 1,280 px screen only without it (the breadcrumbs lead back).
        extra_context = {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        return super().changelist_view(request, extra_context)

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        # Bulk deletion would skip the per-row rule below.
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applications are made by applicants, through the services

    def has_delete_permission(self, request: HttpRequest, obj: Application | None = None) -> bool:
        # What was submitted is on record: only a superuser may remove an abandoned draft.
        return bool(
            obj is not None
            and obj.status == "draft"
            and request.user.is_superuser
            and super().has_delete_permission(request, obj)
        )

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A draft's documents, cost rows and history go with it: the superuser who may
        # delete the draft (above) needs no right on each of them, read-only elsewhere.
        if request.user.is_superuser and all(o.status == "draft" for o in objs):
            perms_needed = set()
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Application) -> None:
        files = [(d.file.storage, d.file.name) for d in obj.documents.exclude(file="")]
        super().delete_model(request, obj)
        # The files after the commit: a rollback must find them still there.
        for storage, name in files:
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))

    def save_model(self, request: HttpRequest, obj: Application, form, change: bool) -> None:
        # Nothing is editable here; saving the row read when the page opened would undo
        # a transition another officer made in the meantime.
        return None

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        return None

    def get_urls(self):
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="funding_application_transition",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        transitions = []
        if obj is not None and self.has_change_permission(request, obj):
            transitions = [
                {
                    "label": scheme_for(obj.scheme).transition_label(t.name),
                    "needs_reason": t.needs_reason,
                    "url": reverse("admin:funding_application_transition", args=[obj.pk, t.name]),
                }
                for t in staff_transitions_for(obj)
            ]
        can_change = obj is not None and self.has_change_permission(request, obj)
        # The operation's claims and their check pages (funding/payments): a filtered
        # list, so the page reads no claim to link to them.
        claims_url = None
        if obj is not None and scheme_for(obj.scheme).payments is not None:
            claims_url = reverse("admin:payments_paymentclaim_changelist") + (
                f"?application__id__exact={obj.pk}"
            )
        extra_context.update(
            claims_url=claims_url,
            staff_transitions=transitions,
            can_handle=can_change,
            note_form=NoteForm() if can_change else None,
            my_queue_url=reverse("admin:funding_application_my_queue"),
            show_save=False,
            show_save_and_continue=False,
            show_save_and_add_another=False,
        )
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request: HttpRequest, object_id: str, name: str) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        transition = TRANSITIONS.get(name)
        if transition is None or Actor.STAFF not in transition.actors:
            raise Http404
        if not scheme_for(obj.scheme).uses(name):
            raise Http404
        change_url = reverse("admin:funding_application_change", args=[obj.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        reason = weighed = ""
        if transition.needs_reason:
            form = reason_form(transition, request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return reason_page(request, self, transition, [obj], form, as_action=False)
            reason = form.cleaned_data["reason"]
            weighed = form.cleaned_data.get("observations_weighed", "")
        confirm = confirm_page(request, self, transition, [obj], as_action=False)
        if confirm is not None:
            return confirm
        run_for_each(request, [obj], transition, reason, weighed)
        return HttpResponseRedirect(change_url)


# Registered by importing them: rankings, the de minimis ledger and the documents.
from trinno_portal.funding import admin_ranking, admin_records  # noqa: E402,F401
