import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from catalogue.call.models import ServiceRequest
from trinno_portal.funding.models import Application
from trinno_portal.funding.workflow import Status

from ..factories import MembershipFactory
from .conftest import fill_draft, start

pytestmark = pytest.mark.django_db


def test_it_shows_the_call_with_the_budget_of_every_envelope(client, catalogue_call):
    body = client.get("/catalogo/bando/").content.decode()
    for amount in ("4.600.000,00", "2.000.000,00", "2.600.000,00", "4.040.000,00", "560.000,00"):
        assert f"{amount} EUR" in body
    assert "Turismo, commercio e terziario" in body


def _row(prefix, i, service, cost, vat="00743110157"):
    return {
        f"{prefix}-{i}-service": service,
        f"{prefix}-{i}-provider_name": "DIH Toscana",
        f"{prefix}-{i}-provider_vat_number": vat,
        f"{prefix}-{i}-provider_requirements": "Qualified provider",
        f"{prefix}-{i}-cost": cost,
    }


def _services_post(application, rows):
    data = {
        "version": str(application.version),
        "project_summary": "ERP",
        "services-TOTAL_FORMS": str(len(rows)),
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "15",
    }
    for i, (service, cost) in enumerate(rows):
        data.update(_row("services", i, service, cost))
    return data


def test_it_starts_a_draft_and_saves_the_services(client, catalogue_call, member):
    client.force_login(member.user)
    response = client.post("/catalogo/bando/domanda/nuova/", {"enterprise": member.enterprise.pk})
    application = Application.objects.get()
    url = reverse("catalogue:call_step", args=[application.pk, "services"])
    assert response.url == url
    response = client.post(url, _services_post(application, [("B.2.4", "20000.00")]))
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.service.code == "B.2.4" and request.cost == Decimal("20000.00")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("A.2", "10000.00")], "15.000,00 EUR"),
        ([("Z.9.9", "20000.00")], "Z.9.9"),
        ([("B.2.4", "20000.00"), ("B.2.4", "20000.00")], ""),
        ([("B.2.4", "5000.00")], "B.2.4"),
    ],
)
def test_it_refuses_bad_services_with_a_message_and_saves_nothing(
    client, catalogue_call, member, rows, message
):
    client.force_login(member.user)
    application = start(catalogue_call, member)
    url = reverse("catalogue:call_step", args=[application.pk, "services"])
    response = client.post(url, _services_post(application, rows))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "is-invalid" in body or "alert-danger" in body
    assert 'value="DIH Toscana"' in body  # what was typed comes back
    assert not ServiceRequest.objects.exists()
    assert Application.objects.get().version == application.version


def test_it_submits_from_the_review_and_shows_the_eligibility_outcome(
    client, catalogue_call, member, django_capture_on_commit_callbacks
):
    client.force_login(member.user)
    application = fill_draft(start(catalogue_call, member))
    review = client.get(reverse("catalogue:call_review", args=[application.pk]))
    assert "15.000,00 EUR" in review.content.decode()  # expected aid
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("catalogue:call_review", args=[application.pk]),
            {"version": application.version},
            follow=True,
        )
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert application.protocol_number in response.content.decode()
    body = client.get(reverse("catalogue:call_application", args=[application.pk])).content
    body = body.decode()
    assert "portal-outcome-ok" in body and "portal-outcome-ko" not in body
    pdf = client.get(reverse("catalogue:call_receipt", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert application.protocol_number in text and "B.2.4" in text


def _urls(pk):
    return [
        ("get", reverse("catalogue:call_application", args=[pk])),
        ("get", reverse("catalogue:call_step", args=[pk, "services"])),
        ("get", reverse("catalogue:call_step", args=[pk, "de_minimis"])),
        ("get", reverse("catalogue:call_step", args=[pk, "documents"])),
        ("get", reverse("catalogue:call_review", args=[pk])),
        ("get", reverse("catalogue:call_receipt", args=[pk])),
        ("post", reverse("catalogue:call_review", args=[pk])),
        ("post", reverse("catalogue:call_withdraw", args=[pk])),
        ("post", reverse("catalogue:call_answer", args=[pk])),
        ("post", reverse("catalogue:call_step", args=[pk, "services"])),
    ]


def test_it_answers_404_to_another_sme_on_every_page(client, catalogue_call, member):
    application = fill_draft(start(catalogue_call, member))
    outsider = MembershipFactory()
    client.force_login(outsider.user)
    for method, url in _urls(application.pk):
        response = getattr(client, method)(url, {"text": "x", "version": application.version})
        assert response.status_code == 404, url
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert ServiceRequest.objects.filter(application=application).count() == 2


def test_it_answers_404_for_an_audit_application_on_the_catalogue_pages(client, audit_call, member):
    from audits.call.services import audit_application_start

    audit = audit_application_start(call=audit_call, enterprise=member.enterprise, user=member.user)
    client.force_login(member.user)
    assert client.get(reverse("catalogue:call_review", args=[audit.pk])).status_code == 404


def test_it_lists_the_applications_in_a_constant_number_of_queries(
    client, catalogue_call, member, django_assert_num_queries
):
    client.force_login(member.user)
    url = reverse("catalogue:call_dashboard")
    fill_draft(start(catalogue_call, member))
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        other = MembershipFactory(user=member.user)
        fill_draft(start(catalogue_call, other))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/riepilogo/") == 5


def test_it_shows_the_services_and_both_envelopes_on_the_admin_page(
    client, catalogue_call, member, staff_user, submit_catalogue
):
    application = submit_catalogue(fill_draft(start(catalogue_call, member)), member.user)
    client.force_login(staff_user)
    response = client.get(reverse("admin:funding_application_change", args=[application.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "B.2.4" in body and "A.2" in body
    assert "Manifatturiero" in body and "Annualità 2020" in body
