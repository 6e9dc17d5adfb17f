"""Back office of the records: the de minimis ledger, the uploaded documents, the
officers' exports, the history of every change of the catalogue, and the agency's
identity printed on the applicants' documents, and the click day's intakes."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.funding.admin_base import EstimatedCountPaginator, document_download_link
from trinno_portal.funding.models import (
    AgencyIdentity,
    DeMinimisEntry,
    Document,
    LedgerSource,
    SubmissionIntake,
)
from trinno_portal.funding.queue.admin import ExportAdminMixin
from trinno_portal.funding.queue.exports import export_content_type, export_filename
from trinno_portal.funding.queue.models import ExportJob, ExportState
from trinno_portal.lib.admin import SingleRowAdmin


@admin.register(DeMinimisEntry)
class DeMinimisEntryAdmin(ExportAdminMixin, admin.ModelAdmin):
    list_display = [
        "enterprise",
        "source",
        "granting_body",
        "regulation",
        "granted_on",
        "amount",
        "cor_code",
        "application",
    ]
    list_filter = ["source", "regulation"]
    list_select_related = ["enterprise", "application"]
    search_fields = ["=enterprise__vat_number", "enterprise__legal_name", "cor_code"]
    raw_id_fields = ["enterprise", "application"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    ordering = ["enterprise", "-granted_on"]
    change_list_template = "admin/funding/change_list_export.html"
    export_columns = [
        ("enterprise__legal_name", gettext_lazy("enterprise")),
        ("enterprise__vat_number", gettext_lazy("Partita IVA")),
        ("source", gettext_lazy("source")),
        ("granting_body", gettext_lazy("granting body")),
        ("measure", gettext_lazy("measure")),
        ("regulation", gettext_lazy("regulation")),
        ("granted_on", gettext_lazy("granted on")),
        ("amount", gettext_lazy("amount (EUR)")),
        ("cor_code", gettext_lazy("RNA COR code")),
        ("application__protocol_number", gettext_lazy("protocol number")),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: DeMinimisEntry | None = None):
        if obj is not None and obj.source == LedgerSource.PORTAL:
            # Granted here: the approval and the final grant write it. Only the COR code,
            # which the national register (RNA) assigns after the grant, is typed in.
            return [f.name for f in DeMinimisEntry._meta.fields if f.name != "cor_code"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: DeMinimisEntry | None = None):
        if obj is not None and obj.source == LedgerSource.PORTAL:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would skip the rule above
        return actions


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "application", "kind", "size", "uploaded_at", "download"]
    list_filter = ["kind"]
    list_select_related = ["application"]
    search_fields = ["=application__protocol_number", "original_name", "=sha256"]
    fields = [
        "application",
        "kind",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "download",
    ]
    readonly_fields = fields
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: Document) -> str:
        return document_download_link(obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return super().get_queryset(request).select_related("uploaded_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Each officer sees and downloads their own exports (superusers: everybody's)."""

    list_display = ["created_at", "model_label", "file_format", "state", "rows", "download"]
    list_filter = ["state", "file_format"]
    fields = [
        "owner",
        "model_label",
        "query",
        "file_format",
        "state",
        "rows",
        "error",
        "created_at",
        "finished_at",
        "download",
    ]
    readonly_fields = fields
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: ExportJob) -> str:
        if obj.state != ExportState.DONE:
            return obj.get_state_display()
        url = reverse("admin:funding_exportjob_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExportJob]:
        queryset = super().get_queryset(request).select_related("owner")
        return queryset if request.user.is_superuser else queryset.filter(owner=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made from a list's export links

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="funding_exportjob_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, object_id: str) -> FileResponse:
        # get_object goes through get_queryset: somebody else's export is a 404.
        job = self.get_object(request, unquote(object_id))
        if job is None or job.state != ExportState.DONE or not job.file:
            raise Http404
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=export_filename(job.model_label, job.file_format, job.created_at),
            content_type=export_content_type(job.file_format),
        )


class HistoryAdmin(admin.ModelAdmin):
    """Who changed what and when in the catalogue: read-only, kept for ever."""

    list_filter = ["history_type"]
    list_select_related = ["history_user"]
    date_hierarchy = "history_date"
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    ordering = ["-history_date", "-history_id"]

    @admin.display(description=gettext_lazy("what changed"))
    def changes(self, obj) -> str:
        previous = obj.prev_record
        if previous is None:
            return _("Created.") if obj.history_type == "+" else "—"
        delta = obj.diff_against(previous)
        if not delta.changes:
            return _("No field changed.")
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><th>{}</th><td>{}</td><td>→ {}</td></tr>",
                ((c.field, c.old, c.new) for c in delta.changes),
            ),
        )

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [*self.get_fields(request, obj), "changes"]

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [
            "history_date",
            "history_user",
            "history_type",
            *[f.name for f in self.model.tracked_fields],
            "changes",
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AgencyIdentity)
class AgencyIdentityAdmin(SingleRowAdmin):
    """The letterhead and signatory of receipts, letters and agreements. One row."""

    list_display = ("__str__", "legal_name", "signatory_name", "updated_at")
    readonly_fields = ("updated_at",)


@admin.register(SubmissionIntake)
class SubmissionIntakeAdmin(admin.ModelAdmin):
    """Read only: an intake is written by the submit button and numbered by its drain
    (funding/intake.py); staff see what waits and why one was refused."""

    list_display = ["application", "received_at", "state", "done_at", "message"]
    list_filter = ["state"]
    search_fields = ["application__protocol_number", "application__enterprise__legal_name"]
    list_select_related = ["application__enterprise"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    readonly_fields = [f.name for f in SubmissionIntake._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: SubmissionIntake | None = None
    ) -> bool:
        return False
