"""The whole journey of an SME owner in Arezzo, in Italian, as a new user would walk it:
sign up, company profile, self-assessment, the call and the simulator, the application in
steps with its documents, submission, eligibility, the staff approval that follows, and
the signed letter of assignment. Bad input along the way gets a clear message."""

import re

from django.core import mail
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Page, expect

from audits.call.services import audit_application_start
from audits.selfassessment.models import Question
from tests.audits.conftest import MINIMAL_PDF, fill_draft
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory
from trinno_portal.accounts.models import Enterprise, RepresentativeProof
from trinno_portal.accounts.services_representative import (
    Evidence,
    enterprise_representative_confirm,
)
from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.workflow import Status

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": MINIMAL_PDF}


def _sign_up(page: Page, portal, email: str) -> None:
    page.goto(portal.url + "/")
    page.get_by_role("banner").get_by_role("link", name="Registrati").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_label("Password (di nuovo)").fill(PASSWORD)
    page.get_by_role("button", name="Registrazione").click()
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Conferma").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()


def _create_company(page: Page, portal) -> None:
    page.goto(portal.url + "/imprese/nuova/")
    page.get_by_label("Ragione sociale").fill("Oreficeria Aretina srl")
    page.get_by_label(re.compile(r"^\s*Partita IVA\s*\*?\s*$")).fill("00743110157")
    page.get_by_label("Codice fiscale").fill("00743110157")
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
    expect(page.locator(".size-class")).to_have_text("Microimpresa")


def _self_assessment(page: Page, portal) -> None:
    page.goto(portal.url + "/audit/autovalutazione/")
    page.get_by_role("button", name="Avvia l'autovalutazione").click()
    for question in Question.objects.order_by("area__position", "position"):
        option = question.options.get(score=2)
        page.get_by_role("group", name=question.text_it, exact=True).get_by_text(
            option.text_it, exact=True
        ).click()
    page.get_by_role("button", name="Concludi e vedi il risultato").click()
    expect(page.get_by_text("Specialista").first).to_be_visible()


def _signed_by_the_legal_representative(path, *, settings, name: str) -> dict:
    """The file signed with the demo key (trusted where DEMO_MODE is on), the legal
    representative holding its codice fiscale."""
    from trinno_portal.lib.signatures_pki import sign_pades
    from trinno_portal.signatures.demo import demo_chain, demo_pki_ensure

    settings.DEMO_MODE = True
    demo_pki_ensure(legal_rep_email="legale@oreficeria-aretina.example.it")
    signer, chain = demo_chain()
    with open(path, "rb") as unsigned:
        signed = sign_pades(unsigned.read(), signer=signer, chain=chain)
    return {"name": name, "mimeType": "application/pdf", "buffer": signed}


def _sign_letter_as_the_legal_representative(page: Page, *, letter_path, settings) -> None:
    page.get_by_label("File").set_input_files(
        _signed_by_the_legal_representative(
            letter_path, settings=settings, name="lettera-firmata.pdf"
        )
    )
    page.get_by_role("button", name="Carica la lettera firmata e avvia il progetto").click()


def _step(page: Page) -> None:
    page.get_by_role("button", name="Salva e prosegui").click()


