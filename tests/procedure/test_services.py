"""The procedure's moves with the clock: soccorso istruttorio and its expiry, the notice of
intended rejection (law 241/1990 art. 10-bis), the reasoned rejection."""

import datetime as dt

import pytest

from tests.procedure.conftest import MONDAY
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.procedure.expiry import replies_expire
from trinno_portal.procedure.models import RejectionDecision
from trinno_portal.procedure.selectors import clock_for
from trinno_portal.procedure.tasks import expire_replies

pytestmark = pytest.mark.django_db


def _act(application, transition, user, actor=Actor.STAFF, **kwargs):
    application.refresh_from_db()
    return application_act(
        application=application, transition=transition, by=user, actor=actor, **kwargs
    )


def test_the_clock_stops_while_the_applicant_is_asked(
    eligible, procedure, staff_user, member, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    application = eligible()
    assert clock_for(application).days_left == 90
    assert clock_for(application).procedure == procedure
    _act(application, "request_info", staff_user, reason="Il preventivo firmato.")
    time_machine.move_to(MONDAY + dt.timedelta(days=4), tick=False)
    clock = clock_for(application)
    assert clock.suspended and clock.days_left == 90
    applicant = application.enterprise.memberships.first().user
    _act(application, "answer_info", applicant, Actor.APPLICANT, reason="Allegato.")
    time_machine.move_to(MONDAY + dt.timedelta(days=10), tick=False)
    clock = clock_for(application)
    assert not clock.suspended
    # Ten days since submission, four of them stopped: six counted.
    assert clock.days_left == 84
    assert clock.deadline == dt.date(2027, 3, 5)


def test_an_unanswered_request_is_closed_after_its_reply_deadline(
    eligible, staff_user, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    application = eligible()
    _act(application, "request_info", staff_user, reason="Il preventivo firmato.")
    application.refresh_from_db()
    assert application.due_on == dt.date(2026, 12, 11)
    # On the last day the request still stands.
    time_machine.move_to(MONDAY + dt.timedelta(days=10), tick=False)
    assert expire_replies() == 0
    time_machine.move_to(MONDAY + dt.timedelta(days=11), tick=False)
    assert replies_expire() == {application.pk: "expire_info"}
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT
    change = application.status_changes.order_by("at", "id").last()
    assert change.transition == "expire_info" and change.by is None
    assert "11/12/2026" in change.reason and "documenti" in change.reason
    # Nothing left to expire: running again changes nothing.
    assert replies_expire() == {}


def test_a_rejection_needs_the_notice_first(eligible, procedure, staff_user):
    application = eligible()
    with pytest.raises(FundingError, match="10-bis"):
        _act(application, "reject", staff_user, reason="Costi non ammissibili.")
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert not RejectionDecision.objects.exists()


def test_notice_answer_and_reasoned_rejection(eligible, procedure, staff_user, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    application = eligible()
    _act(application, "send_preavviso", staff_user, reason="Costi non ammissibili.")
    application.refresh_from_db()
    assert application.status == Status.PREAVVISO
    assert application.due_on == dt.date(2026, 12, 11)
    # While the notice runs, no rejection: the applicant has ten days.
    with pytest.raises(FundingError):
        _act(application, "reject", staff_user, reason="x", observations_weighed="y")
    time_machine.move_to(MONDAY + dt.timedelta(days=7), tick=False)
    assert clock_for(application).days_left == 90
    applicant = application.enterprise.memberships.first().user
    _act(application, "answer_preavviso", applicant, Actor.APPLICANT, reason="I costi sono...")
    time_machine.move_to(MONDAY + dt.timedelta(days=8), tick=False)
    assert clock_for(application).days_left == 89
    with pytest.raises(FundingError, match="weighed|valutate"):
        _act(application, "reject", staff_user, reason="Costi non ammissibili.")
    _act(
        application,
        "reject",
        staff_user,
        reason="Costi non ammissibili.",
        observations_weighed="Le osservazioni non indicano costi diversi.",
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    decision = application.rejection_decision
    assert decision.observations_weighed.startswith("Le osservazioni")
    assert "TAR" in decision.appeal and "1199" in decision.appeal and "120" in decision.appeal
    change = application.status_changes.order_by("at", "id").last()
    assert "TAR" in change.reason and "Costi non ammissibili." in change.reason
    # The procedure has ended: no days left to show.
    assert clock_for(application).days_left is None


def test_an_unanswered_notice_expires_into_the_decision(
    eligible, procedure, staff_user, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    application = eligible()
    _act(application, "send_preavviso", staff_user, reason="Costi non ammissibili.")
    time_machine.move_to(MONDAY + dt.timedelta(days=11), tick=False)
    assert replies_expire() == {application.pk: "expire_preavviso"}
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT
    assert "Nessuna osservazione" in application.status_changes.last().reason


def test_without_a_required_notice_a_rejection_still_states_the_appeal(
    eligible, procedure, staff_user
):
    procedure.preavviso_required = False
    procedure.save()
    application = eligible()
    _act(application, "reject", staff_user, reason="Fuori dai termini.")
    assert "TAR" in RejectionDecision.objects.get(application=application).appeal
