"""The one workflow engine: the tables as data (lib/workflow.py), the guarded move with its
history row (funding/engine.py) and the one notification path, for the applications and
the training courses alike."""

import pytest
from django.db import transaction

from tests.factories import UserFactory
from tests.vouchers import conftest as course_fixtures
from tests.vouchers.factories import CourseFactory
from trinno_portal.funding.engine import MoveRefused, ReasonRequired, status_move
from trinno_portal.funding.models import StatusChange, StatusHistory
from trinno_portal.funding.workflow import APPLICATION_WORKFLOW, TRANSITIONS, Actor, Status
from trinno_portal.lib.workflow import Workflow, transition
from vouchers.offer import rules
from vouchers.offer import services as course_services
from vouchers.offer.models import CourseState, CourseStateChange

# The courses' agency and its user (the vouchers tests' fixtures).
themes, agency, agency_user = (
    course_fixtures.themes,
    course_fixtures.agency,
    course_fixtures.agency_user,
)

TABLE = Workflow(
    [
        transition("send", {"new"}, "sent", {"writer"}, "Send"),
        transition("refuse", {"sent"}, "refused", {"reader"}, "Refuse", needs_reason=True),
        transition("drop", {"new", "sent"}, "dropped", {"writer", "reader"}, "Drop"),
    ]
)


def test_it_lists_the_transitions_an_actor_may_make_in_table_order():
    assert [t.name for t in TABLE.transitions_from("new", "writer")] == ["send", "drop"]
    assert [t.name for t in TABLE.transitions_from("sent", "reader")] == ["refuse", "drop"]
    assert TABLE.transitions_from("sent", "writer")[0].name == "drop"
    assert TABLE.transitions_from("dropped", "writer") == []
    assert "send" in TABLE and "close" not in TABLE
    assert TABLE["refuse"].needs_reason and TABLE["refuse"].sources == frozenset({"sent"})


def test_it_refuses_a_table_with_two_transitions_of_one_name():
    with pytest.raises(ValueError, match="share a name"):
        Workflow([TABLE["send"], TABLE["send"]])


def test_the_applications_and_the_courses_are_tables_of_the_same_engine():
    assert (
        isinstance(rules.COURSE_WORKFLOW, Workflow)
        and TRANSITIONS is APPLICATION_WORKFLOW.transitions
    )
    assert type(TRANSITIONS["approve"]) is type(rules.COURSE_TRANSITIONS["approve"])
    assert [
        t.name for t in APPLICATION_WORKFLOW.transitions_from(Status.DRAFT, Actor.APPLICANT)
    ] == [
        "submit",
        "withdraw",
    ]


def test_both_histories_have_the_one_shape():
    shape = ["transition", "from_status", "to_status", "by", "at", "reason"]
    for model in (StatusChange, CourseStateChange):
        assert issubclass(model, StatusHistory)
        names = {f.name for f in model._meta.get_fields()}
        assert set(shape) <= names, model
    assert (
        StatusChange.subject_field == "application" and CourseStateChange.subject_field == "course"
    )


@pytest.mark.django_db
def test_it_moves_a_course_and_records_the_move_in_the_shared_shape():
    course = CourseFactory(state=CourseState.PENDING)
    officer = UserFactory()
    with transaction.atomic():
        moved = status_move(
            subject=course,
            workflow=rules.COURSE_WORKFLOW,
            transition="reject",
            history=CourseStateChange,
            by=officer,
            reason="  Manca il programma.  ",
            status_field="state",
            lock=True,
        )
    assert moved is course and course.state == CourseState.REJECTED
    change = course.state_changes.get()
    assert (change.transition, change.from_status, change.to_status, change.by, change.reason) == (
        "reject",
        CourseState.PENDING,
        CourseState.REJECTED,
        officer,
        "Manca il programma.",
    )
    assert change.at == course.updated_at


@pytest.mark.django_db
def test_it_refuses_a_move_from_another_state_or_without_its_reason_and_writes_nothing():
    course = CourseFactory(state=CourseState.DRAFT)
    move = dict(
        subject=course,
        workflow=rules.COURSE_WORKFLOW,
        history=CourseStateChange,
        by=None,
        status_field="state",
    )
    with pytest.raises(MoveRefused) as refused:
        status_move(transition="approve", **move)
    assert refused.value.current == CourseState.DRAFT
    course.state = CourseState.PENDING  # a stale copy: the guard reads the row, not it
    with pytest.raises(MoveRefused):
        status_move(transition="approve", **move)
    with pytest.raises(ReasonRequired):
        status_move(transition="reject", reason=" ", **move)
    course.refresh_from_db()
    assert course.state == CourseState.DRAFT and not course.state_changes.exists()


@pytest.mark.django_db
def test_a_courses_notification_goes_out_on_commit_through_the_one_path(
    monkeypatch, agency, agency_user, django_capture_on_commit_callbacks, caplog
):
    sent = []

    def notify(course):
        sent.append(course.pk)
        raise ConnectionError("mail server down")

    monkeypatch.setitem(course_services.COURSE_NOTIFICATIONS, "recall", notify)
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        course_services.course_recall(course=course, by=agency_user)
    assert sent == [] and len(callbacks) == 1  # nothing before the commit
    callbacks[0]()
    # Sent, and its failure logged by notification_send, not raised into the committed move.
    assert sent == [course.pk]
    assert "notification notify of course" in caplog.text
    course.refresh_from_db()
    assert course.state == CourseState.DRAFT
