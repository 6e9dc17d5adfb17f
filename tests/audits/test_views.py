import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from trinno_portal.funding.models import Application
from trinno_portal.funding.workflow import Status

from ..factories import MembershipFactory
from .conftest import MINIMAL_PDF, fill_draft

pytestmark = pytest.mark.django_db


def test_it_simulates_the_funding_on_a_public_page(client, audit_call):
    response = client.get("/audit/simulatore/", {"size_class": "micro", "investment": "9000"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "4.500,00 EUR" in body
    assert "7.500,00 EUR" in body


def test_it_serves_the_simulation_as_json(client, audit_call):
    response = client.get("/audit/api/simulatore/", {"size_class": "micro", "investment": "9000"})
    assert response.status_code == 200
    data = response.json()
    assert data["eligible_investment"] == "7500.00"
    assert data["funding_rate_percent"] == "60"
    assert data["grant"] == "4500.00"
    assert data["eligible"] is True
    assert data["call"] == "audit-industria-40"


@pytest.mark.parametrize(
    "params",
    [
        {"size_class": "huge", "investment": "1"},
        {"size_class": "micro", "investment": "x"},
        {"size_class": "micro", "investment": "1.001"},
        {"size_class": "micro", "investment": "-5"},
    ],
)
def test_it_answers_bad_simulator_input_with_400_and_the_reason(client, audit_call, params):
    response = client.get("/audit/api/simulatore/", params)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_it_shows_the_budget_still_available(client, audit_call):
    response = client.get("/audit/bando/")
    assert "1.500.000,00 EUR" in response.content.decode()


def _login(client, membership):
    client.force_login(membership.user)


def test_it_walks_a_draft_through_the_steps(client, audit_call, member):
    _login(client, member)
    response = client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
    application = Application.objects.get()
    assert response.url == f"/audit/domanda/{application.pk}/passo/project/"
    # An end date beyond six months is refused with a message, and what was typed stays.
    response = client.post(
        response.url,
        {
            "version": application.version,
            "project_summary": "Linea di produzione",
            "planned_start": "2099-01-10",
            "planned_end": "2099-09-10",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Linea di produzione" in body
    assert "6 mesi" in body
    application.refresh_from_db()
    assert application.audit.project_summary == ""


def test_it_refuses_a_save_from_a_second_tab(client, audit_call, member):
    _login(client, member)
    client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
    application = Application.objects.get()
    url = f"/audit/domanda/{application.pk}/passo/stamp/"
    stale = application.version
    day = "2026-01-10"
    client.post(url, {"version": stale, "serial": "1" * 14, "issued_on": day})
    response = client.post(
        url, {"version": stale, "serial": "2" * 14, "issued_on": day}, follow=True
    )
    assert "altra finestra" in response.content.decode()
    application.audit.refresh_from_db()
    assert application.audit.stamp_duty_serial == "1" * 14


def test_it_refuses_a_file_that_is_not_a_pdf_and_keeps_the_draft(client, audit_call, member):
    _login(client, member)
    client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
    application = Application.objects.get()
    png = SimpleUploadedFile("preventivo.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    response = client.post(
        f"/audit/domanda/{application.pk}/passo/documents/", {"kind": "quote", "file": png}
    )
    assert response.status_code == 200
    assert "non è un PDF" in response.content.decode()
    assert not application.documents.exists()


def test_it_submits_once_and_mails_the_receipt(
    client, audit_call, member, django_capture_on_commit_callbacks
):
    _login(client, member)
    application = fill_draft(
        Application.objects.get(
            pk=client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk}).url.split(
                "/"
            )[3]
        )
    )
    url = f"/audit/domanda/{application.pk}/riepilogo/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": application.version}, follow=True)
    application.refresh_from_db()
    assert application.protocol_number in response.content.decode()
    assert application.status == Status.ELIGIBLE
    # A double click posts the same form again: no second submission, a clear page.
    response = client.post(url, {"version": application.version - 2}, follow=True)
    assert response.status_code == 200
    assert Application.objects.exclude(protocol_number=None).count() == 1
    # One receipt, with its PDF (the eligibility outcome's news is the other e-mail).
    receipts = [m for m in mail.outbox if m.attachments]
    assert len(receipts) == 1 and len(mail.outbox) == 2
    message = receipts[0]
    assert application.protocol_number in message.subject
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert application.protocol_number in text


