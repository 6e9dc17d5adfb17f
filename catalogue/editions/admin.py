"""The back office of the catalogue: staff draft, edit, publish, import and export
editions here. Published and superseded editions (and their services) are read-only:
the admin shows them but offers no change, and the services refuse one anyway."""

from __future__ import annotations

import secrets

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.editions.forms import (
    DraftFromForm,
    EditionImportForm,
    EditionPublishForm,
    ServiceAdminForm,
)
from catalogue.editions.history import HistoricalEdition, HistoricalService
from catalogue.editions.importing import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    export_csv,
    export_xlsx,
    import_preview,
    records_to_session,
)
from catalogue.editions.models import Edition, EditionState, Service
from catalogue.editions.selectors import edition_records
from catalogue.editions.services import (
    edition_create,
    edition_delete,
    edition_draft_from,
    edition_import,
    edition_publish,
    edition_update,
    service_create,
    service_delete,
    service_update,
)
from trinno_portal.funding.admin_records import HistoryAdmin

SESSION_KEY = "catalogue_import_previews"
SERVICE_FIELDS = [f for f in ServiceAdminForm.Meta.fields if f != "edition"]


def _is_draft(obj: Edition | Service | None) -> bool:
    if obj is None:
        return True
    edition = obj if isinstance(obj, Edition) else obj.edition
    return edition.state == EditionState.DRAFT


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "title",
        "state",
        "act_number",
        "act_date",
        "valid_from",
        "valid_until",
        "illustrative",
    )
    list_display_links = ("number", "title")
    list_filter = ("state", "illustrative")
    search_fields = ("title", "title_en", "act_number")
    readonly_fields = ("state", "based_on", "published_at", "valid_until")
    fields = (
        "number",
        "title",
        "title_en",
        ("act_type", "act_number", "act_date"),
        ("valid_from", "valid_until"),
        "notes",
        ("illustrative", "source"),
        ("state", "based_on", "published_at"),
    )
    change_form_template = "catalogue/admin/edition_change_form.html"
    change_list_template = "catalogue/admin/edition_change_list.html"
    actions = None

    def has_change_permission(self, request: HttpRequest, obj: Edition | None = None) -> bool:
        # A published edition is the text of a regional act: never changed in place.
        return super().has_change_permission(request, obj) and _is_draft(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Edition | None = None) -> bool:
        return super().has_delete_permission(request, obj) and obj is not None and _is_draft(obj)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.cleaned_data}
        if change:
            edition_update(edition=obj, **data)
        else:
            created = edition_create(**data)
            obj.pk = created.pk

    def delete_model(self, request, obj):
        edition_delete(edition=obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="catalogue_edition_import"),
            path("<int:pk>/draft/", view(self.draft_view), name="catalogue_edition_draft"),
            path("<int:pk>/publish/", view(self.publish_view), name="catalogue_edition_publish"),
            path(
                "<int:pk>/export/<str:fmt>/",
                view(self.export_view),
                name="catalogue_edition_export",
            ),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **extra,
        }

    def _change_url(self, edition: Edition) -> str:
        return reverse("admin:catalogue_edition_change", args=[edition.pk])

    def draft_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        source = get_object_or_404(Edition, pk=pk)
        initial = {
            "title": _("%(title)s (new edition)") % {"title": source.title},
            "title_en": f"{source.title_en} (new edition)",
        }
        form = DraftFromForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            draft = edition_draft_from(edition=source, **form.cleaned_data)
            self.message_user(
                request,
                _("Draft edition %(number)s created as a copy of edition %(source)s.")
                % {"number": draft.number, "source": source.number},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(draft))
        title = _("Draft a new edition from edition %(number)s") % {"number": source.number}
        return TemplateResponse(
            request,
            "catalogue/admin/edition_draft.html",
            self._context(request, title, form=form, original=source),
        )

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        edition = get_object_or_404(Edition, pk=pk)
        if not self.has_change_permission(request, edition):
            self.message_user(request, _("Only a draft edition can be published."), messages.ERROR)
            return HttpResponseRedirect(self._change_url(edition))
        form = EditionPublishForm(request.POST or None, instance=edition)
        if request.method == "POST" and form.is_valid():
            try:
                edition_publish(
                    edition=edition,
                    **{name: form.cleaned_data[name] for name in EditionPublishForm.Meta.fields},
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _("Edition %(number)s is published.") % {"number": edition.number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(edition))
        title = _("Publish edition %(number)s") % {"number": edition.number}
        return TemplateResponse(
            request,
            "catalogue/admin/edition_publish.html",
            self._context(
                request,
                title,
                form=form,
                original=edition,
                service_count=edition.services.count(),
            ),
        )

    def export_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        edition = get_object_or_404(Edition, pk=pk)
        if not self.has_view_permission(request, edition):
            raise PermissionDenied
        records = edition_records(edition)
        if fmt == "xlsx":
            response = HttpResponse(export_xlsx(records), content_type=XLSX_CONTENT_TYPE)
        elif fmt == "csv":
            response = HttpResponse(export_csv(records), content_type=CSV_CONTENT_TYPE)
        else:
            return HttpResponse(status=404)
        name = f"catalogo-edizione-{edition.number}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload, preview with row-by-row errors, confirm. The checked rows wait in the
        session between preview and confirmation; nothing is saved before the confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        previews = request.session.get(SESSION_KEY, {})
        if request.method == "POST" and "confirm" in request.POST:
            pending = previews.pop(request.POST.get("token", ""), None)
            request.session[SESSION_KEY] = previews
            if pending is None:
                self.message_user(
                    request,
                    _("This preview has expired or was already imported: upload the file again."),
                    messages.ERROR,
                )
                return HttpResponseRedirect(reverse("admin:catalogue_edition_import"))
            try:
                edition = edition_import(records=pending.pop("records"), **pending)
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(reverse("admin:catalogue_edition_import"))
            self.message_user(
                request,
                _("Edition %(number)s imported as a draft with %(count)s services.")
                % {"number": edition.number, "count": edition.services.count()},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(edition))

        form = EditionImportForm(request.POST or None, request.FILES or None)
        preview = token = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            preview = import_preview(content=upload.read(), filename=upload.name)
            if preview.ok:
                token = secrets.token_urlsafe(16)
                # One pending preview per officer is enough; drop older ones.
                request.session[SESSION_KEY] = {
                    token: {
                        "number": form.cleaned_data["number"],
                        "title": form.cleaned_data["title"],
                        "title_en": form.cleaned_data["title_en"],
                        "records": records_to_session(preview.records()),
                    }
                }
        return TemplateResponse(
            request,
            "catalogue/admin/edition_import.html",
            self._context(request, _("Import an edition"), form=form, preview=preview, token=token),
        )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceAdminForm
    list_display = (
        "code",
        "name",
        "area",
        "is_digital",
        "intensity_micro",
        "intensity_small",
        "intensity_medium",
        "illustrative",
        "edition_link",
    )
    list_display_links = ("code", "name")
    list_filter = ("edition", "area", "is_digital", "illustrative")
    list_select_related = ("edition",)
    search_fields = ("code", "name", "name_en")
    ordering = ("edition", "area", "sort_key")
    # Deleting goes through the change page, one service at a time, so that a service of
    # a published edition can never be deleted in bulk.
    actions = None
    fieldsets = (
        (None, {"fields": ("edition", ("code", "area"), "is_digital")}),
        (gettext_lazy("Name and description"), {"fields": SERVICE_FIELDS[2:6]}),
        (
            gettext_lazy("Provider requirements"),
            {"fields": ("provider_requirements", "provider_requirements_en")},
        ),
        (
            gettext_lazy("Costs and aid intensity"),
            {
                "fields": (
                    ("min_cost", "max_cost"),
                    ("intensity_micro", "intensity_small", "intensity_medium"),
                )
            },
        ),
        (gettext_lazy("Source"), {"fields": ("illustrative", "source")}),
    )

    @admin.display(description=gettext_lazy("edition"), ordering="edition__number")
    def edition_link(self, obj: Service) -> str:
        return format_html("{} ({})", obj.edition.number, obj.edition.get_state_display())

    def has_change_permission(self, request: HttpRequest, obj: Service | None = None) -> bool:
        return super().has_change_permission(request, obj) and _is_draft(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Service | None = None) -> bool:
        return super().has_delete_permission(request, obj) and _is_draft(obj)

    def get_readonly_fields(self, request, obj=None):
        # The edition a service belongs to is chosen once, when it is added.
        return ("edition",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "edition":
            kwargs["queryset"] = Edition.objects.filter(state=EditionState.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in SERVICE_FIELDS}
        if change:
            service_update(service=obj, **data)
        else:
            created = service_create(edition=form.cleaned_data["edition"], **data)
            obj.pk = created.pk

    def delete_model(self, request, obj):
        service_delete(service=obj)


@admin.register(HistoricalService)
class HistoricalServiceAdmin(HistoryAdmin):
    list_display = ["history_date", "history_user", "history_type", "code", "name", "edition"]
    list_select_related = ["history_user", "edition"]
    search_fields = ["=code", "name"]


@admin.register(HistoricalEdition)
class HistoricalEditionAdmin(HistoryAdmin):
    list_display = ["history_date", "history_user", "history_type", "number", "title", "state"]
    search_fields = ["title"]
