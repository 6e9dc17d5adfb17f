"""An event from publication to registration, check-in at the door and the survey
afterwards, in Italian."""

import datetime as dt

from playwright.sync_api import Page, expect

from monitoring.outreach.models import Feedback, Registration
from tests.conftest import PASSWORD
from tests.outreach.conftest import activity, make_event  # noqa: F401


def test_an_event_from_publication_to_feedback(portal, page: Page, staff_user, activity):  # noqa: F811
    event = make_event(activity, title_it="Officina orafa 4.0", capacity=1)
    page.goto(portal.url + "/eventi/")
    page.get_by_role("link", name="Officina orafa 4.0").click()
    expect(page.locator("#places-left")).to_have_text("1")
    page.get_by_label("Come privato").check(force=True)
    page.get_by_label("Nome e cognome").fill("Anna Bianchi")
    page.get_by_label("E-mail").fill("anna@example.it")
    page.get_by_label("Provincia").select_option("AR")
    page.get_by_role("button", name="Iscriviti").click()
    expect(page.locator("#registration-status")).to_have_text("Confermata")
    manage_url = page.url

    # The second visitor finds the event full and joins the waiting list.
    page.goto(portal.url + f"/eventi/{event.pk}/")
    expect(page.locator("#places-left")).to_have_text("0")
    page.get_by_label("Come privato").check(force=True)
    page.get_by_label("Nome e cognome").fill("Luca Verdi")
    page.get_by_label("E-mail").fill("luca@example.it")
    page.get_by_label("Provincia").select_option("FI")
    page.get_by_role("button", name="Entra in lista d'attesa").click()
    expect(page.locator("#registration-status")).to_have_text("In lista d'attesa")

    # Staff check Anna in from a phone-sized page.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(portal.url + "/accounts/login/")
    page.get_by_label("Email").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    page.goto(portal.url + f"/eventi/{event.pk}/accoglienza/")
    page.get_by_role("searchbox").fill("bianchi")
    page.get_by_role("button", name="Cerca").click()
    page.get_by_role("button", name="Registra presenza").click()
    expect(page.locator("#check-in-list")).to_contain_text("Presente")

    # The event is over: Anna answers the survey from her link.
    event.starts_at -= dt.timedelta(days=20)
    event.ends_at -= dt.timedelta(days=20)
    event.save()
    page.goto(manage_url)
    page.get_by_role("link", name="Dicci com'è andata").click()
    page.get_by_label("4", exact=True).check(force=True)
    page.get_by_label("Sì", exact=True).check(force=True)
    page.get_by_role("button", name="Invia").click()
    expect(page.get_by_text("Grazie per le tue risposte.")).to_be_visible()
    anna = Registration.objects.get(email="anna@example.it")
    assert anna.checked_in_by == staff_user
    assert Feedback.objects.get(registration=anna).rating == 4