def test_an_sme_applies_for_the_audit_and_staff_approve_it(
    portal, page: Page, browser, staff_user, settings, tmp_path
):
    settings.SIGNATURE_DEMO_DIR = tmp_path / "signatures"
    _sign_up(page, portal, "legale@oreficeria-aretina.example.it")
    _create_company(page, portal)
    # Typed, not proven: staff confirm the company from their queue (Chamber of Commerce record).
    expect(page.locator(".representative-unconfirmed")).to_be_visible()
    enterprise_representative_confirm(
        enterprise=Enterprise.objects.get(vat_number="00743110157"),
        evidence=Evidence(RepresentativeProof.STAFF),
        by=staff_user,
    )
    _self_assessment(page, portal)

    # The call, with the budget still available, and the public simulator.
    page.get_by_role("navigation", name="Menu principale").get_by_role(
        "link", name="Audit tecnologico"
    ).click()
    expect(page.locator(".portal-available")).to_have_text("1.500.000,00 EUR")
    page.get_by_role("link", name="Prova il simulatore del contributo").click()
    page.get_by_label("Dimensione d'impresa").select_option("micro")
    page.get_by_label("Investimento previsto (EUR, IVA esclusa)").fill("9000")
    page.get_by_role("button", name="Calcola").click()
    expect(page.locator(".portal-grant")).to_have_text("4.500,00 EUR")

    page.goto(portal.url + "/audit/bando/")
    page.get_by_role("button", name="Inizia la domanda").click()

    # Step 1: an end beyond six months is refused, and what was typed stays.
    start = timezone.localdate() + timezone.timedelta(days=10)
    page.get_by_label("Cosa esaminerà l'audit").fill("Linea di produzione e magazzino")
    page.get_by_label("Inizio previsto").fill(start.isoformat())
    page.get_by_label("Fine prevista").fill((start + timezone.timedelta(days=250)).isoformat())
    _step(page)
    expect(page.get_by_text("Il progetto dura più di 6 mesi")).to_be_visible()
    expect(page.get_by_label("Cosa esaminerà l'audit")).to_have_value(
        "Linea di produzione e magazzino"
    )
    page.get_by_label("Fine prevista").fill((start + timezone.timedelta(days=150)).isoformat())
    _step(page)

    page.get_by_label(re.compile(r"^\s*Fornitore\s*\*?\s*$")).fill("Digital Innovation Hub Toscana")
    page.get_by_label("Partita IVA del fornitore").fill("01234560512")
    page.get_by_label("Come il fornitore soddisfa").fill("Fornitore qualificato A.1")
    _step(page)

    page.locator("[name=costs-0-description]").fill("Audit Industria 4.0")
    page.locator("[name=costs-0-amount]").fill("9000")
    _step(page)

    page.get_by_text("Dichiaro che gli aiuti elencati sopra").click()
    _step(page)

    page.get_by_label("Numero seriale della marca da bollo").fill("01234567890123")
    page.get_by_label("Data di emissione della marca da bollo").fill(
        timezone.localdate().isoformat()
    )
    _step(page)

    # Documents: a picture renamed .pdf is refused by its content; a real PDF is kept.
    page.get_by_label("Documento").select_option("quote")
    page.get_by_label("File").set_input_files(
        {"name": "preventivo.pdf", "mimeType": "application/pdf", "buffer": PNG}
    )
    page.get_by_role("button", name="Carica").click()
    expect(page.get_by_text("non è un PDF")).to_be_visible()
    page.get_by_label("Documento").select_option("quote")
    page.get_by_label("File").set_input_files(_pdf("preventivo.pdf"))
    page.get_by_role("button", name="Carica").click()
    expect(page.get_by_text("Documento caricato.")).to_be_visible()
    # The call requires the application form signed by the legal representative: the
    # portal's PDF of the draft, signed with the demo key.
    with page.expect_download() as form:
        page.get_by_role("link", name="Scarica il modulo di domanda (PDF)").click()
    page.get_by_label("Documento").select_option("application_form")
    page.get_by_label("File").set_input_files(
        _signed_by_the_legal_representative(
            form.value.path(), settings=settings, name="domanda-firmata.pdf"
        )
    )
    page.get_by_role("button", name="Carica").click()
    expect(page.get_by_text("Firma verificata")).to_be_visible()

    # Review: the investment over the micro cap is explained; submit once.
    page.get_by_role("link", name="Vai al riepilogo e all'invio").click()
    expect(page.get_by_text("supera il massimo di 7.500,00 EUR")).to_be_visible()
    page.get_by_role("button", name="Presenta la domanda").click()

    application = Application.objects.get()
    expect(page.get_by_text(f"numero di protocollo {application.protocol_number}")).to_be_visible()
    page.reload()
    expect(page.locator(".portal-status")).to_have_text("Ammissibile")
    expect(
        page.get_by_role("table", name="Esito di ogni requisito di ammissibilità")
    ).to_contain_text("7.500,00 EUR")
    assert any(application.protocol_number in m.subject for m in mail.outbox)

    # Staff approve it in the back office.
    staff = browser.new_page()
    staff.goto(portal.url + "/admin/")
    staff.get_by_label("Indirizzo e-mail").fill(staff_user.email)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Accedi").click()
    staff.goto(portal.url + f"/admin/funding/application/{application.pk}/change/")
    staff.get_by_role("button", name="Approva", exact=True).click()
    expect(staff.locator(".money-effect .money-after")).to_contain_text("EUR")
    staff.get_by_role("button", name="Conferma: Approva").click()
    expect(staff.locator(".messagelist")).to_contain_text(application.protocol_number)
    staff.close()

    # The SME downloads the letter of assignment, signs it and starts the project.
    page.reload()
    expect(page.locator(".portal-status")).to_have_text("Approvata")
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica la lettera (PDF)").click()
    with open(download.value.path(), "rb") as letter:
        assert letter.read(5) == b"%PDF-"
    # The letter as downloaded carries no signature: refused (the signed one starts the
    # project: tests/e2e/test_signed_application.py).
    page.get_by_label("File").set_input_files(_pdf("lettera-firmata.pdf"))
    page.get_by_role("button", name="Carica la lettera firmata e avvia il progetto").click()
    expect(page.get_by_text("non ha una firma digitale")).to_be_visible()
    expect(page.locator(".portal-status")).to_have_text("Approvata")
    _sign_letter_as_the_legal_representative(
        page, letter_path=download.value.path(), settings=settings
    )
    expect(page.get_by_text("il progetto è avviato")).to_be_visible()
    expect(page.locator(".portal-status")).to_have_text("Progetto in corso")
    assert Call.objects.get(pk=application.call_id).committed == application.grant_amount


def test_it_refuses_a_submission_after_the_budget_ran_out_and_keeps_the_draft(
    portal, page: Page, audit_call, applicant
):
    member = MembershipFactory(user=applicant)
    application = fill_draft(
        audit_application_start(call=audit_call, enterprise=member.enterprise, user=applicant)
    )
    Call.objects.filter(pk=audit_call.pk).update(committed=F("total_budget"))
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(applicant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.goto(portal.url + f"/audit/domanda/{application.pk}/riepilogo/")
    page.get_by_role("button", name="Presenta la domanda").click()
    expect(page.get_by_text("Le risorse del bando sono esaurite")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.cost_items.count() == 1
