"""Pieces the funding admin modules share: money in the officer's language, the document
download link, read-only inlines. The paginator that does not count a million rows lives
in trinno_portal/lib/admin.py (the accounts admin uses it too) and is re-exported here."""

from decimal import Decimal

from django.contrib import admin
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from trinno_portal.funding.models import Document
from trinno_portal.lib.admin import EstimatedCountPaginator  # noqa: F401 (re-exported)


def document_download_link(document: Document) -> str:
    try:
        url = reverse("funding:document_download", args=[document.pk])
    except NoReverseMatch:  # the download view is not wired in this installation
        return "—"
    return format_html('<a href="{}">{}</a>', url, _("Download"))


def money(value: Decimal | None) -> str:
    # In the officer's language: 1.345.500,00 EUR in Italian, 1,345,500.00 EUR in English.
    if value is None:
        return "—"
    return number_format(value, 2, use_l10n=True, force_grouping=True) + " EUR"


class ReadOnlyInline:
    """History and evidence: shown, never edited here."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyTabularInline(ReadOnlyInline, admin.TabularInline):
    pass


class ReadOnlyStackedInline(ReadOnlyInline, admin.StackedInline):
    pass
