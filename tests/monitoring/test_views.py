import csv
import io
import json
import re

import pytest
from django.urls import reverse

from monitoring.models import Report, ReportState, SubActivity
from monitoring.reports import OPEN_DATA_FIELDS

from .conftest import END, START

pytestmark = pytest.mark.django_db

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


def test_it_sends_anonymous_visitors_to_the_login_page(client, plan):
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_answers_404_to_applicants(client, plan, applicant):
    client.force_login(applicant)
    assert client.get(reverse("monitoring:dashboard")).status_code == 404


def test_it_shows_officials_the_indicators_of_the_period(client, dataset, official):
    client.force_login(official)
    response = client.get(reverse("monitoring:dashboard"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-indicator="i4">43.235,06 EUR<' in html
    assert 'data-indicator="i1">7<' in html
    # Charts are inline SVG with their data beside them, and ids unique in the page.
    assert html.count('<svg role="img"') == 10  # the header's icons are SVG too
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # Officials read: no edit links.
    assert reverse("monitoring:subactivity_edit", args=[SubActivity.objects.first().pk]) not in html


def test_it_shows_the_dashboard_in_a_constant_number_of_queries(
    client, dataset, official, django_assert_max_num_queries
):
    client.force_login(official)
    client.get(reverse("monitoring:dashboard"))  # warm the dashboard cache and the session
    with django_assert_max_num_queries(22):
        assert client.get(reverse("monitoring:dashboard")).status_code == 200


def test_it_keeps_a_bad_period_and_says_why(client, plan, official):
    client.force_login(official)
    response = client.get(
        reverse("monitoring:dashboard"), {"start": "2025-06-01", "end": "2025-01-01"}
    )
    assert response.status_code == 200
    assert "2025-06-01" in response.content.decode()
    assert response.context["period_form"].errors


def test_it_refuses_a_bad_report_request_without_losing_the_input(client, plan, official):
    client.force_login(official)
    response = client.post(
        reverse("monitoring:report_request"),
        {"start": "2025-06-01", "end": "2025-01-01", "language": "it"},
    )
    assert response.status_code == 400
    assert response.context["report_form"]["start"].value() == "2025-06-01"
    assert not Report.objects.exists()


def test_it_builds_a_requested_report_and_serves_it(
    client, dataset, official, django_capture_on_commit_callbacks
):
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:report_request"), dict(PERIOD, language="en"))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:report_detail", args=[report.pk])
    status = client.get(reverse("monitoring:report_status", args=[report.pk])).json()
    assert status["state"] == ReportState.DONE and status["progress"] == 100
    pdf = client.get(status["pdf_url"])
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(status["xlsx_url"])
    assert b"".join(xlsx.streaming_content).startswith(b"PK")
    page = client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    assert report.sha256 in page and "monitoring/report.js" in page


def test_it_does_not_serve_an_unfinished_report(client, plan, official):
    from monitoring import services

    report = services.report_request(by=official, start=START, end=END, language="it", queue=False)
    client.force_login(official)
    assert client.get(reverse("monitoring:report_pdf", args=[report.pk])).status_code == 404
    page = client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    # Without JavaScript, a refresh link.
    assert 'id="report-refresh"' in page and 'id="report-refresh" hidden' not in page


def test_it_exports_supported_operations_as_json_with_the_documented_schema(client, dataset):
    # Public: no login.
    response = client.get(reverse("monitoring:open_data_json"), PERIOD)
    # Streamed: the whole plan at the region's size is half a million operations.
    assert response.streaming
    data = json.loads(b"".join(response.streaming_content))
    assert data["period"] == PERIOD
    operations = data["operations"]
    # Committed and decided in 2025: catalogue 5 (E1 x2, E2, E3, E6), audit 3, voucher 4.
    assert len(operations) == 12
    assert all(list(op) == OPEN_DATA_FIELDS for op in operations)
    persons = [op for op in operations if op["beneficiary_type"] == "person"]
    assert {op["beneficiary"] for op in persons} == {"persona fisica"}
    assert {op["FONDO_COMUNITARIO"] for op in persons} == {"FSE"}
    assert {op["DEN_COMUNE"] for op in persons} == {""}
    first = operations[0]
    assert first["decided_on"] == "2025-02-01" and first["OC_FINANZ_TOT_PUB_NETTO"] == "1000.00"
    assert first["OC_DATA_INIZIO_PROGETTO"] == "2025-02-01"
    assert first["nuts3"] == "ITI18" and first["eu_cofinancing_rate"] == "50.00"
    assert first["OC_COD_CATEGORIA_SPESA"] == "106"


def test_it_exports_supported_operations_as_csv(client, dataset):
    response = client.get(reverse("monitoring:open_data_csv"), PERIOD)
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff") and body.count("\ufeff") == 1
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert len(rows) == 12
    assert list(rows[0]) == OPEN_DATA_FIELDS
    assert sum(float(r["digital_amount"]) for r in rows) == pytest.approx(
        20000 + 5000 + 10000.50 + 9999
    )


def test_it_lets_staff_update_progress(client, plan, staff_user):
    sub = SubActivity.objects.get(code="a1-1")
    client.force_login(staff_user)
    url = reverse("monitoring:subactivity_edit", args=[sub.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"progress": "40", "status": "in_progress", "note": "Dati chiesti"})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.progress, sub.status, sub.updated_by) == (40, "in_progress", staff_user)