def test_it_shows_the_eligibility_outcomes_to_the_applicant(client, submit, audit_call, member):
    application = submit(fill_draft(_draft(client, member)), member.user)
    response = client.get(f"/audit/domanda/{application.pk}/")
    body = response.content.decode()
    assert "Verifica di ammissibilità" in body
    assert "7.500,00 EUR" in body
    response = client.get(f"/en/audit/domanda/{application.pk}/")
    assert "The investment of 9,000.00 EUR" in response.content.decode()


def _draft(client, member):
    _login(client, member)
    client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
    return Application.objects.get(enterprise=member.enterprise)


def test_it_serves_the_receipt_as_a_pdf(client, submit, audit_call, member):
    application = submit(fill_draft(_draft(client, member)), member.user)
    response = client.get(f"/audit/domanda/{application.pk}/ricevuta.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_it_hides_every_page_of_an_application_from_another_sme(client, submit, audit_call):
    owner = MembershipFactory()
    application = submit(fill_draft(_draft(client, owner)), owner.user)
    document = application.documents.get(kind="quote")
    client.force_login(MembershipFactory().user)
    urls = [
        reverse("audits:application_detail", args=[application.pk]),
        reverse("audits:application_step", args=[application.pk, "project"]),
        reverse("audits:application_review", args=[application.pk]),
        reverse("audits:application_receipt", args=[application.pk]),
        reverse("audits:application_letter", args=[application.pk]),
        reverse("audits:application_final_report", args=[application.pk]),
        reverse("funding:document_download", args=[document.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("application_withdraw", "application_answer", "application_sign_letter"):
        url = reverse(f"audits:{name}", args=[application.pk])
        assert client.post(url, {"text": "x"}).status_code == 404, url
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE


def test_it_lists_applications_in_a_constant_number_of_queries(
    client, submit, audit_call, django_assert_max_num_queries
):
    member = MembershipFactory()
    _login(client, member)
    client.get("/audit/")
    with django_assert_max_num_queries(12) as few:
        client.get("/audit/")
    # Read now: the next request resets the connection's query log.
    baseline = len(few.captured_queries)
    for _ in range(5):
        other = MembershipFactory(user=member.user)
        submit(fill_draft(_draft_for(client, other)), member.user)
    with django_assert_max_num_queries(baseline):
        response = client.get("/audit/")
    assert response.content.decode().count("AUD-") == 5


def _draft_for(client, membership):
    client.post("/audit/domanda/nuova/", {"enterprise": membership.enterprise.pk})
    return Application.objects.get(enterprise=membership.enterprise)


def test_it_answers_a_request_for_information(client, submit, audit_call, member):
    from trinno_portal.funding.services import application_transition

    application = submit(fill_draft(_draft(client, member)), member.user)
    application_transition(
        application=application, transition="request_info", by=None, reason="Send the quote"
    )
    response = client.get(f"/audit/domanda/{application.pk}/")
    assert "Send the quote" in response.content.decode()
    answer = SimpleUploadedFile("risposta.pdf", MINIMAL_PDF)
    client.post(
        f"/audit/domanda/{application.pk}/risposta/", {"text": "Here it is", "file": answer}
    )
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT
    assert application.documents.filter(kind="info_answer").exists()
    assert application.grant_amount == Decimal("4500.00")


def test_it_refuses_a_save_without_the_draft_version(client, audit_call, member):
    _login(client, member)
    client.post("/audit/domanda/nuova/", {"enterprise": member.enterprise.pk})
    application = Application.objects.get()
    url = f"/audit/domanda/{application.pk}/passo/stamp/"
    response = client.post(
        url, {"version": "forged", "serial": "1" * 14, "issued_on": "2026-01-10"}, follow=True
    )
    assert "altra finestra" in response.content.decode()
    application.audit.refresh_from_db()
    assert application.audit.stamp_duty_serial == ""
