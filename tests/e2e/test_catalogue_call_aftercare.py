"""An innovation-services application from submission to closure, in Italian, as the SME
and the staff walk it: submission and eligibility, the approval in the back office, the
grant agreement downloaded, signed and accepted, the implementation period, the final
report with an invoice and its proof of payment, the final grant recomputed on the costs
paid and shown with its reason, the budget released, monitoring and closure."""

from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from catalogue.call import services as services_call
from catalogue.editions.services import catalogue_fixtures_load
from tests.audits.conftest import MINIMAL_PDF
from tests.catalogue_call.conftest import fill_draft
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory
from tests.signatures.pki import blank_pdf
from tests.signed import demo_signed_upload
from trinno_portal.funding.fixtures import calls_fixtures_load
from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.workflow import Status
from trinno_portal.signatures.demo import demo_pki_ensure


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": MINIMAL_PDF}


def _log_in(page: Page, portal, email: str) -> None:
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


def _staff_acts(browser, portal, staff_user, application, button: str, confirm=False) -> None:
    staff = browser.new_page()
    staff.goto(portal.url + "/admin/")
    staff.get_by_label("Indirizzo e-mail").fill(staff_user.email)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Accedi").click()
    staff.goto(portal.url + f"/admin/funding/application/{application.pk}/change/")
    staff.get_by_role("button", name=button, exact=True).click()
    if confirm:  # a move of money shows its effect first (funding/effects.py)
        expect(staff.locator(".money-effect")).to_contain_text(application.protocol_number)
        staff.get_by_role("button", name=f"Conferma: {button}").click()
    expect(staff.locator(".messagelist")).to_contain_text(application.protocol_number)
    staff.close()


def test_an_innovation_services_application_runs_from_submission_to_closure(
    portal, page: Page, browser, applicant, staff_user, settings, tmp_path
):
    # The call requires the agreement and the final report signed by the legal
    # representative: signed here with the demo key, trusted where DEMO_MODE is on.
    settings.DEMO_MODE = True
    settings.SIGNATURE_DEMO_DIR = tmp_path / "signatures"
    calls_fixtures_load()
    catalogue_fixtures_load()
    catalogue_call = Call.objects.get(code="servizi-innovazione-2018")
    member = MembershipFactory(user=applicant, enterprise__ateco_code="32.12.10")
    demo_pki_ensure(legal_rep_email=applicant.email)
    draft = fill_draft(
        services_call.catalogue_application_start(
            call=catalogue_call, enterprise=member.enterprise, user=applicant
        )
    )
    _log_in(page, portal, applicant.email)
    page.goto(portal.url + f"/catalogo/bando/domanda/{draft.pk}/riepilogo/")
    page.get_by_role("button", name="Presenta la domanda").click()
    application = Application.objects.get()
    expect(page.get_by_text(f"numero di protocollo {application.protocol_number}")).to_be_visible()
    page.reload()
    expect(page.locator(".portal-status")).to_have_text("Ammissibile")

    _staff_acts(browser, portal, staff_user, application, "Approva", confirm=True)
    application.refresh_from_db()
    assert application.grant_amount == Decimal("15000.00")

    # The grant agreement: downloaded, signed, uploaded and accepted.
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica l'atto (PDF)").click()
    with open(download.value.path(), "rb") as agreement:
        unsigned = agreement.read()
    assert unsigned.startswith(b"%PDF-")
    page.get_by_label("Atto firmato (PDF o .p7m firmato)").set_input_files(
        demo_signed_upload(unsigned, "atto.pdf")
    )
    page.get_by_role("button", name="Accetta l'atto e avvia il progetto").click()
    expect(page.get_by_text("il progetto è avviato")).to_be_visible()
    expect(page.locator(".portal-status")).to_have_text("Progetto in corso")
    expect(page.locator(".portal-implementation")).to_contain_text(
        timezone.localdate().strftime("%d/%m/%Y")
    )

    # The final report: the invoice and its proof uploaded, what was typed kept.
    page.get_by_role("link", name="Presenta la relazione finale").click()
    page.get_by_label("Attività svolte").fill("ERP in produzione")
    page.get_by_label("Risultati e prossimi passi").fill("Ordini tracciati")
    today = timezone.localdate().isoformat()
    page.locator("[name=inv-0-number]").fill("7/2026")
    page.locator("[name=inv-0-issued_on]").fill(today)
    page.locator("[name=inv-0-supplier]").fill("Digital Innovation Hub Toscana")
    page.locator("[name=inv-0-amount]").fill("20000")
    page.locator("[name=inv-0-paid_on]").fill(today)
    for kind, name in (("invoice", "fattura.pdf"), ("payment_proof", "bonifico.pdf")):
        page.get_by_label("Documento").select_option(kind)
        page.get_by_label("File").set_input_files(_pdf(name))
        page.get_by_role("button", name="Carica").click()
        expect(page.get_by_text("Documento caricato.")).to_be_visible()
    page.get_by_label("Documento").select_option("final_report")
    page.get_by_label("File").set_input_files(
        demo_signed_upload(blank_pdf("Relazione finale"), "relazione.pdf")
    )
    page.get_by_role("button", name="Carica").click()
    expect(page.get_by_text("Documento caricato.")).to_be_visible()
    expect(page.get_by_label("Attività svolte")).to_have_value("ERP in produzione")
    expect(page.locator("[name=inv-0-number]")).to_have_value("7/2026")
    page.get_by_role("button", name="Presenta la relazione finale").click()
    expect(page.locator(".portal-status")).to_have_text("Relazione finale presentata")

    # Staff accept it: the final grant is recomputed on the 20,000 EUR paid.
    _staff_acts(
        browser, portal, staff_user, application, "Accetta la relazione finale", confirm=True
    )
    page.reload()
    expect(page.locator(".portal-status")).to_have_text("Monitoraggio")
    expect(page.locator(".portal-final-grant")).to_have_text("10.000,00 EUR")
    expect(page.locator(".portal-final-grant-reason")).to_contain_text("15.000,00 EUR")
    expect(page.locator(".portal-recomputation")).to_contain_text("7/2026")
    expect(page.locator(".portal-recomputation-reasons")).to_contain_text(
        "50% di 20.000,00 EUR = 10.000,00 EUR"
    )
    assert Call.objects.get(pk=catalogue_call.pk).committed == Decimal("10000.00")

    _staff_acts(browser, portal, staff_user, application, "Chiudi")
    page.reload()
    expect(page.locator(".portal-status")).to_have_text("Chiusa")
    assert Application.objects.get(pk=application.pk).status == Status.CLOSED
