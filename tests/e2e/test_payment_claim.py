"""A payment claim from the SME's upload through both checks to the payment order, in
Italian: the invoices, proofs and deliverables uploaded (what was typed kept), every rule's
outcome shown, the officer's check line by line, the independent second-level control, the
DURC recorded, the payment order downloaded as PDF and the payment recorded."""

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from catalogue.editions.services import catalogue_fixtures_load
from tests.audits.conftest import MINIMAL_PDF
from tests.catalogue_call.conftest import submit_catalogue  # noqa: F401
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, UserFactory
from tests.funding.aftercare_support import in_progress
from trinno_portal.accounts.roles import Role
from trinno_portal.funding.fixtures import calls_fixtures_load
from trinno_portal.funding.models import Call
from trinno_portal.funding.payments import services
from trinno_portal.funding.payments.models import ClaimStatus, PaymentClaim

CUP = "J11B25000120007"


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": MINIMAL_PDF}


def _log_in(page: Page, portal, email: str) -> None:
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


def _staff_log_in(page: Page, portal, email: str) -> None:
    page.goto(portal.url + "/admin/")
    page.get_by_label("Indirizzo e-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


def _member_of(role: str):
    user = UserFactory(is_staff=True, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_a_claim_runs_from_the_upload_to_the_payment_order(
    portal,
    page: Page,
    browser,
    applicant,
    submit_catalogue,  # noqa: F811
):
    calls_fixtures_load()
    catalogue_fixtures_load()
    call = Call.objects.get(code="servizi-innovazione-2018")
    member = MembershipFactory(user=applicant, enterprise__ateco_code="32.12.10")
    application = in_progress(call, submit_catalogue, member)
    services.cup_assign(application=application, cup=CUP, by=None)
    officer, controller = _member_of(Role.AGENCY_STAFF), _member_of(Role.CONTROL)

    _log_in(page, portal, applicant.email)
    page.goto(portal.url + f"/pratiche/pagamenti/domande/{application.pk}/")
    expect(page.get_by_text(CUP)).to_be_visible()
    today = timezone.localdate().isoformat()
    for field, value in (
        ("number", "7/2026"),
        ("issued_on", today),
        ("supplier", "DIH Toscana"),
        ("supplier_vat", "00743110157"),
        ("taxable", "20000"),
        ("vat", "4400"),
        ("invoice_cup", CUP),
        ("paid_on", today),
        ("transfer_reference", "TRN 4455"),
    ):
        page.locator(f"[name=line-0-{field}]").fill(value)
    page.get_by_label("Importo richiesto (EUR)").fill("10000")
    for kind, name in (
        ("claim_invoice", "fattura.pdf"),
        ("claim_payment_proof", "bonifico.pdf"),
        ("claim_deliverable", "relazione.pdf"),
    ):
        page.get_by_label("Documento").select_option(kind)
        page.get_by_label("File").set_input_files(_pdf(name))
        page.get_by_role("button", name="Carica").click()
        expect(page.get_by_text("Documento caricato.")).to_be_visible()
    expect(page.locator("[name=line-0-number]")).to_have_value("7/2026")
    page.get_by_role("button", name="Presenta la domanda").click()
    expect(page.get_by_text("Domanda di pagamento presentata.")).to_be_visible()
    expect(page.locator(".portal-claim .portal-outcome-ok").first).to_be_visible()
    expect(page.locator(".portal-claim")).to_contain_text("La fattura riporta il CUP")
    claim = PaymentClaim.objects.get()

    # First level: the officer admits 18,000 EUR of the 20,000, with the reason.
    staff = browser.new_page()
    _staff_log_in(staff, portal, officer.email)
    staff.goto(portal.url + f"/pratiche/pagamenti/controlli/{claim.pk}/")
    staff.locator("[name=check-0-eligible]").fill("18000")
    staff.locator("[name=check-0-reason]").fill("Una parte fuori dal progetto")
    staff.get_by_role("button", name="Completa il controllo di primo livello").click()
    expect(staff.locator(".portal-claim-status")).to_have_text(
        "Verificata, controllo di secondo livello"
    )

    # Second level: refused once (back to the officer, what was typed kept), then approved.
    control = browser.new_page()
    _staff_log_in(control, portal, controller.email)
    url = portal.url + f"/pratiche/pagamenti/controlli/{claim.pk}/"
    control.goto(url)
    control.get_by_label("Esito").select_option("0")
    control.get_by_label("Motivazioni").fill("Allegare il timesheet")
    control.get_by_role("button", name="Registra l'esito del secondo livello").click()
    expect(control.locator(".portal-claim-status")).to_have_text(
        "Rinviata dal controllo di secondo livello"
    )
    staff.goto(url)
    expect(staff.get_by_text("Allegare il timesheet")).to_be_visible()
    expect(staff.locator("[name=check-0-reason]")).to_have_value("Una parte fuori dal progetto")
    staff.get_by_role("button", name="Completa il controllo di primo livello").click()
    control.goto(url)
    control.get_by_label("Esito").select_option("1")
    control.get_by_role("button", name="Registra l'esito del secondo livello").click()
    expect(control.locator(".portal-claim-status")).to_have_text("Liquidabile")

    # The DURC recorded, the payment order issued and downloaded, the payment recorded.
    services.durc_record(
        enterprise=member.enterprise,
        outcome="regular",
        issued_on=timezone.localdate() - dt.timedelta(days=2),
        protocol="INAIL_998",
        by=officer,
    )
    staff.goto(url)
    staff.get_by_label("IBAN del beneficiario").fill("IT60 X054 2811 1010 0000 0123 456")
    staff.get_by_role("button", name="Emetti il mandato di pagamento").click()
    expect(staff.locator(".portal-claim-status")).to_have_text("Pagamento disposto")
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Mandato di pagamento (PDF)").click()
    with open(download.value.path(), "rb") as order:
        assert order.read(5) == b"%PDF-"
    assert PaymentClaim.objects.get().status == ClaimStatus.ORDERED
