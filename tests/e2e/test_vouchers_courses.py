"""Browser test (in Italian): a training agency publishes a course, staff approve it in
the back office with the admin action, and the course appears in the public list."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from trinno_portal.accounts.services import demo_user_ensure
from vouchers.offer.models import AgencyMembership, TrainingAgency
from vouchers.offer.services import vouchers_fixtures_load


def _log_in(page: Page, url: str, email: str, label: str = "Email") -> None:
    page.goto(url)
    page.get_by_label(label).fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


def test_it_publishes_a_course_that_staff_approve(portal, page: Page, staff_user):
    vouchers_fixtures_load()
    agency = TrainingAgency.objects.create(
        name="Formazione Valdichiana",
        tax_number="01234560512",
        accreditation_code="AR0999",
        address="Via Nazionale 5",
        municipality="Cortona",
        province="AR",
        pec="valdichiana@pec.example.it",
    )
    agency_user = demo_user_ensure(
        email="ente@valdichiana.example.it", password=PASSWORD, full_name="Sara Conti"
    )
    AgencyMembership.objects.create(user=agency_user, agency=agency)
    start = timezone.localdate() + dt.timedelta(days=40)

    # The agency writes the course and submits it.
    _log_in(page, portal.url + "/accounts/login/", agency_user.email)
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    page.goto(portal.url + "/voucher/ente/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Formazione Valdichiana")
    page.get_by_role("link", name="Nuovo corso").click()
    page.get_by_label("Titolo").fill("Sensori IoT per la filiera orafa")
    page.get_by_label("Descrizione").fill("Dal sensore al cruscotto: misurare la produzione.")
    # Bootstrap Italia draws the checkbox on its label: click the label, as people do.
    page.locator("label", has_text="Internet delle cose (IoT)").click()
    page.locator("label", has_text="Dati e competenze digitali").click()
    expect(page.get_by_label("Internet delle cose (IoT)")).to_be_checked()
    page.get_by_label("Ore").fill("24")
    page.get_by_label("Costo per partecipante (EUR)").fill("1500,00")
    page.get_by_label("Data di inizio").fill(start.isoformat())
    page.get_by_label("Data di fine").fill((start + dt.timedelta(days=10)).isoformat())
    page.get_by_label("Modalità").select_option(label="In presenza")
    page.get_by_label("Sede").fill("Via Nazionale 5, Cortona")
    page.get_by_label("Posti").fill("12")
    page.get_by_role("button", name="Salva la bozza").click()
    expect(page.get_by_text("Corso salvato come bozza")).to_be_visible()
    expect(page.locator(".course-state")).to_have_text("Bozza")
    page.get_by_role("button", name="Invia per l'approvazione").click()
    expect(page.locator(".course-state")).to_have_text("In attesa di approvazione")
    page.get_by_role("button", name="Esci").click()

    # Not public yet.
    page.goto(portal.url + "/voucher/corsi/")
    expect(page.get_by_text("Sensori IoT per la filiera orafa")).to_have_count(0)

    # Staff approve it in the back office with the action.
    _log_in(page, portal.url + "/admin/", staff_user.email, label="Indirizzo e-mail")
    page.goto(portal.url + "/admin/vouchers/course/")
    row = page.get_by_role("row").filter(has_text="Sensori IoT per la filiera orafa")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Approva i corsi selezionati")
    page.get_by_role("button", name="Vai").click()
    expect(page.get_by_text("Corsi approvati: 1.")).to_be_visible()
    expect(row).to_contain_text("Approvato")

    # Now anyone finds it among the courses a voucher can pay for.
    page.goto(portal.url + "/voucher/corsi/")
    expect(page.get_by_role("link", name="Sensori IoT per la filiera orafa")).to_be_visible()
    page.get_by_role("link", name="Sensori IoT per la filiera orafa").click()
    expect(page.get_by_text("Formazione Valdichiana")).to_be_visible()
    expect(page.get_by_text("62,50 EUR all'ora")).to_be_visible()