def test_it_refuses_progress_over_100_keeping_the_input(client, plan, staff_user):
    sub = SubActivity.objects.get(code="a1-1")
    client.force_login(staff_user)
    response = client.post(
        reverse("monitoring:subactivity_edit", args=[sub.pk]),
        {"progress": "140", "status": "in_progress", "note": "Mia nota"},
    )
    assert response.status_code == 200
    assert "Mia nota" in response.content.decode()
    sub.refresh_from_db()
    assert sub.progress == 0


def test_it_does_not_let_officials_edit_the_plan(client, plan, official):
    sub = SubActivity.objects.get(code="a1-1")
    client.force_login(official)
    assert client.get(reverse("monitoring:subactivity_edit", args=[sub.pk])).status_code == 404


def test_it_shows_staff_the_edit_links_and_english_under_en(client, plan, staff_user):
    client.force_login(staff_user)
    html = client.get("/en/monitoraggio/").content.decode()
    assert "Monitoring of the action plan" in html
    sub = SubActivity.objects.get(code="a1-1")
    assert reverse("monitoring:subactivity_edit", args=[sub.pk]) in html


def test_it_shows_a_plan_change_at_once_despite_the_cached_figures(client, staff_user):
    from monitoring.models import SubActivity
    from monitoring.services import monitoring_fixtures_load, subactivity_update

    monitoring_fixtures_load()
    client.force_login(staff_user)
    sub = SubActivity.objects.order_by("pk").first()
    assert '<td class="text-end">73%</td>' not in client.get("/monitoraggio/").content.decode()
    subactivity_update(subactivity=sub, progress=73, status=sub.status, note="", by=staff_user)
    assert '<td class="text-end">73%</td>' in client.get("/monitoraggio/").content.decode()


def test_it_publishes_the_dictionary_and_the_dcat_ap_it_catalogue_without_login(
    client, dataset, django_assert_max_num_queries
):
    page = client.get(reverse("monitoring:open_data_dictionary"))
    assert page.status_code == 200
    html = page.content.decode()
    for name in OPEN_DATA_FIELDS:
        assert f"<code>{name}</code>" in html, name
    assert "creativecommons.org/licenses/by/4.0" in html
    assert reverse("monitoring:open_data_catalogue") == "/monitoraggio/dati-aperti/catalogo.jsonld"
    with django_assert_max_num_queries(3):
        response = client.get(reverse("monitoring:open_data_catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert "dcatapit:Catalog" in catalogue["@type"]
    for key in ("dct:title", "dct:description", "dct:publisher", "dct:modified", "dcat:dataset"):
        assert catalogue[key], key
    dataset_meta = catalogue["dcat:dataset"][0]
    for key in (
        "dct:identifier",
        "dct:title",
        "dct:description",
        "dct:modified",
        "dcat:theme",
        "dct:rightsHolder",
        "dct:accrualPeriodicity",
        "dcat:distribution",
    ):
        assert dataset_meta[key], key
    # The latest approval in the data.
    assert dataset_meta["dct:modified"]["@value"] == "2026-01-01"
    for distribution in dataset_meta["dcat:distribution"]:
        assert distribution["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
        url = distribution["dcat:accessURL"]["@id"]
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize("who, kept", [("staff_user", True), ("official", False)])
def test_it_keeps_the_commentary_staff_write_with_the_report(client, plan, request, who, kept):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("monitoring:report_request"),
        {**PERIOD, "language": "it", "commentary": "Focus group con l'Università di Siena"},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.commentary == ("Focus group con l'Università di Siena" if kept else "")
