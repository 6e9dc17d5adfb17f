import datetime as dt

import pytest
from django.utils import timezone

from trinno_portal.funding.admin_transitions import staff_transition_run
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import Application
from trinno_portal.funding.queue.models import ApplicationNote, NoteKind
from trinno_portal.funding.queue.services import (
    application_assign,
    application_due_refresh,
    application_note_add,
    officers,
)
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Actor, Status

pytestmark = pytest.mark.django_db


def test_it_assigns_once_and_keeps_the_hand_over_as_a_note(eligible, staff_user, other_officer):
    application = eligible()
    assert application_assign(application=application, officer=staff_user, by=staff_user)
    assert not application_assign(application=application, officer=staff_user, by=staff_user)
    assert application_assign(application=application, officer=other_officer, by=staff_user)
    assert application_assign(application=application, officer=None, by=other_officer)
    assert Application.objects.get(pk=application.pk).assigned_to is None
    notes = list(ApplicationNote.objects.filter(application=application).order_by("id"))
    assert [n.kind for n in notes] == [NoteKind.ASSIGNMENT] * 3
    assert other_officer.get_full_name() in notes[1].text
    assert notes[2].author == other_officer


def test_it_refuses_to_assign_to_a_read_only_official(eligible, staff_user, official):
    application = eligible()
    with pytest.raises(FundingError):
        application_assign(application=application, officer=official, by=staff_user)
    assert official not in officers()
    assert staff_user in officers()


def test_it_refuses_an_empty_note(eligible, staff_user):
    application = eligible()
    with pytest.raises(FundingError):
        application_note_add(application=application, author=staff_user, text="   ")
    note = application_note_add(application=application, author=staff_user, text=" Chiamato ")
    assert note.text == "Chiamato" and note.kind == NoteKind.NOTE


def test_it_sets_the_due_date_on_every_staff_transition(eligible, staff_user):
    application = eligible()
    today = timezone.localdate()
    # Eligible since today: 15 days to draft the audit proposal.
    assert application_due_refresh(application=application) == today + dt.timedelta(days=15)
    staff_transition_run(
        application=application, transition="request_info", by=staff_user, reason="Preventivo?"
    )
    assert Application.objects.get(pk=application.pk).due_on == today + dt.timedelta(days=10)
    staff_transition_run(application=application, transition="reject", by=staff_user, reason="No")
    assert Application.objects.get(pk=application.pk).due_on is None


def test_it_sets_the_due_date_after_the_applicant_answers(
    eligible, staff_user, django_capture_on_commit_callbacks
):
    application = eligible()
    staff_transition_run(
        application=application, transition="request_info", by=staff_user, reason="Preventivo?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_act(
            application=application,
            transition="answer_info",
            by=application.created_by,
            actor=Actor.APPLICANT,
            reason="Eccolo",
        )
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT
    assert application.due_on == timezone.localdate() + dt.timedelta(days=15)
