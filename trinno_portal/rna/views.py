"""The public transparency page (d.lgs. 33/2013, arts. 26-27) and its open-data
downloads, streamed; no login."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from trinno_portal.lib.spreadsheets import csv_chunks
from trinno_portal.rna import transparency as t


def _project_url(request: HttpRequest, pk: int) -> str:
    return request.build_absolute_uri(reverse("rna:grant", args=[pk]))


def _values(request: HttpRequest, grant: t.PublishedGrant) -> dict:
    return {
        "beneficiary": grant.beneficiary,
        "tax_code": grant.tax_code,
        "amount": f"{grant.amount:.2f}",
        "granted_on": grant.granted_on.isoformat(),
        "legal_basis": grant.legal_basis,
        "office": grant.office,
        "responsible_officer": grant.responsible_officer,
        "selection_method": grant.selection_method,
        "cor": grant.cor,
        "project_url": _project_url(request, grant.pk),
    }


def _csv(request: HttpRequest) -> Iterator[str]:
    rows = (
        [values[f] for f in t.FIELDS]
        for values in (_values(request, grant) for grant in t.grants_all())
    )
    # Cells through the shared writer (formula neutralising, byte-order mark); the licence
    # in the file itself, as the first line after the byte-order mark (it travels with the file).
    licence = f"# {t.LICENSE} {t.LICENSE_URL} - d.lgs. 33/2013, artt. 26-27\n"
    for n, chunk in enumerate(csv_chunks(t.FIELDS, rows, delimiter=",")):
        yield "\ufeff" + licence + chunk.removeprefix("\ufeff") if n == 0 else chunk


def _json(request: HttpRequest) -> Iterator[str]:
    metadata = {
        "license": t.LICENSE,
        "license_url": t.LICENSE_URL,
        "legal_basis": "d.lgs. 33/2013, artt. 26-27",
        "publisher": "Arezzo Innovazione S.p.A.",
        "generated_at": timezone.now().isoformat(),
    }
    yield '{"metadata": ' + json.dumps(metadata) + ', "grants": ['
    for i, grant in enumerate(t.grants_all()):
        yield ("," if i else "") + json.dumps(_values(request, grant), cls=DjangoJSONEncoder)
    yield "]}"


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "")
    license_link = f'<{t.LICENSE_URL}>; rel="license"'
    if fmt == "csv":
        response = StreamingHttpResponse(_csv(request), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="trasparenza-contributi.csv"'
        response["Link"] = license_link
        return response
    if fmt == "json":
        response = StreamingHttpResponse(_json(request), content_type="application/json")
        response["Link"] = license_link
        return response
    grants, next_cursor = t.grants_page(request.GET.get("after", ""))
    return render(
        request,
        "rna/transparency.html",
        {"grants": grants, "next_cursor": next_cursor, "license_url": t.LICENSE_URL},
    )


@require_GET
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    published = t.grant_published(pk)
    if published is None:
        raise Http404
    return render(request, "rna/grant.html", {"grant": published})
