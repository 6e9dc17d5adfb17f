"""An SME member applies to the innovation-services call in Italian: bad input first (a
project cost below 15,000 EUR, a service not in the edition in force), then a complete
application, submitted, with its eligibility outcome."""

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from catalogue.call.models import ServiceRequest
from tests.audits.conftest import MINIMAL_PDF
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory
from tests.signed import demo_signed_upload
from trinno_portal.funding.models import Application
from trinno_portal.funding.workflow import Status
from trinno_portal.signatures.demo import demo_pki_ensure


@pytest.fixture
def member(portal, applicant):
    return MembershipFactory(user=applicant)


def _login(page: Page, portal, email: str) -> None:
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()


def _fill_row(page: Page, i: int, service: str, cost: str) -> None:
    page.locator(f'[name="services-{i}-service"]').select_option(service)
    page.locator(f'[name="services-{i}-provider_name"]').fill("Digital Innovation Hub Toscana")
    page.locator(f'[name="services-{i}-provider_vat_number"]').fill("00743110157")
    page.locator(f'[name="services-{i}-provider_requirements"]').fill("Fornitore qualificato")
    page.locator(f'[name="services-{i}-cost"]').fill(cost)


def test_it_applies_submits_and_shows_the_eligibility_outcome(
    portal, page: Page, member, settings, tmp_path
):
    # The call requires the application form signed: signed here with the demo key.
    settings.DEMO_MODE = True
    settings.SIGNATURE_DEMO_DIR = tmp_path / "signatures"
    demo_pki_ensure(legal_rep_email=member.user.email)
    with translation.override("it"):
        eligible = str(Status.ELIGIBLE.label)
    _login(page, portal, member.user.email)

    page.goto(portal.url + "/catalogo/bando/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("servizi per l'innovazione")
    expect(page.get_by_role("table", name="Linee di finanziamento")).to_contain_text(
        "2.600.000,00 EUR"
    )
    page.get_by_role("button", name="Inizia la domanda").click()
    expect(page.get_by_role("heading", name="Servizi e fornitori")).to_be_visible()

    # Bad input: a project cost of 10,000 EUR. A message, and nothing saved.
    page.get_by_label("Che cosa otterrai con i servizi").fill("Un gestionale ERP")
    _fill_row(page, 0, "A.2", "10000")
    page.get_by_role("button", name="Salva e prosegui").click()
    expect(page.get_by_role("alert").filter(has_text="15.000,00 EUR").first).to_be_visible()
    expect(page.locator(".portal-formset-errors")).to_contain_text(
        "Il costo del progetto di 10.000,00 EUR è inferiore al minimo di 15.000,00 EUR"
    )
    # What was typed is still there.
    expect(page.locator('[name="services-0-cost"]')).to_have_value("10000")
    assert not ServiceRequest.objects.exists()

    # Bad input: a service that is not in the edition in force (posted by hand).
    page.locator('[name="services-0-service"]').evaluate(
        "el => { const o = new Option('Z.9.9', 'Z.9.9'); el.add(o); el.value = 'Z.9.9'; }"
    )
    page.locator('[name="services-0-cost"]').fill("20000")
    page.get_by_role("button", name="Salva e prosegui").click()
    expect(
        page.get_by_text("Il servizio Z.9.9 non è nell'edizione del catalogo in vigore")
    ).to_be_visible()
    assert not ServiceRequest.objects.exists()

    # A good one: B.2.4 (ERP, a digital service) for 20,000 EUR.
    _fill_row(page, 0, "B.2.4", "20000")
    page.get_by_role("button", name="Salva e prosegui").click()
    expect(page.get_by_role("heading", name="Dichiarazione de minimis")).to_be_visible()
    page.get_by_text("Dichiaro che gli aiuti").click()
    page.get_by_role("button", name="Salva e prosegui").click()

    expect(page.get_by_role("heading", name="Documenti", level=2)).to_be_visible()
    page.get_by_label("Documento").select_option(label="Preventivo del fornitore per B.2.4")
    page.get_by_label("File").set_input_files(
        {"name": "preventivo.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    page.get_by_role("button", name="Carica", exact=True).click()
    expect(page.get_by_role("link", name="preventivo.pdf")).to_be_visible()
    with page.expect_download() as form:
        page.get_by_role("link", name="Scarica il modulo di domanda (PDF)").click()
    page.get_by_label("Documento").select_option("application_form")
    with open(form.value.path(), "rb") as unsigned:
        page.get_by_label("File").set_input_files(demo_signed_upload(unsigned.read()))
    page.get_by_role("button", name="Carica", exact=True).click()
    expect(page.get_by_text("Firma verificata")).to_be_visible()
    page.get_by_role("link", name="Vai al riepilogo e all'invio").click()

    expect(page.locator(".portal-expected-aid")).to_have_text("10.000,00 EUR")
    page.get_by_role("button", name="Presenta la domanda").click()

    application = Application.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.protocol_number)
    page.reload()  # the eligibility check ran after the submission committed
    expect(page.locator(".portal-status")).to_have_text(eligible)
    expect(page.locator(".portal-grant")).to_have_text("10.000,00 EUR")
    expect(page.get_by_role("heading", name="Verifica di ammissibilità")).to_be_visible()
    expect(page.locator("tr.portal-outcome-ok").first).to_be_visible()
    expect(page.locator("tr.portal-outcome-ko")).to_have_count(0)
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert application.digital_amount == application.total_cost
