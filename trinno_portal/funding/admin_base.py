"""Pieces the funding admin modules share: a paginator that does not count a million
rows, money in the officer's language, the document download link, read-only inlines."""

from decimal import Decimal

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .models import Document


class EstimatedCountPaginator(Paginator):
    """Counting a million rows on every page load is a full scan: the paginator never
    counts past COUNT_CAP rows. For the unfiltered list on PostgreSQL it uses the
    planner's estimate once the table is large; otherwise it counts at most COUNT_CAP + 1
    rows (SELECT COUNT(*) FROM (... LIMIT n)) and, beyond that, reports COUNT_CAP with
    `capped` set: the officer narrows the filters instead of paging through 200 pages."""

    COUNT_CAP = 10_000

    capped = False

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        if not query.where and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                    [self.object_list.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > 100_000:
                self.capped = True
                return int(row[0])
        counted = self.object_list[: self.COUNT_CAP + 1].count()
        if counted > self.COUNT_CAP:
            self.capped = True
            return self.COUNT_CAP
        return counted


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
