"""SPID in the browser, through the portal's local test IdP: a legal representative signs
in with SPID for legal persons, registers the company (confirmed at once) and submits an
audit application; a Partita IVA squatted by someone else is taken over by its proven
representative."""

import re

import pytest
from playwright.sync_api import Page, expect

from audits.call.services import audit_application_start
from tests.audits.conftest import audit_call, fill_draft  # noqa: F401 - the fixture
from tests.factories import EnterpriseFactory, MembershipFactory
from trinno_portal.accounts.models import Enterprise, Membership, RepresentativeStatus
from trinno_portal.funding.workflow import Status
from trinno_portal.spid import saml, testidp
from trinno_portal.spid.templatetags import spid as spid_tags

VAT = "00743110157"


@pytest.fixture
def spid_portal(portal, settings, tmp_path):
    settings.SPID_SP_URL = portal.url
    settings.SPID_SP_ENTITY_ID = portal.url + "/spid/metadata/"
    settings.SPID_SP_KEY_FILE = str(tmp_path / "sp.key")
    settings.SPID_SP_CERT_FILE = str(tmp_path / "sp.crt")
    settings.SPID_GENERATE_KEYS = True
    settings.SPID_IDP_REGISTRY_FILE = str(tmp_path / "none.xml")
    settings.SPID_EXTRA_IDP_METADATA = []
    settings.SPID_TEST_IDP = True
    settings.SPID_TEST_IDP_DIR = str(tmp_path / "idp")
    # Keys and metadata made before the browser's first page, not during it.
    saml.sp_metadata()
    testidp.metadata_file()
    spid_tags.providers()
    return portal


def _sign_in_with_spid(page: Page, portal, identity: str) -> None:
    page.set_default_timeout(90_000)
    page.goto(portal.url + "/accounts/login/")
    page.get_by_role("button", name="Entra con SPID").click()
    page.get_by_role("link", name="TRINNO test IdP").click()
    slow = 90_000  # two signatures and their checks each way, on a busy CI machine
    expect(page.get_by_role("heading", name="Identity provider di prova")).to_be_visible(
        timeout=slow
    )
    # The theme draws its own radio over the hidden input: the label is what a person clicks.
    page.locator("label.form-check-label", has_text=identity).click()
    page.get_by_role("button", name="Entra con questa identità").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible(timeout=slow)


def _fill_company(page: Page, portal) -> None:
    page.goto(portal.url + "/imprese/nuova/")
    page.get_by_label("Ragione sociale").fill("Oreficeria Aretina srl")
    page.get_by_label(re.compile(r"^\s*Partita IVA\s*\*?\s*$")).fill(VAT)
    page.get_by_label("Codice fiscale").fill(VAT)
    page.get_by_label("Forma giuridica").select_option("srl")
    page.get_by_label("Data di costituzione").fill("2005-03-01")
    page.get_by_label("PEC (posta elettronica certificata)").fill("oreficeria@pec.example.it")
    page.get_by_label("Codice ATECO dell'attività prevalente").fill("32.12.10")
    page.get_by_label("Sede legale: indirizzo").fill("Via Roma 1")
    page.get_by_label("Comune").fill("Arezzo")
    page.get_by_label("CAP").fill("52100")
    page.get_by_label("Provincia").select_option("AR")
    page.get_by_label("Anno di riferimento").fill("2025")
    page.get_by_label("Effettivi (unità lavorative annue, ULA)").fill("8")
    page.get_by_label("Fatturato annuo (EUR)").fill("1200000")
    page.get_by_label("Totale di bilancio annuo (EUR)").fill("900000")
    page.get_by_role("button", name="Salva").click()


def test_a_legal_representative_signs_in_with_spid_registers_and_submits(
    spid_portal,
    page: Page,
    audit_call,  # noqa: F811
):
    _sign_in_with_spid(page, spid_portal, "Giulia Bianchi: legale rappresentante")
    _fill_company(page, spid_portal)
    expect(page.locator(".size-class")).to_have_text("Microimpresa")
    expect(page.locator(".representative-confirmed")).to_be_visible()
    enterprise = Enterprise.objects.get(vat_number=VAT)
    assert enterprise.representative_status == RepresentativeStatus.CONFIRMED
    assert enterprise.representative_tax_code == "BNCGLI80A41A390Z"

    user = enterprise.memberships.get().user
    application = fill_draft(
        audit_application_start(call=audit_call, enterprise=enterprise, user=user)
    )
    page.goto(spid_portal.url + f"/audit/domanda/{application.pk}/riepilogo/")
    page.get_by_role("button", name="Presenta la domanda").click()
    expect(page.get_by_text(re.compile(r"AUD-|protocollo", re.I)).first).to_be_visible()
    application.refresh_from_db()
    assert application.status != Status.DRAFT and application.protocol_number


def test_a_squatted_partita_iva_is_taken_over_by_its_proven_representative(spid_portal, page: Page):
    squatted = EnterpriseFactory(
        vat_number=VAT, tax_code=VAT, representative_status=RepresentativeStatus.UNCONFIRMED
    )
    squatter = MembershipFactory(enterprise=squatted).user

    _sign_in_with_spid(page, spid_portal, "Giulia Bianchi: legale rappresentante")
    _fill_company(page, spid_portal)
    expect(page.get_by_text("il cui ruolo non è confermato")).to_be_visible()
    page.get_by_role("link", name="Rivendica l'impresa").click()
    expect(page.get_by_text("Sei entrato con lo SPID dell'impresa con Partita IVA")).to_be_visible()
    page.get_by_role("button", name="Rivendica l'impresa").click()
    expect(page.get_by_text("Ora sei il legale rappresentante confermato")).to_be_visible()
    expect(page.locator(".representative-confirmed")).to_be_visible()

    squatted.refresh_from_db()
    assert squatted.representative_tax_code == "BNCGLI80A41A390Z"
    assert not Membership.objects.filter(user=squatter).exists()
    assert squatted.events.filter(kind="taken_over").exists()


def test_a_person_signed_in_with_spid_finds_the_voucher_profile_filled(spid_portal, page: Page):
    _sign_in_with_spid(page, spid_portal, "Anna Neri: libera professionista")
    page.goto(spid_portal.url + "/voucher/profilo/")
    code = page.get_by_label("Codice fiscale")
    expect(code).to_have_value("NRENNA85M50A390O")
    expect(code).to_have_attribute("readonly", "")
    expect(page.get_by_label(re.compile(r"^\s*Nome\s*\*?\s*$"))).to_have_value("Anna")
    expect(page.get_by_label("Cognome")).to_have_value("Neri")
    expect(page.get_by_label("Data di nascita")).to_have_value(re.compile(r"1985|10/08"))
