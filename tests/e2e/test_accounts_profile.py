"""Part 1 of the SME journey in the browser: sign up, confirm the e-mail, create the
company profile (a wrong Partita IVA first), and read the size class with its steps."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def test_it_signs_up_confirms_and_creates_the_company_profile(portal, page: Page):
    page.goto(portal.url + "/")
    page.get_by_role("banner").get_by_role("link", name="Registrati").click()
    page.get_by_label("Email").fill("titolare@oreficeria.example.it")
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_label("Password (di nuovo)").fill(PASSWORD)
    page.get_by_role("button", name="Registrazione").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verifica")

    # The confirmation e-mail (locmem backend in tests) carries the link.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Conferma").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()

    page.goto(portal.url + "/imprese/")
    page.get_by_role("link", name="Nuovo profilo d'impresa").click()
    page.get_by_label("Ragione sociale").fill("Oreficeria Aretina srl")
    page.get_by_label(re.compile(r"^\s*Partita IVA\s*\*?\s*$")).fill("0123")
    page.get_by_label("Codice fiscale").fill("00743110157")
    page.get_by_label("Forma giuridica").select_option("srl")
    page.get_by_label("Data di costituzione").fill("2005-03-01")
    page.get_by_label("PEC (posta elettronica certificata)").fill("oreficeria@pec.example.it")
    page.get_by_label("Codice ATECO dell'attività prevalente").fill("32.12.10")
    page.get_by_label("Sede legale: indirizzo").fill("Via Roma 1")
    page.get_by_label("Comune").fill("Arezzo")
    page.get_by_label("CAP").fill("52100")
    page.get_by_label("Provincia").select_option("AR")
    page.get_by_label("Anno di riferimento").fill("2024")
    page.get_by_label("Effettivi (unità lavorative annue, ULA)").fill("8")
    page.get_by_label("Fatturato annuo (EUR)").fill("1200000")
    page.get_by_label("Totale di bilancio annuo (EUR)").fill("900000")
    page.get_by_role("button", name="Salva").click()

    expect(
        page.get_by_text("La Partita IVA 0123 non è valida: deve avere 11 cifre")
    ).to_be_visible()
    # Nothing typed is lost.
    expect(page.get_by_label("Ragione sociale")).to_have_value("Oreficeria Aretina srl")
    expect(page.get_by_label("Fatturato annuo (EUR)")).to_have_value("1200000")

    page.get_by_label(re.compile(r"^\s*Partita IVA\s*\*?\s*$")).fill("00743110157")
    page.get_by_role("button", name="Salva").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Oreficeria Aretina srl")
    expect(page.locator(".size-class")).to_have_text("Microimpresa")
    expect(page.locator(".size-steps li").last).to_have_text(
        "Effettivi 8 < 10 ULA e fatturato 1.200.000 EUR <= 2.000.000 EUR: Microimpresa."
    )
    expect(page.get_by_text("Legale rappresentante", exact=True)).to_be_visible()
