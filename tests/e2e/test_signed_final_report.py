"""The final report the portal writes: on the report's page the legal representative
types the activities and the invoices, downloads the report to sign as a PDF, signs it
(here with the demo key), uploads it as the signed final report and files the report."""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from audits.call.services import audit_application_start
from tests.audits.conftest import (
    MINIMAL_PDF,
    fill_draft,
    submit,  # noqa: F401
)
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory
from tests.signed import demo_signed_upload, signed_document_attach
from trinno_portal.funding.aftercare.services import agreement_accept
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.workflow import Status
from trinno_portal.signatures.demo import demo_pki_ensure


@pytest.fixture
def demo_signer(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.SIGNATURE_DEMO_DIR = tmp_path / "signatures"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def in_progress(applicant, staff_user, demo_signer, submit):  # noqa: F811
    member = MembershipFactory(user=applicant)
    demo_pki_ensure(legal_rep_email=applicant.email)
    call = Call.objects.get(code="audit-industria-40")
    draft = audit_application_start(call=call, enterprise=member.enterprise, user=applicant)
    application = submit(fill_draft(draft), applicant)
    application_approve(application=application, by=staff_user)
    signed_document_attach(application, "signed_letter")
    agreement_accept(application=Application.objects.get(pk=application.pk), by=applicant)
    return Application.objects.get(pk=application.pk)


def test_the_legal_representative_signs_the_final_report_the_portal_wrote(
    portal, page: Page, applicant, in_progress
):
    assert in_progress.status == Status.IN_PROGRESS
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()

    page.goto(portal.url + f"/audit/domanda/{in_progress.pk}/relazione-finale/")
    page.get_by_label("Attività svolte").fill("Audit delle linee di produzione")
    page.get_by_label("Risultati e prossimi passi").fill("Piano in tre fasi")
    today = timezone.localdate().isoformat()
    page.locator("[name=inv-0-number]").fill("FT-17/2026")
    page.locator("[name=inv-0-issued_on]").fill(today)
    page.locator("[name=inv-0-supplier]").fill("DIH Toscana")
    page.locator("[name=inv-0-amount]").fill("6000")
    page.locator("[name=inv-0-paid_on]").fill(today)
    for kind in ("invoice", "payment_proof"):
        page.get_by_label("Documento").select_option(kind)
        page.get_by_label("File").set_input_files(
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
        )
        page.get_by_role("button", name="Carica", exact=True).click()
        expect(page.get_by_text("Documento caricato.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="PDF della relazione finale da firmare").click()
    report = open(download.value.path(), "rb").read()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report)).pages)
    assert "DIH Toscana" in text and "FT-17/2026" in text
    # What was typed is still on the page: the download left it.
    expect(page.get_by_label("Attività svolte")).to_have_value("Audit delle linee di produzione")

    page.get_by_label("Documento").select_option("final_report")
    page.get_by_label("File").set_input_files(demo_signed_upload(report, "relazione.pdf"))
    page.get_by_role("button", name="Carica", exact=True).click()
    expect(page.get_by_text("Documento caricato.")).to_be_visible()
    page.get_by_role("button", name="Presenta la relazione finale").click()
    expect(page.locator(".portal-status")).to_have_text("Relazione finale presentata")
    assert Application.objects.get(pk=in_progress.pk).status == Status.FINAL_REPORT
