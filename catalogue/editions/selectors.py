"""Reads on the catalogue: the edition in force, public browsing and search, differences.

Every list here runs a fixed number of queries whatever the number of services, and
pages are cut without counting the table (one row more than the page tells whether a
next page exists).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from catalogue.editions.diff import EditionDiff, diff_services
from catalogue.editions.models import Edition, EditionState, Service
from catalogue.editions.rules import RECORD_FIELDS
from trinno_portal.lib.search import query_forms

PUBLIC_STATES = (EditionState.PUBLISHED, EditionState.SUPERSEDED)
PAGE_SIZE = 20
SIZE_FIELDS = {
    "micro": "intensity_micro",
    "small": "intensity_small",
    "medium": "intensity_medium",
}


def edition_in_force(on: dt.date | None = None) -> Edition:
    """The edition in force on a day: the published (or since superseded) edition valid
    on it. Calls and applications store a foreign key to this edition when they are made.
    Raises Edition.DoesNotExist when no edition covers the day."""
    on = on or timezone.localdate()
    edition = (
        Edition.objects.filter(state__in=PUBLIC_STATES, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from", "-number")
        .first()
    )
    if edition is None:
        raise Edition.DoesNotExist(f"no catalogue edition is in force on {on.isoformat()}")
    return edition


def editions_visible(*, include_drafts: bool = False) -> QuerySet[Edition]:
    """Editions the public sees (published and superseded); staff also see drafts."""
    qs = Edition.objects.all()
    return qs if include_drafts else qs.filter(state__in=PUBLIC_STATES)


def edition_visible(number: int, *, include_drafts: bool = False) -> Edition:
    try:
        return editions_visible(include_drafts=include_drafts).get(number=number)
    except Edition.DoesNotExist as exc:
        raise Http404 from exc


def edition_default_for_public() -> Edition | None:
    """The edition the public catalogue opens on: the one in force today, or else the
    latest published one (published with a validity that starts tomorrow, for instance)."""
    try:
        return edition_in_force()
    except Edition.DoesNotExist:
        return editions_visible().order_by("-number").first()


@dataclass
class ServicePage:
    services: list[Service]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _search(qs: QuerySet[Service], q: str) -> QuerySet[Service]:
    if connection.vendor == "postgresql":
        # Imported here: django.contrib.postgres needs psycopg and is not an installed
        # app on SQLite; its search expressions work without being installed.
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("name", weight="A", config="italian")
            + SearchVector("name_en", weight="A", config="english")
            + SearchVector("description", weight="B", config="italian")
            + SearchVector("description_en", weight="B", config="english")
        )
        # One query in both languages: a visitor may type English on the Italian page.
        query = SearchQuery(q, search_type="websearch", config="italian") | SearchQuery(
            q, search_type="websearch", config="english"
        )
        return (
            qs.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(Q(search=query) | Q(code__istartswith=q))
            .order_by("-rank", "area", "sort_key")
        )
    # SQLite (the embedded default and the first CI run): every word of the query, or one
    # of its Italian or English stems, in the code, the name or the description in either
    # language ("brevetto" finds "brevetti"; lib/search.py).
    for forms in query_forms(q):
        match = Q()
        for form in forms:
            match |= (
                Q(code__icontains=form)
                | Q(name__icontains=form)
                | Q(name_en__icontains=form)
                | Q(description__icontains=form)
                | Q(description_en__icontains=form)
            )
        qs = qs.filter(match)
    return qs


def services_browse(
    *,
    edition: Edition,
    q: str = "",
    area: str = "",
    digital: bool = False,
    size: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> ServicePage:
    """One page of an edition's services, filtered and searched: a single query."""
    qs = Service.objects.filter(edition=edition).order_by("area", "sort_key")
    if area:
        qs = qs.filter(area=area)
    if digital:
        qs = qs.filter(is_digital=True)
    if size in SIZE_FIELDS:
        # A size class can buy a service only if the service gives it some aid.
        qs = qs.filter(**{f"{SIZE_FIELDS[size]}__gt": 0})
    if q.strip():
        qs = _search(qs, q.strip())
    page = max(page, 1)
    start = (page - 1) * page_size
    rows = list(qs[start : start + page_size + 1])
    return ServicePage(rows[:page_size], page, len(rows) > page_size)


def service_visible(*, edition: Edition, code: str) -> Service:
    try:
        return Service.objects.get(edition=edition, code=code.upper())
    except Service.DoesNotExist as exc:
        raise Http404 from exc


def edition_records(edition: Edition) -> list[dict[str, object]]:
    """An edition's services as plain records, in code order (for diff and export)."""
    return list(
        Service.objects.filter(edition=edition).order_by("area", "sort_key").values(*RECORD_FIELDS)
    )


def editions_diff(old: Edition, new: Edition) -> EditionDiff:
    return diff_services(edition_records(old), edition_records(new))


def edition_previous(edition: Edition, *, include_drafts: bool = False) -> Edition | None:
    """The edition to compare with by default: the one it was drafted from, else the
    visible edition numbered just before it."""
    if edition.based_on_id:
        base = editions_visible(include_drafts=include_drafts).filter(pk=edition.based_on_id)
        found = base.first()
        if found:
            return found
    return (
        editions_visible(include_drafts=include_drafts)
        .filter(number__lt=edition.number)
        .order_by("-number")
        .first()
    )
