"""A notice of intended rejection as the applicant meets it, with the clock: the reasons and
the reply date on the application page, the observations sent from it, the legal clock
stopped for the days the notice ran (law 241/1990 art. 10-bis)."""

import datetime as dt

from django.test import Client
from playwright.sync_api import Page, expect

from tests.admin.conftest import eligible  # noqa: F401
from tests.audits.conftest import audit_call, member, submit  # noqa: F401
from tests.procedure.conftest import MONDAY, procedure  # noqa: F401
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.workflow import Actor, Status


def _as(page: Page, portal, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": portal.url}]
    )


def test_the_applicant_answers_a_notice_and_the_clock_stopped_meanwhile(
    portal,
    page: Page,
    eligible,  # noqa: F811
    procedure,  # noqa: F811
    staff_user,
    time_machine,  # noqa: F811
):
    time_machine.move_to(MONDAY, tick=False)
    application = eligible()
    application_act(
        application=application,
        transition="send_preavviso",
        by=staff_user,
        actor=Actor.STAFF,
        reason="Le spese indicate non sono ammissibili.",
    )
    owner = application.enterprise.memberships.first().user
    _as(page, portal, owner)
    time_machine.move_to(MONDAY + dt.timedelta(days=3), tick=False)
    page.goto(f"{portal.url}/audit/domanda/{application.pk}/")
    expect(page.get_by_role("heading", name="Preavviso di rigetto")).to_be_visible()
    expect(page.locator(".portal-preavviso-reasons")).to_have_text(
        "Le spese indicate non sono ammissibili."
    )
    expect(page.get_by_text("entro il 11/12/2026")).to_be_visible()
    expect(page.get_by_text("Giulia Bianchi")).to_be_visible()
    page.get_by_role("textbox").fill("Le spese sono ammissibili secondo l'art. 5 del bando.")
    page.get_by_role("button", name="Invia le osservazioni").click()
    expect(page.get_by_text("Le tue osservazioni sono state inviate")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT
    # Three days since submission, all three under the notice: ninety still left.
    expect(page.get_by_text("mancano 90 giorni")).to_be_visible()
