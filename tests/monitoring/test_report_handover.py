"""The report as it is handed to the Managing Authority: read back from the PDF, compared
with the XLSX built with it, and generated again to the same bytes."""

import hashlib
import io
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from monitoring import services
from monitoring.models import Report, ReportIdentity, ReportState, SubActivity
from trinno_portal.funding.models import Application, Call

from .conftest import END, START

pytestmark = pytest.mark.django_db

# A PNG of one pixel: an emblem as staff would upload it.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _build(official, language="en", **kwargs) -> Report:
    report = services.report_request(
        by=official, start=START, end=END, language=language, queue=False, **kwargs
    )
    assert services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.DONE
    return report


def _text(report: Report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _book(report: Report):
    with report.xlsx_file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


@pytest.fixture
def handover(dataset, official):
    identity = ReportIdentity.objects.create(
        pk=1, officer_name="Maria Rossi", officer_role_en="Head of the monitoring office"
    )
    identity.region_emblem.save("regione.png", ContentFile(PIXEL))
    # The grant at approval was 5,500; the final report brought it down to 4,250.
    final = Application.objects.filter(scheme="audit", status="monitoring").get()
    final.grant_amount, final.final_grant, final.eligible_cost = (
        Decimal("5500.00"),
        Decimal("4250.00"),
        Decimal("8500.00"),
    )
    final.cup = "J11B25000120007"
    final.save()
    # The calls as loaded: their internal codes must never reach the report.
    assert Call.objects.filter(code="audit-industria-40").exists()
    return final


def test_it_prints_every_section_and_no_internal_text(handover, official):
    report = _build(official, commentary="Shared with the Managing Authority: focus groups.")
    text = _text(report)
    for heading in (
        "Tuscany Region",
        "ERDF and ESF ROP Tuscany 2014-2020",
        "Period 1 January 2025 – 31 December 2025",
        "Responsible officer Maria Rossi, Head of the monitoring office",
        "Executive summary",
        "Commentary for the period Shared with the Managing Authority: focus groups.",
        "Indicators of the action plan",
        "Tuscany beside the province of Arezzo",
        "Activities and sub-activities",
        "Activity 1 ·",
        "Players",
        "Risks and contingency plans",
        "Calls and their budgets",
        "Applications by status and province",
        "Supported operations and money",
        "By status",
        "By province (NUTS 3)",
        "By size class",
        "By supply chain",
    ):
        assert heading in text, heading
    assert "docs/" not in text and ".md" not in text
    for code in Call.objects.values_list("code", flat=True):
        assert code not in text, code
    assert "illustrativ" not in text.lower()
    # One compact table, no one-point trend charts: the snapshots are too few.
    assert "trend against target" not in text
    # The emblem is in the PDF.
    with report.file.open("rb") as handle:
        assert b"/Subtype /Image" in handle.read()


def test_it_shows_the_innovation_call_once_broken_down_two_ways(handover, official):
    text = _text(_build(official))
    block = text[text.index("Support for the purchase of innovation services") :]
    block = block[: block.index("Applications by status")]
    assert block.count("Budget of the call 4,600,000.00 EUR") == 1  # the call's one total
    assert "The same budget by sector and reserve" in block
    assert "The same budget by year" in block
    assert "9,200,000" not in text


def test_the_xlsx_agrees_with_the_pdf(handover, official):
    report = _build(official)
    text = _text(report)
    book = _book(report)
    sheet = book["Supported operations"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    for column in ("CUP", "Partita IVA", "Eligible cost (EUR)", "Grant (EUR)", "Paid (EUR)"):
        assert column in header
    grant = header.index("Grant (EUR)")
    by_protocol = {row[header.index("Protocol")]: row for row in rows[1:]}
    # The final grant, not the first one.
    assert by_protocol[handover.protocol_number][grant] == 4250
    assert by_protocol[handover.protocol_number][header.index("CUP")] == "J11B25000120007"
    total = sum(Decimal(str(row[grant])) for row in rows[1:])
    assert f"Grants (final grant where set) {total:,.2f} EUR" in text
    assert total == Decimal("15250.00")  # 11 of 1,000 and 4,250
    # The money sheet has the same totals as the PDF's tables.
    money = list(book["Money"].iter_rows(values_only=True))
    by_status = [row for row in money[1:] if row[0] == "By status"]
    assert sum(Decimal(str(row[4])) for row in by_status) == total
    # Formats, frozen header, filters.
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{len(rows)}"
    assert sheet.column_dimensions["C"].width == 40
    second = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert second[header.index("Grant (EUR)")].number_format == '#,##0.00 "€"'
    assert second[header.index("Decided on")].number_format == "YYYY-MM-DD"


def test_a_report_generated_again_is_the_same_file(handover, official):
    first = _build(official, language="it")
    again = _build(official, language="it")
    assert again.sha256 == first.sha256
    assert again.xlsx_sha256 == first.xlsx_sha256
    # Staff move the plan on afterwards: generated again, the report prints the plan as
    # it was, so it is the same file.
    SubActivity.objects.update(progress=80, note="Changed later")
    regenerated = services.report_regenerate(report=first, by=official)
    services.report_build(report_id=regenerated.pk)
    regenerated.refresh_from_db()
    assert regenerated.state == ReportState.DONE
    with regenerated.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == first.sha256 == regenerated.sha256
    assert regenerated.content == first.content
    with translation.override("it"):
        assert "Changed later" not in _text(regenerated)


def test_it_keeps_the_plan_and_commentary_with_the_report(handover, official):
    SubActivity.objects.filter(pk=SubActivity.objects.first().pk).update(note="Focus group held")
    report = _build(official, commentary="Learnings shared")
    assert report.commentary == "Learnings shared"
    subs = [s for a in report.content["activities"] for s in a["subactivities"]]
    assert any(s["note"] == "Focus group held" for s in subs)
    assert report.content["identity"]["officer_name"] == "Maria Rossi"
    assert not re.search(r"\bi\d\b", str(report.content["calls"]))


def test_it_draws_a_trend_only_where_there_are_three_points(handover, official):
    import datetime as dt

    from monitoring import report_content, report_pdf
    from monitoring.models import Indicator, IndicatorSnapshot

    i1 = Indicator.objects.get(code="i1")
    for month in (10, 11):
        IndicatorSnapshot.objects.create(
            indicator=i1,
            taken_on=dt.date(2025, month, 1),
            period_start=START,
            period_end=dt.date(2025, month, 1) - dt.timedelta(days=1),
            value=Decimal(month - 8),
        )
    report = services.report_request(by=official, start=START, end=END, language="en", queue=False)
    with translation.override("en"):
        content = report_content.report_content_build(report)
        trends = report_pdf.charts(content)["trends"]
    assert [t["code"] for t in trends] == ["I1"]
    assert "I1 · trend against target" in trends[0]["svg"]
