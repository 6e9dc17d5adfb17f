"""Browser test (in Italian): the person claims the voucher's balance on the hours attended
from the voucher's page, with the agency's invoice, the transfer and the attendance
certificate; the officer reaches the claim from the application's admin page and reads
the attendance rule's outcome and the amount on the hours; after the second level, the
order and the payment recorded, the voucher has its final grant and is in monitoring (the
voucher's one way of being paid)."""

from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.audits.conftest import MINIMAL_PDF
from tests.conftest import PASSWORD
from tests.payments.support import controller
from tests.voucher_call.conftest import (  # noqa: F401
    approved,
    course,
    course_agency,
    course_agency_user,
    course_started,
    entrepreneur,
    make_person,
    submitted,
    voucher_call,
)
from trinno_portal.funding.models import Application
from trinno_portal.funding.payments import services
from trinno_portal.funding.payments.models import PaymentClaim
from trinno_portal.funding.workflow import Status
from vouchers.call import services as services_voucher

CUP = "J11B25000120007"


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": MINIMAL_PDF}


def _log_in(page: Page, url: str, email: str, label: str = "Email") -> None:
    page.context.clear_cookies()
    page.goto(url)
    page.get_by_label(label).fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


def test_the_person_claims_the_voucher_on_the_hours_attended(
    portal,
    page: Page,
    staff_user,
    voucher_call,  # noqa: F811
    entrepreneur,  # noqa: F811
    course,  # noqa: F811
    approved,  # noqa: F811
    course_agency_user,  # noqa: F811
):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    services.cup_assign(application=application, cup=CUP, by=None)
    course_started(course)
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("30.0")
    )

    _log_in(page, portal.url + "/accounts/login/", entrepreneur.user.email)
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    page.goto(portal.url + f"/voucher/domande/{application.pk}/")
    page.locator(".portal-voucher-claims").click()
    today = timezone.localdate().isoformat()
    for field, value in (
        ("number", "FT-12"),
        ("issued_on", today),
        ("supplier", "Formazione Casentino"),
        ("supplier_vat", "01987650510"),
        ("taxable", "4000"),
        ("vat", "0"),
        ("invoice_cup", CUP),
        ("paid_on", today),
        ("transfer_reference", "TRN 77"),
    ):
        page.locator(f"[name=line-0-{field}]").fill(value)
    page.get_by_label("Importo richiesto (EUR)").fill("3000")
    for kind, name in (
        ("claim_invoice", "fattura.pdf"),
        ("claim_payment_proof", "bonifico.pdf"),
        ("claim_deliverable", "attestato.pdf"),
    ):
        page.get_by_label("Documento").select_option(kind)
        page.get_by_label("File").set_input_files(_pdf(name))
        page.get_by_role("button", name="Carica").click()
        expect(page.get_by_text("Documento caricato.")).to_be_visible()
    expect(page.get_by_label("Documento")).to_contain_text("Registro presenze o attestato")
    page.get_by_role("button", name="Presenta la domanda").click()
    expect(page.get_by_text("Domanda di pagamento presentata.")).to_be_visible()
    expect(page.locator(".portal-claim-hours")).to_contain_text("30 ore frequentate su 40")
    claim = PaymentClaim.objects.get()

    # The officer: from the application's admin page to its claims, then the check page.
    _log_in(page, portal.url + "/admin/", staff_user.email, label="Indirizzo e-mail")
    page.goto(portal.url + f"/admin/funding/application/{application.pk}/change/")
    page.locator(".portal-application-claims").click()
    page.get_by_role("link", name="Apri il controllo").click()
    expect(page.locator(".portal-claim-hours")).to_contain_text("almeno il 70% delle ore")
    page.get_by_role("button", name="Completa il controllo di primo livello").click()
    # 3,000 x 30 / 40 on the hours, below the 4,000 invoiced.
    expect(page.get_by_text("2.250,00 EUR dovuti sulle ore frequentate.")).to_be_visible()
    claim.refresh_from_db()
    assert claim.payable == Decimal("2250.00")

    # The second level (its own browser test: test_payment_claim.py), then the officer
    # issues the order and records the payment: the voucher is paid and moves on.
    services.claim_second_level(claim=claim, by=controller(), approve=True)
    page.reload()
    page.locator("[name=iban]").fill("IT60 X054 2811 1010 0000 0123 456")
    page.locator("form:has(input[name=step][value=order]) button").click()
    expect(page.locator("form:has(input[name=step][value=payment])")).to_be_visible()
    page.locator("[name=paid_on]").fill(today)
    page.locator("[name=amount]").fill("2250,00")
    page.locator("[name=reference]").fill("CRO 4455")
    page.locator("form:has(input[name=step][value=payment]) button").click()
    expect(page.locator("form:has(input[name=step][value=payment])")).to_have_count(0)
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.MONITORING
    assert application.final_grant == Decimal("2250.00")

    # The person's list shows the final grant.
    _log_in(page, portal.url + "/accounts/login/", entrepreneur.user.email)
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    page.goto(portal.url + "/voucher/domande/")
    expect(page.locator(".voucher-row")).to_contain_text("2.250,00 EUR")
