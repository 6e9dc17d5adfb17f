import io
import re
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from monitoring import selectors, services
from monitoring.models import Indicator, Report, ReportState
from trinno_portal.templatetags.portal import eur

from .conftest import END, EXPECTED, START

pytestmark = pytest.mark.django_db


def _request(official, capture, language="it", **kwargs) -> Report:
    with capture(execute=True):
        report = services.report_request(
            by=official, start=START, end=END, language=language, **kwargs
        )
    report.refresh_from_db()
    return report


def _pdf_text(report: Report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _fmt(value: Decimal, unit: str, language: str) -> str:
    with translation.override(language):
        return eur(value) if unit == "eur" else floatformat(value, "0g")


@pytest.mark.parametrize("language", ["it", "en"])
def test_it_prints_the_selectors_numbers_in_the_pdf(
    dataset, official, django_capture_on_commit_callbacks, language
):
    report = _request(official, django_capture_on_commit_callbacks, language)
    assert report.state == ReportState.DONE and report.progress == 100
    text = _pdf_text(report)
    assert text.startswith("TRINNO") or "TRINNO" in text
    for indicator in Indicator.objects.all():
        value = _fmt(EXPECTED[indicator.code], indicator.unit, language)
        target = _fmt(indicator.target, indicator.unit, language)
        # Summary row: value, target and attainment side by side.
        assert re.search(rf"{re.escape(value)} {re.escape(target)} \d", text), indicator.code
    assert "43.235,06 EUR" in text if language == "it" else "43,235.06 EUR" in text
    # Page numbers and the date of the data.
    assert ("Pagina 1 di" in text) if language == "it" else ("Page 1 of" in text)
    assert "31/12/2025" in text


def test_it_writes_the_same_numbers_in_the_xlsx(
    dataset, official, django_capture_on_commit_callbacks
):
    report = _request(official, django_capture_on_commit_callbacks, "it")
    with report.xlsx_file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    with translation.override("it"):
        from django.utils.translation import gettext as _

        sheet = book[_("Indicators")]
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        code_col, value_col = header.index(_("Code")), header.index(_("Value"))
        cells = {row[code_col]: row[value_col] for row in rows[1:]}
        assert set(book.sheetnames) >= {
            _("Indicators"),
            _("Trend"),
            _("Activities"),
            _("Risks"),
            _("Budgets"),
            _("Applications"),
            _("Supported operations"),
        }
    selector_values = {v.code.upper(): v.value for v in selectors.indicator_values(START, END)}
    assert {k: Decimal(str(v)) for k, v in cells.items()} == selector_values
    assert cells["I4"] == pytest.approx(43235.06)


def test_it_lists_the_operations_in_the_xlsx_and_only_points_to_them_in_the_pdf(
    dataset, official, django_capture_on_commit_callbacks
):
    from trinno_portal.funding.models import Application

    report = _request(official, django_capture_on_commit_callbacks, "en")
    supported = set(
        selectors.supported_operations(START, END).values_list("protocol_number", flat=True)
    )
    assert len(supported) == 12
    with report.xlsx_file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    rows = list(book["Supported operations"].iter_rows(values_only=True))
    protocol = rows[0].index("Protocol")
    assert {row[protocol] for row in rows[1:]} == supported
    text = _pdf_text(report)
    # The PDF names the sheet, and prints no operation (hundreds of thousands of rows at
    # the size of the region would make it tens of thousands of pages).
    assert "is in the sheet “Supported operations” of the spreadsheet (XLSX)" in text
    every_protocol = Application.objects.exclude(protocol_number=None).values_list(
        "protocol_number", flat=True
    )
    assert not [number for number in every_protocol if number in text]


def test_it_keeps_parameters_data_date_hash_and_figures(
    dataset, official, django_capture_on_commit_callbacks
):
    import hashlib

    report = _request(official, django_capture_on_commit_callbacks)
    assert report.parameters == {"start": "2025-01-01", "end": "2025-12-31", "kind": "on_demand"}
    assert report.data_date == END
    with report.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == report.sha256
    assert report.file.name.startswith("reports/")
    assert report.figures == {code: str(v) for code, v in EXPECTED.items()}


def test_it_builds_a_report_once_whatever_the_number_of_runs(
    dataset, official, django_capture_on_commit_callbacks
):
    report = _request(official, django_capture_on_commit_callbacks)
    first = (report.file.name, report.sha256, report.finished_at)
    assert services.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert (report.file.name, report.sha256, report.finished_at) == first


def test_it_skips_a_report_another_worker_is_building(plan, official):
    report = services.report_request(by=official, start=START, end=END, language="it", queue=False)
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.RUNNING, started_at=report.created_at.now(tz=report.created_at.tzinfo)
    )
    assert services.report_build(report_id=report.pk) is False
    assert Report.objects.get(pk=report.pk).state == ReportState.RUNNING


def test_it_takes_over_a_report_whose_worker_died(plan, official):
    import datetime as dt

    report = services.report_request(by=official, start=START, end=END, language="it", queue=False)
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.RUNNING, started_at=report.created_at - dt.timedelta(hours=2)
    )
    assert services.report_build(report_id=report.pk) is True
    assert Report.objects.get(pk=report.pk).state == ReportState.DONE


def test_it_records_a_failure(plan, official, monkeypatch):
    from monitoring import report_xlsx

    report = services.report_request(by=official, start=START, end=END, language="it", queue=False)
    monkeypatch.setattr(report_xlsx, "render_xlsx", lambda content, operations: 1 / 0)
    assert services.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.state == ReportState.FAILED and "division" in report.error


def test_it_regenerates_a_past_report_with_the_numbers_it_had(
    dataset, official, django_capture_on_commit_callbacks
):
    from trinno_portal.funding.models import Application

    first = _request(official, django_capture_on_commit_callbacks)
    # The data changes afterwards (an approval is recorded late, for example).
    Application.objects.filter(scheme="audit", status="under_assessment").update(status="approved")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_regenerate(report=first, by=official)
    again.refresh_from_db()
    assert again.state == ReportState.DONE
    assert again.figures == first.figures
    assert again.parameters["figures_from"] == first.pk


def test_it_refuses_a_period_that_ends_in_the_future(plan, official):
    import datetime as dt

    from django.utils import timezone

    with pytest.raises(services.MonitoringError):
        services.report_request(
            by=official, start=START, end=timezone.localdate() + dt.timedelta(days=1), language="it"
        )
