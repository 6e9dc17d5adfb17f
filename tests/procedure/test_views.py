"""The procedure on the pages people use: the applicant's application page and receipt,
the answer to a notice, the staff work queue and its rejection form."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.procedure.conftest import MONDAY
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.procedure.models import RejectionDecision

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:funding_application_changelist")


def _owner(application):
    return application.enterprise.memberships.first().user


def _notice(application, staff_user):
    return application_act(
        application=application,
        transition="send_preavviso",
        by=staff_user,
        actor=Actor.STAFF,
        reason="Le spese indicate non sono ammissibili.",
    )


def test_the_applicant_sees_the_officer_and_the_days_left(
    client, eligible, procedure, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    application = eligible()
    client.force_login(_owner(application))
    time_machine.move_to(MONDAY + dt.timedelta(days=5), tick=False)
    body = client.get(f"/audit/domanda/{application.pk}/").content.decode()
    assert "Giulia Bianchi" in body and "rup@example.it" in body
    assert "mancano 85 giorni" in body
    english = client.get(f"/en/audit/domanda/{application.pk}/").content.decode()
    assert "85 days left" in english


def test_the_receipt_names_the_officer(client, eligible, procedure):
    application = eligible()
    client.force_login(_owner(application))
    response = client.get(f"/audit/domanda/{application.pk}/ricevuta.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Giulia Bianchi" in text and "90" in text


def test_the_applicant_answers_a_notice_from_the_page(
    client, eligible, procedure, staff_user, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    application = _notice(eligible(), staff_user)
    client.force_login(_owner(application))
    body = client.get(f"/audit/domanda/{application.pk}/").content.decode()
    assert "Le spese indicate non sono ammissibili." in body
    assert "11/12/2026" in body
    url = reverse("procedure:preavviso_answer", args=[application.pk])
    # Empty observations: nothing moves, a message says why.
    response = client.post(url, {"text": ""}, follow=True)
    assert "Scrivi le osservazioni" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.PREAVVISO
    response = client.post(url, {"text": "Le spese sono ammissibili: vedi art. 5."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT
    assert application.status_changes.last().reason.startswith("Le spese sono ammissibili")


def test_nobody_else_may_answer_a_notice(client, eligible, procedure, staff_user, other_applicant):
    application = _notice(eligible(), staff_user)
    client.force_login(other_applicant)
    url = reverse("procedure:preavviso_answer", args=[application.pk])
    assert client.post(url, {"text": "Intruso"}).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.PREAVVISO


def test_the_queue_shows_the_days_left_and_staff_reject_with_the_weighing(
    client, eligible, procedure, staff_user, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    application = _notice(eligible(), staff_user)
    client.force_login(staff_user)
    body = client.get(CHANGELIST).content.decode()
    assert "field-legal_clock" in body and "90 gg" in body
    application_act(
        application=application,
        transition="answer_preavviso",
        by=_owner(application),
        actor=Actor.APPLICANT,
        reason="Osservazioni.",
    )
    change = client.get(reverse("admin:funding_application_change", args=[application.pk]))
    assert "Giulia Bianchi" in change.content.decode()
    url = reverse("admin:funding_application_transition", args=[application.pk, "reject"])
    # Without the weighing the rejection is refused with the reason, nothing saved.
    response = client.post(url, {"apply": "yes", "reason": "Spese non ammissibili."}, follow=True)
    assert "valutate le osservazioni" in response.content.decode()
    assert not RejectionDecision.objects.exists()
    client.post(
        url,
        {
            "apply": "yes",
            "reason": "Spese non ammissibili.",
            "observations_weighed": "Le osservazioni non provano l'ammissibilità.",
        },
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.rejection_decision.observations_weighed.startswith("Le osservazioni")
