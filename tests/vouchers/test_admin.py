"""The back office: staff approve and reject courses with admin actions that call the
services; Region officials only read."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import PersonFactory
from vouchers.offer.models import CourseState

from .factories import CourseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:vouchers_course_changelist"


@pytest.fixture
def staff_client(client, staff_user):
    client.login(email=staff_user.email, password=PASSWORD)
    return client


def test_staff_approve_pending_courses_with_the_action(staff_client, staff_user, agency):
    pending = CourseFactory(agency=agency, state=CourseState.PENDING)
    draft = CourseFactory(agency=agency)
    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": "approve_courses", ACTION_CHECKBOX_NAME: [pending.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    draft.refresh_from_db()
    assert pending.state == CourseState.APPROVED
    assert pending.approved_by == staff_user
    # A draft cannot be approved: staff are told, nothing changes.
    assert draft.state == CourseState.DRAFT
    texts = [str(m) for m in response.context["messages"]]
    assert len(texts) == 2


def test_staff_reject_with_a_reason_asked_on_an_intermediate_page(staff_client, agency):
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    data = {"action": "reject_courses", ACTION_CHECKBOX_NAME: [course.pk]}
    page = staff_client.post(reverse(CHANGELIST), data)
    assert page.status_code == 200
    assert course.title in page.content.decode()
    course.refresh_from_db()
    assert course.state == CourseState.PENDING
    staff_client.post(reverse(CHANGELIST), {**data, "apply": "1", "reason": ""})
    course.refresh_from_db()
    assert course.state == CourseState.PENDING
    staff_client.post(reverse(CHANGELIST), {**data, "apply": "1", "reason": "Date da rivedere."})
    course.refresh_from_db()
    assert course.state == CourseState.REJECTED
    assert course.rejection_reason == "Date da rivedere."


def test_officials_read_courses_but_have_no_approval_action(client, official, agency):
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    client.login(email=official.email, password=PASSWORD)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert "approve_courses" not in response.content.decode()
    client.post(
        reverse(CHANGELIST), {"action": "approve_courses", ACTION_CHECKBOX_NAME: [course.pk]}
    )
    course.refresh_from_db()
    assert course.state == CourseState.PENDING


def test_an_approved_course_is_read_only_in_the_admin_too(staff_client, agency):
    course = CourseFactory(agency=agency, state=CourseState.APPROVED)
    response = staff_client.get(reverse("admin:vouchers_course_change", args=[course.pk]))
    assert response.status_code == 200
    assert 'name="cost"' not in response.content.decode()


def test_the_person_admin_lists_people(staff_client):
    PersonFactory(heard_from="erasmus_followup")
    response = staff_client.get(reverse("admin:accounts_person_changelist"))
    assert response.status_code == 200
    response = staff_client.get(
        reverse("admin:accounts_person_changelist"), {"heard_from": "erasmus_followup"}
    )
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1
