"""Browser test (in Italian): an entrepreneur applies for a training voucher, staff approve
it in the back office, the training agency reports the hours attended, and the
reimbursement both see is the one the call's rules give, which the person then claims on
the payment claims."""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, _user
from tests.factories import PersonFactory
from tests.vouchers.factories import AgencyMembershipFactory, CourseFactory, TrainingAgencyFactory
from trinno_portal.accounts.models import PersonStatus
from trinno_portal.funding.models import Application, Call
from trinno_portal.lib.money import format_eur
from vouchers.call import rules as rules_voucher
from vouchers.offer.models import Course, CourseState
from vouchers.offer.services import vouchers_fixtures_load


def _log_in(page: Page, url: str, email: str, label: str = "Email") -> None:
    page.context.clear_cookies()
    page.goto(url)
    page.get_by_label(label).fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


def test_it_takes_a_voucher_from_application_to_reimbursement(portal, page: Page, staff_user):
    vouchers_fixtures_load()
    agency = TrainingAgencyFactory(name="Formazione Casentino")
    agency_user = _user("ente@casentino.example.it", None)
    AgencyMembershipFactory(user=agency_user, agency=agency)
    course = CourseFactory(
        agency=agency,
        title="Manifattura additiva per l'oreficeria",
        hours=Decimal("40.0"),
        cost=Decimal("4000.00"),
        state=CourseState.APPROVED,
        approved_at=timezone.now(),
    )
    person = PersonFactory(
        user=_user("imprenditore@example.it", "applicant"),
        first_name="Marco",
        status=PersonStatus.ENTREPRENEUR,
    )

    # The entrepreneur applies for 3,000 EUR and submits.
    _log_in(page, portal.url + "/accounts/login/", person.user.email)
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    page.goto(portal.url + f"/voucher/domande/nuova/?corso={course.pk}")
    expect(page.get_by_label("Corso")).to_have_value(str(course.pk))
    page.get_by_label("Voucher richiesto (EUR)").fill("3000,00")
    page.get_by_role("button", name="Continua").click()
    page.get_by_role("button", name="Presenta la domanda").click()
    application = Application.objects.get(person=person)
    expect(page.get_by_text(f"numero di protocollo {application.protocol_number}")).to_be_visible()
    assert application.protocol_number.startswith("VOU-")
    page.reload()
    expect(page.locator(".portal-status")).to_have_text("Ammissibile")
    expect(page.locator(".voucher-grant")).to_have_text("3.000,00 EUR")

    # Staff approve it in the back office: the voucher is committed on the call.
    _log_in(page, portal.url + "/admin/", staff_user.email, label="Indirizzo e-mail")
    page.goto(portal.url + f"/admin/funding/application/{application.pk}/change/")
    page.get_by_role("button", name="Approva", exact=True).click()
    expect(page.locator(".money-effect .money-after")).to_have_text("3.000,00 EUR")
    page.get_by_role("button", name="Conferma: Approva").click()
    expect(page.locator(".messagelist")).to_contain_text(application.protocol_number)
    assert Call.objects.get(pk=application.call_id).committed == Decimal("3000.00")

    # The course has begun (time passes); the agency reports 33.3 hours of 40.
    start = timezone.localdate() - dt.timedelta(days=3)
    Course.objects.filter(pk=course.pk).update(
        start_date=start, end_date=start + dt.timedelta(days=20)
    )
    _log_in(page, portal.url + "/accounts/login/", agency_user.email)
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    page.goto(portal.url + "/voucher/ente/voucher/")
    page.get_by_role("link", name=application.protocol_number).click()
    page.get_by_label("Ore frequentate").fill("33,3")
    page.get_by_role("button", name="Salva la frequenza").click()
    expect(page.get_by_text("Frequenza comunicata.")).to_be_visible()

    expected = format_eur(
        rules_voucher.reimbursement(
            Decimal("33.3"), Decimal("40.0"), Decimal("3000.00"), Decimal("70")
        )
    )
    assert expected == "2.497,50 EUR"
    expect(page.locator(".voucher-reimbursement")).to_have_text(expected)

    # The person sees the same amount and is led to claim it on the payment claims (the
    # claim itself: test_voucher_payment_claim.py).
    _log_in(page, portal.url + "/accounts/login/", person.user.email)
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    page.goto(portal.url + "/voucher/domande/")
    page.get_by_role("link", name=application.protocol_number).click()
    expect(page.locator(".voucher-reimbursement")).to_have_text(expected)
    expect(page.locator(".portal-voucher-reimbursement")).to_contain_text(expected)
    page.locator(".portal-voucher-claims").click()
    expect(page).to_have_url(re.compile(rf".*/pratiche/pagamenti/domande/{application.pk}/$"))
