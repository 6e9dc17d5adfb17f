import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from trinno_portal.funding.models import Application
from trinno_portal.funding.queue import exports
from trinno_portal.funding.queue.models import ExportJob, ExportState
from trinno_portal.lib import spreadsheets

from .conftest import bulk_applications

pytestmark = pytest.mark.django_db

EXPORT = reverse("admin:funding_application_export")


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def test_it_neutralises_formulas_in_cells():
    assert spreadsheets.neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheets.neutralise("+39 0575") == "'+39 0575"
    assert spreadsheets.neutralise("-1") == "'-1"
    assert spreadsheets.neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheets.neutralise("Rossi srl") == "Rossi srl"
    assert spreadsheets.neutralise(Decimal("-1.00")) == Decimal("-1.00")


def test_it_exports_the_filtered_list_to_csv_without_formulas(client, staff_user, audit_call):
    rows = bulk_applications(audit_call, 5)
    Application.objects.filter(pk=rows[0].pk).update(province="FI")
    enterprise = Application.objects.get(pk=rows[0].pk).enterprise
    enterprise.legal_name = "=cmd|' /C calc'!A0"
    enterprise.save()
    client.force_login(staff_user)
    response = client.get(EXPORT, {"province": "FI", "_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="funding-application-')
    table = _csv_rows(response)
    assert len(table) == 2  # the header and the one filtered row
    header, row = table
    assert len(header) == len(row) and row[0] == rows[0].protocol_number
    assert "'=cmd|' /C calc'!A0" in row
    assert "AR" not in row


def test_it_exports_the_list_to_xlsx_with_numbers_and_labels(client, staff_user, audit_call):
    bulk_applications(audit_call, 3)
    client.force_login(staff_user)
    response = client.get(EXPORT, {"_export": "xlsx", "q": "Q-2026-000002"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2
    assert "Q-2026-000002" in values[1]
    assert 4500 in values[1]  # the grant as a number, not text


def test_it_refuses_an_unknown_format(client, staff_user):
    client.force_login(staff_user)
    assert client.get(EXPORT, {"_export": "pdf"}).status_code == 404


def test_it_writes_a_large_export_in_the_background_and_only_its_owner_downloads_it(
    client, staff_user, other_officer, audit_call, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "EXPORT_THRESHOLD", 5)
    monkeypatch.setattr("trinno_portal.funding.queue.admin.EXPORT_THRESHOLD", 5)
    bulk_applications(audit_call, 8)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT, {"_export": "csv", "status": "eligible"})
    assert response.status_code == 302
    assert response.url == reverse("admin:funding_exportjob_changelist")
    job = ExportJob.objects.get()
    assert (job.owner, job.state, job.rows) == (staff_user, ExportState.DONE, 8)
    assert job.file.name.startswith("exports/")
    listing = client.get(response.url)
    download = reverse("admin:funding_exportjob_download", args=[job.pk])
    assert download in listing.text
    table = _csv_rows(client.get(download))
    assert len(table) == 9
    # Run again (a task delivered twice): nothing is rewritten.
    assert exports.export_job_run(job_id=job.pk).file.name == job.file.name
    client.force_login(other_officer)
    assert client.get(download).status_code == 404
    assert client.get(reverse("admin:funding_exportjob_changelist")).context["cl"].result_count == 0


def test_it_lets_an_official_export_what_they_can_read(client, official, audit_call):
    bulk_applications(audit_call, 2)
    client.force_login(official)
    response = client.get(EXPORT, {"_export": "csv"})
    assert response.status_code == 200 and len(_csv_rows(response)) == 3
    ledger = client.get(reverse("admin:funding_deminimisentry_export"), {"_export": "xlsx"})
    assert ledger.status_code == 200
