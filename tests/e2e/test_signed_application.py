"""A legal representative downloads the application form, signs it (here with the demo
key, as the README tells a newcomer to), uploads it and submits; after the approval the
unsigned letter of assignment is refused and the signed one starts the project."""

import pytest
from playwright.sync_api import Page, expect

from audits.call.services import audit_application_start
from tests.audits.conftest import fill_draft
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.signatures_pki import sign_pades
from trinno_portal.signatures.demo import demo_chain, demo_pki_ensure


@pytest.fixture
def demo_signer(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.SIGNATURE_DEMO_DIR = tmp_path / "signatures"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def _sign(path) -> dict:
    signer, chain = demo_chain()
    with open(path, "rb") as pdf:
        signed = sign_pades(pdf.read(), signer=signer, chain=chain)
    return {"name": "firmato.pdf", "mimeType": "application/pdf", "buffer": signed}


def test_the_legal_representative_signs_the_application_and_the_letter(
    portal, page: Page, applicant, staff_user, demo_signer
):
    call = Call.objects.get(code="audit-industria-40")
    member = MembershipFactory(user=applicant)
    demo_pki_ensure(legal_rep_email=applicant.email)
    application = fill_draft(
        audit_application_start(call=call, enterprise=member.enterprise, user=applicant),
        signed_form=False,
    )

    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()

    # Submitting before the signed form is refused, and the draft stays.
    page.goto(portal.url + f"/audit/domanda/{application.pk}/riepilogo/")
    page.get_by_role("button", name="Presenta la domanda").click()
    expect(page.get_by_text("Scarica il modulo di domanda, fallo firmare")).to_be_visible()

    page.goto(portal.url + f"/audit/domanda/{application.pk}/passo/documents/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica il modulo di domanda (PDF)").click()
    form = download.value.path()
    # The unsigned form is refused, naming why.
    page.get_by_label("Documento").select_option("application_form")
    page.get_by_label("File").set_input_files(str(form))
    page.get_by_role("button", name="Carica").click()
    expect(page.get_by_text("non ha una firma digitale")).to_be_visible()
    page.get_by_label("Documento").select_option("application_form")
    page.get_by_label("File").set_input_files(_sign(form))
    page.get_by_role("button", name="Carica").click()
    expect(page.get_by_text("Documento caricato.")).to_be_visible()
    expect(page.get_by_text("Firma verificata")).to_be_visible()

    page.get_by_role("link", name="Vai al riepilogo e all'invio").click()
    page.get_by_role("button", name="Presenta la domanda").click()
    application.refresh_from_db()
    assert application.protocol_number
    expect(page.get_by_text(f"numero di protocollo {application.protocol_number}")).to_be_visible()

    application_approve(application=application, by=staff_user)
    page.goto(portal.url + f"/audit/domanda/{application.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica la lettera (PDF)").click()
    letter = download.value.path()
    page.get_by_label("File").set_input_files(str(letter))
    page.get_by_role("button", name="Carica la lettera firmata e avvia il progetto").click()
    expect(page.get_by_text("non ha una firma digitale")).to_be_visible()
    expect(page.locator(".portal-status")).to_have_text("Approvata")

    page.get_by_label("File").set_input_files(_sign(letter))
    page.get_by_role("button", name="Carica la lettera firmata e avvia il progetto").click()
    expect(page.locator(".portal-status")).to_have_text("Progetto in corso")
    assert Application.objects.get(pk=application.pk).status == Status.IN_PROGRESS
