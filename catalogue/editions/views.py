"""Public pages of the catalogue: browse and search an edition, a page per service, the
list of editions and the differences between two editions (HTML and PDF)."""

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalogue.editions.diff import EditionDiff
from catalogue.editions.forms import DiffForm, ServiceSearchForm
from catalogue.editions.models import Area, Service
from catalogue.editions.selectors import (
    edition_default_for_public,
    edition_previous,
    edition_visible,
    editions_diff,
    editions_visible,
    service_visible,
    services_browse,
)
from catalogue.editions.services import PUBLIC_PAGES_CACHE
from trinno_portal.accounts.models import SizeClass
from trinno_portal.lib.cache import anonymous_page_cache
from trinno_portal.lib.pdf import render_pdf

# Anonymous visitors are most of the catalogue's traffic and see the same pages until the
# next publication (which bumps the cache's version): render each page once per URL,
# language and day rather than once per visit (issue 8).
public_cached = anonymous_page_cache(PUBLIC_PAGES_CACHE, seconds=300)


def _include_drafts(request: HttpRequest) -> bool:
    # Drafts are work in progress of the agency: only its staff see them.
    return request.user.is_authenticated and request.user.is_staff


@require_GET
@public_cached
def service_list(request: HttpRequest, number: int | None = None) -> HttpResponse:
    if number is None:
        edition = edition_default_for_public()
    else:
        edition = edition_visible(number, include_drafts=_include_drafts(request))
    form = ServiceSearchForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    page = None
    if edition is not None:
        page = services_browse(
            edition=edition,
            q=filters.get("q", ""),
            area=filters.get("area", ""),
            digital=filters.get("digital", False),
            size=filters.get("size", ""),
            page=filters.get("page") or 1,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/service_list.html",
        {
            "edition": edition,
            "form": form,
            "page": page,
            "size": filters.get("size", ""),
            "query_without_page": query.urlencode(),
            "areas": Area.choices,
        },
    )


@require_GET
@public_cached
def service_detail(request: HttpRequest, number: int, code: str) -> HttpResponse:
    edition = edition_visible(number, include_drafts=_include_drafts(request))
    service = service_visible(edition=edition, code=code)
    sizes = [
        (SizeClass.MICRO.label, service.intensity_micro),
        (SizeClass.SMALL.label, service.intensity_small),
        (SizeClass.MEDIUM.label, service.intensity_medium),
    ]
    return render(
        request,
        "catalogue/service_detail.html",
        {"edition": edition, "service": service, "sizes": sizes},
    )


@require_GET
@public_cached
def edition_list(request: HttpRequest) -> HttpResponse:
    editions = list(
        editions_visible(include_drafts=_include_drafts(request))
        .select_related("based_on")
        .order_by("-number")
    )
    return render(request, "catalogue/edition_list.html", {"editions": editions})


def _display(field: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field == "area":
        return str(Area(value).label) if value in Area.values else str(value)
    if isinstance(value, Decimal):
        suffix = " %" if field.startswith("intensity_") else " EUR"
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True) + suffix
    return str(value)


def _diff_rows(diff: EditionDiff) -> list[dict[str, object]]:
    """The changes ready for a template: labels and formatted old and new values."""
    labels = {f.name: f.verbose_name for f in Service._meta.concrete_fields}
    return [
        {
            "code": change.code,
            "name": change.new.get("name_en") if get_language() == "en" else change.new.get("name"),
            "fields": [
                {
                    "label": labels.get(fc.field, fc.field),
                    "old": _display(fc.field, fc.old),
                    "new": _display(fc.field, fc.new),
                }
                for fc in change.fields
            ],
        }
        for change in diff.changed
    ]


def _diff_context(request: HttpRequest) -> dict[str, object]:
    include_drafts = _include_drafts(request)
    editions = list(editions_visible(include_drafts=include_drafts).order_by("-number"))
    by_number = {e.number: e for e in editions}
    context: dict[str, object] = {"editions": editions, "old": None, "new": None}
    if "da" in request.GET or "a" in request.GET:
        form = DiffForm(request.GET, editions=editions)
        if not form.is_valid():
            context["form"] = form
            return context
        old, new = by_number[form.cleaned_data["da"]], by_number[form.cleaned_data["a"]]
    else:
        new = edition_default_for_public()
        old = edition_previous(new, include_drafts=include_drafts) if new else None
        form = DiffForm(
            initial={"da": old.number if old else None, "a": new.number if new else None},
            editions=editions,
        )
    context["form"] = form
    if old is None or new is None:
        return context
    diff = editions_diff(old, new)
    context.update(
        {
            "old": old,
            "new": new,
            "diff": diff,
            "changed": _diff_rows(diff),
            "pdf_url": reverse("catalogue:diff_pdf") + f"?da={old.number}&a={new.number}",
        }
    )
    return context


@require_GET
@public_cached
def edition_diff(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/edition_diff.html", _diff_context(request))


@require_GET
def edition_diff_pdf(request: HttpRequest) -> HttpResponse:
    context = _diff_context(request)
    if context["old"] is None:
        # Nothing to print: the HTML page says what is wrong with the request.
        return render(request, "catalogue/edition_diff.html", context, status=400)
    pdf = render_pdf("catalogue/edition_diff_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"catalogo-differenze-{context['old'].number}-{context['new'].number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
