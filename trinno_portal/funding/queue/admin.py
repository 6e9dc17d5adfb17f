"""The staff work queue on the application admin: filters an officer works with,
assignment (singly, in bulk, "my queue"), due dates that stand out, internal notes, the
applicant's profile and de minimis ledger on the page, and exports of any filtered list.

Everything here reads through the admin's own querysets and writes through
services_triage and exports; ApplicationAdmin (admin.py) mixes QueueAdminMixin in.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.accounts.models import User
from trinno_portal.funding.admin_base import ReadOnlyTabularInline
from trinno_portal.funding.deadlines import is_overdue
from trinno_portal.funding.models import Application, DeMinimisEntry
from trinno_portal.funding.queue.exports import (
    EXPORT_THRESHOLD,
    changelist_queryset,
    export_bytes,
    export_content_type,
    export_filename,
    export_frame,
    export_job_create,
    strip_export_params,
)
from trinno_portal.funding.queue.models import ApplicationNote, ExportFormat
from trinno_portal.funding.queue.rows import QueueRows, clock_cell
from trinno_portal.funding.queue.services import (
    DIGEST_HORIZON_DAYS,
    OPEN_STATES,
    application_assign,
    application_note_add,
    officers,
)
from trinno_portal.funding.rules import AidReceived, de_minimis_headroom
from trinno_portal.funding.services import FundingError
from trinno_portal.procedure.selectors import clock_for, clocks_for_page

# --- filters ---------------------------------------------------------------------------


class DigitalServicesFilter(admin.SimpleListFilter):
    title = gettext_lazy("digital services")
    parameter_name = "digital"

    def lookups(self, request, model_admin):
        return [("yes", _("Requested")), ("no", _("None requested"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(digital_amount__gt=0)
        if self.value() == "no":
            return queryset.filter(digital_amount=0)
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = gettext_lazy("assigned officer")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("Me")), ("none", _("Nobody"))] + officer_choices()

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_to=request.user)
        if value == "none":
            return queryset.filter(assigned_to__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assigned_to_id=int(value))
        return queryset


OFFICER_CHOICES_KEY = "funding:queue:officer-choices"
OFFICER_CHOICES_SECONDS = 300


def officer_choices() -> list[tuple[str, str]]:
    """The officers as choices of the "assigned officer" filter, read at most every few
    minutes.

    Finding them scans the users table (25 staff among 400,000 applicants, no index on
    is_staff): 65 ms of PostgreSQL on every page of the queue at 100,000 applications,
    more than the rest of the page (issue 8). Officers are appointed rarely; one appears
    among the choices within OFFICER_CHOICES_SECONDS, and filtering by an officer's id
    works at once, the choices only label the links.
    """
    choices = cache.get(OFFICER_CHOICES_KEY)
    if choices is None:
        choices = [(str(user.pk), str(user)) for user in officers()]
        cache.set(OFFICER_CHOICES_KEY, choices, OFFICER_CHOICES_SECONDS)
    return choices


class DueFilter(admin.SimpleListFilter):
    title = gettext_lazy("due date")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due in the next %(days)d days") % {"days": DIGEST_HORIZON_DAYS}),
            ("none", _("No due date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.filter(due_on__lt=today, status__in=OPEN_STATES)
        if value == "soon":
            horizon = today + dt.timedelta(days=DIGEST_HORIZON_DAYS)
            return queryset.filter(due_on__gte=today, due_on__lte=horizon)
        if value == "none":
            return queryset.filter(due_on__isnull=True)
        return queryset


# --- exports of any list -----------------------------------------------------------------


class ExportAdminMixin:
    """CSV and XLSX of the list as filtered, at <changelist>/export/?...&_export=xlsx.

    Read permission is enough: officials download reports too. Above EXPORT_THRESHOLD
    rows the file is written in the background (exports.export_job_create).
    """

    export_columns: list[tuple[str, str]] = []

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name=f"{opts.app_label}_{opts.model_name}_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        file_format = request.GET.get("_export", ExportFormat.CSV)
        if file_format not in ExportFormat.values:
            raise Http404
        opts = self.model._meta
        changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        request.GET = strip_export_params(request.GET)
        try:
            queryset = changelist_queryset(self, request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(changelist_url)
        if queryset[: EXPORT_THRESHOLD + 1].count() > EXPORT_THRESHOLD:
            job = export_job_create(
                owner=request.user,
                model_label=opts.label_lower,
                query=request.GET.urlencode(),
                file_format=file_format,
            )
            messages.info(
                request,
                _(
                    "The list has more than %(rows)s rows: the file is being prepared. "
                    "Download it from “Exports” when it is ready (export %(job)s)."
                )
                % {"rows": f"{EXPORT_THRESHOLD:n}", "job": job.pk},
            )
            return HttpResponseRedirect(reverse("admin:funding_exportjob_changelist"))
        content = export_bytes(export_frame(queryset, self.export_columns), file_format)
        response = HttpResponse(content, content_type=export_content_type(file_format))
        name = export_filename(opts.label_lower, file_format, timezone.now())
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def changelist_view(self, request: HttpRequest, extra_context=None):
        opts = self.model._meta
        base = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
        query = request.GET.copy()
        links = []
        for file_format in ExportFormat.values:
            query["_export"] = file_format
            links.append((file_format.upper(), f"{base}?{query.urlencode()}"))
        extra_context = {**(extra_context or {}), "export_links": links}
        return super().changelist_view(request, extra_context)


# --- the application page ------------------------------------------------------------------


class ApplicationNoteInline(ReadOnlyTabularInline):
    model = ApplicationNote
    fields = ["created_at", "author", "kind", "text"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("internal notes (not shown to the applicant)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("New internal note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=gettext_lazy("Officer"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers()


def _due_cell(obj: Application, today: dt.date) -> str:
    if obj.due_on is None:
        return "—"
    day = obj.due_on.strftime("%d/%m/%Y")
    if is_overdue(obj.due_on, today) and obj.status in OPEN_STATES:
        late = (today - obj.due_on).days
        return format_html(
            '<strong class="triage-overdue" style="color:#ba2121">⚠ {} · {}</strong>',
            day,
            _("%(days)d days late") % {"days": late},
        )
    return day


def _report(request: HttpRequest, label: object, outcome: str, ok: bool = True) -> None:
    if ok:
        messages.success(
            request,
            _("%(application)s: %(outcome)s")
            % {
                "application": label,
                "outcome": outcome,
            },
        )
    else:
        messages.warning(
            request,
            _("%(application)s: skipped — %(reason)s")
            % {
                "application": label,
                "reason": outcome,
            },
        )


def assign_each(request: HttpRequest, applications, officer: User | None) -> int:
    """Assign each application in turn and say what happened to each."""
    done = 0
    for application in applications:
        try:
            changed = application_assign(application=application, officer=officer, by=request.user)
        except FundingError as exc:
            _report(request, application, str(exc), ok=False)
            continue
        if not changed:
            _report(request, application, _("nothing to change"), ok=False)
            continue
        done += 1
        _report(
            request,
            application,
            _("assigned to %(officer)s") % {"officer": officer}
            if officer
            else _("returned to the shared queue"),
        )
    return done


class QueueChangeList(ChangeList):
    """The row links carry the list's filters themselves.

    Django's result list passes each row's link through add_preserved_filters, which
    resolves the URL against every pattern of the portal to learn whether it is the
    list's own: 50 resolutions a page, a tenth of the page's time (issue 8). A row links
    to an application, never to the list, so the answer is known: the same link,
    ?_changelist_filters=... and all, without resolving.
    """

    # What the rows show (admin_queue_rows.py), and nothing else: a page read every
    # column of five tables (the call's rules parsed from JSON on each of its 50 rows).
    # Only the page reads this: actions build their own queryset, with every field.
    LIST_FIELDS = (
        "protocol_number",
        "scheme",
        "status",
        "submitted_at",
        "due_on",
        "grant_amount",
        "province",
        "size_class",
        "call",
        "call__title",
        "call__title_en",
        "enterprise",
        "enterprise__legal_name",
        "person",
        "person__first_name",
        "person__last_name",
        "assigned_to",
        "assigned_to__full_name",
        "assigned_to__email",
    )

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def get_results(self, request) -> None:
        # The call's legal days in the same row (a LEFT JOIN on a one-to-one): the page's
        # legal clocks then cost one query of history, whatever the page's length.
        self.queryset = self.queryset.only(*self.LIST_FIELDS).annotate(
            procedure_legal_days=F("call__procedure__legal_days")
        )
        super().get_results(request)
        self.clocks = clocks_for_page(list(self.result_list))

    def url_for_result(self, result) -> str:
        url = super().url_for_result(result)
        return f"{url}?{self.row_filters}" if self.row_filters else url

    def rows(self) -> QueueRows:
        return QueueRows(self, _due_cell)


class QueueAdminMixin(ExportAdminMixin):
    """Mixed into ApplicationAdmin: the queue's columns, filters, actions and views."""

    export_columns = [
        ("protocol_number", gettext_lazy("protocol number")),
        ("cup", gettext_lazy("CUP")),
        ("call__code", gettext_lazy("call")),
        ("scheme", gettext_lazy("scheme")),
        ("status", gettext_lazy("status")),
        ("enterprise__legal_name", gettext_lazy("enterprise")),
        ("enterprise__vat_number", gettext_lazy("Partita IVA")),
        ("person__last_name", gettext_lazy("last name")),
        ("person__first_name", gettext_lazy("first name")),
        ("person__tax_code", gettext_lazy("codice fiscale")),
        ("province", gettext_lazy("province")),
        ("size_class", gettext_lazy("size class")),
        ("submitted_at", gettext_lazy("submitted at")),
        ("due_on", gettext_lazy("due on")),
        ("total_cost", gettext_lazy("total cost (EUR)")),
        ("grant_amount", gettext_lazy("grant (EUR)")),
        ("digital_amount", gettext_lazy("requested for digital services (EUR)")),
        ("assigned_to__email", gettext_lazy("assigned officer")),
    ]

    def get_changelist(self, request: HttpRequest, **kwargs):
        return QueueChangeList

    @admin.display(description=gettext_lazy("due on"), ordering="due_on")
    def due(self, obj: Application) -> str:
        return _due_cell(obj, timezone.localdate())

    @admin.display(description=gettext_lazy("applicant profile"))
    def applicant_profile(self, obj: Application) -> str:
        return render_to_string(
            "admin/funding/application/applicant_profile.html",
            {"enterprise": obj.enterprise, "person": obj.person},
        )

    @admin.display(description=gettext_lazy("de minimis ledger"))
    def de_minimis_panel(self, obj: Application) -> str:
        if not obj.enterprise_id:
            return _("Not an enterprise: no de minimis ledger.")
        entries = list(
            DeMinimisEntry.objects.filter(enterprise_id=obj.enterprise_id).order_by(
                "-granted_on", "-id"
            )
        )
        today = timezone.localdate()
        room = de_minimis_headroom([AidReceived(e.granted_on, e.amount) for e in entries], today)
        return render_to_string(
            "admin/funding/application/de_minimis.html",
            {"entries": entries, "room": room, "grant": obj.grant_amount},
        )

    @admin.display(description=gettext_lazy("legal deadline"))
    def legal_clock(self, obj: Application) -> str:
        return clock_cell(clock_for(obj), self.get_empty_value_display())

    @admin.display(description=gettext_lazy("due on"))
    def deadline_panel(self, obj: Application) -> str:
        return format_html(
            "{}{}",
            _due_cell(obj, timezone.localdate()),
            render_to_string("procedure/_clock_admin.html", {"clock": clock_for(obj)}),
        )

    # --- actions ---

    @admin.action(description=gettext_lazy("Assign to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        assign_each(request, queryset.order_by("submitted_at", "pk"), request.user)

    @admin.action(description=gettext_lazy("Assign to an officer…"), permissions=["change"])
    def assign_to_officer(self, request: HttpRequest, queryset: QuerySet[Application]):
        applications = list(queryset.select_related("enterprise", "person").order_by("pk"))
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/funding/application/assign.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Assign to an officer"),
                    "opts": self.model._meta,
                    "applications": applications,
                    "form": form,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                },
            )
        assign_each(request, applications, form.cleaned_data["officer"])
        return None

    @admin.action(description=gettext_lazy("Return to the shared queue"), permissions=["change"])
    def unassign(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        assign_each(request, queryset.order_by("pk"), None)

    # --- views ---

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("mine/", view(self.my_queue_view), name="funding_application_my_queue"),
            path("<path:object_id>/note/", view(self.note_view), name="funding_application_note"),
            path(
                "<path:object_id>/assign-me/",
                view(self.assign_me_view),
                name="funding_application_assign_me",
            ),
            *super().get_urls(),
        ]

    def my_queue_view(self, request: HttpRequest) -> HttpResponse:
        url = reverse("admin:funding_application_changelist")
        return HttpResponseRedirect(f"{url}?{urlencode({'assigned': 'me'})}")

    def _object_for_change(self, request: HttpRequest, object_id: str) -> Application:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def note_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self._object_for_change(request, object_id)
        change_url = reverse("admin:funding_application_change", args=[obj.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = NoteForm(request.POST)
        try:
            if not form.is_valid():
                raise FundingError(_("Write the note before saving it."))
            application_note_add(
                application=obj, author=request.user, text=form.cleaned_data["text"]
            )
        except FundingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(application)s: note saved.") % {"application": obj})
        return HttpResponseRedirect(change_url + "#notes")

    def assign_me_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self._object_for_change(request, object_id)
        if request.method == "POST":
            assign_each(request, [obj], request.user)
        return HttpResponseRedirect(reverse("admin:funding_application_change", args=[obj.pk]))
