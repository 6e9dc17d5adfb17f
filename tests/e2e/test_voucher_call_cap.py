"""Browser test (in Italian): a freelancer asks for a 3,500 EUR voucher and is told that
the cap for freelancers is 3,000 EUR; nothing is saved until the amount fits."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, _user
from tests.factories import PersonFactory
from tests.vouchers.factories import CourseFactory
from trinno_portal.accounts.models import PersonStatus
from vouchers.offer.models import CourseState
from vouchers.offer.services import vouchers_fixtures_load


def test_it_tells_a_freelancer_that_the_cap_is_3000(portal, page: Page):
    vouchers_fixtures_load()
    course = CourseFactory(
        title="Cybersicurezza per studi professionali",
        cost="4000.00",
        state=CourseState.APPROVED,
        approved_at=timezone.now(),
    )
    person = PersonFactory(
        user=_user("libera.professionista@example.it", "applicant"),
        first_name="Giulia",
        status=PersonStatus.FREELANCER,
        professional_order="Ordine degli ingegneri di Arezzo",
    )

    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(person.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()

    page.goto(portal.url + "/voucher/domande/")
    page.get_by_role("link", name="Richiedi un voucher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Richiedi un voucher formativo")
    page.get_by_label("Corso").select_option(value=str(course.pk))
    page.get_by_label("Voucher richiesto (EUR)").fill("3500,00")
    page.get_by_role("button", name="Continua").click()

    expect(
        page.get_by_text(
            "Il voucher massimo per la condizione “Libero professionista” è di 3.000,00 EUR."
        )
    ).to_be_visible()
    expect(page.get_by_label("Voucher richiesto (EUR)")).to_have_value("3500,00")
    assert not person.applications.exists()

    page.get_by_label("Voucher richiesto (EUR)").fill("3000,00")
    page.get_by_role("button", name="Continua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verifica e invia")
    expect(page.locator(".voucher-requested")).to_have_text("3.000,00 EUR")
