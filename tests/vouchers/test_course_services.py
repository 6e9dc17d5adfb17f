"""Course services: who may write, the read-only approved course, the approval path."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vouchers.offer import services
from vouchers.offer.models import AccreditationState, CourseState, CourseTheme, Delivery

from .factories import CourseFactory

pytestmark = pytest.mark.django_db


def _data(**overrides):
    start = timezone.localdate() + dt.timedelta(days=20)
    return {
        "title": "Stampa 3D per la pelletteria",
        "description": "Prototipi rapidi.",
        "hours": Decimal("32.5"),
        "cost": Decimal("1800.00"),
        "start_date": start,
        "end_date": start + dt.timedelta(days=10),
        "delivery": Delivery.IN_PERSON,
        "place": "Arezzo",
        "seats": 10,
        **overrides,
    }


def _themes(*codes):
    return CourseTheme.objects.filter(code__in=codes or ["additive"])


def test_it_creates_a_draft_course_for_a_member(agency, agency_user):
    course = services.course_create(by=agency_user, agency=agency, data=_data(), themes=_themes())
    assert course.state == CourseState.DRAFT
    assert course.agency == agency
    assert course.created_by == agency_user
    assert [t.code for t in course.themes.all()] == ["additive"]


def test_it_refuses_a_course_from_a_user_of_another_agency(agency, other_agency_user):
    with pytest.raises(PermissionDenied):
        services.course_create(by=other_agency_user, agency=agency, data=_data(), themes=_themes())


def test_it_refuses_a_course_of_an_agency_that_is_not_accredited(agency, agency_user):
    agency.accreditation_state = AccreditationState.SUSPENDED
    agency.save()
    with pytest.raises(ValidationError):
        services.course_create(by=agency_user, agency=agency, data=_data(), themes=_themes())


def test_it_refuses_unsound_data_with_field_errors(agency, agency_user):
    with pytest.raises(ValidationError) as exc:
        services.course_create(
            by=agency_user, agency=agency, data=_data(seats=0, place=""), themes=_themes()
        )
    assert set(exc.value.message_dict) == {"seats", "place"}


def test_it_forgets_the_place_of_an_online_course(agency, agency_user):
    course = services.course_create(
        by=agency_user,
        agency=agency,
        data=_data(delivery=Delivery.ONLINE, place="Arezzo"),
        themes=_themes(),
    )
    assert course.place == ""


def test_agency_a_cannot_edit_agency_bs_course(agency, other_agency_user):
    course = CourseFactory(agency=agency)
    with pytest.raises(PermissionDenied):
        services.course_update(
            by=other_agency_user, course=course, data=_data(title="Preso"), themes=_themes()
        )
    course.refresh_from_db()
    assert course.title != "Preso"
    for service in (
        services.course_submit_for_approval,
        services.course_recall,
        services.course_withdraw,
    ):
        with pytest.raises(PermissionDenied):
            service(course=course, by=other_agency_user)


def test_it_updates_a_draft(agency, agency_user):
    course = CourseFactory(agency=agency)
    services.course_update(
        by=agency_user,
        course=course,
        data=_data(title="Nuovo titolo"),
        themes=_themes("iot", "cloud"),
    )
    course.refresh_from_db()
    assert course.title == "Nuovo titolo"
    assert {t.code for t in course.themes.all()} == {"iot", "cloud"}


def test_the_approval_path_records_every_change(agency, agency_user, staff_user):
    course = CourseFactory(agency=agency)
    course = services.course_submit_for_approval(course=course, by=agency_user)
    assert course.state == CourseState.PENDING
    assert course.submitted_at is not None
    course = services.course_approve(course=course, by=staff_user)
    assert course.state == CourseState.APPROVED
    assert course.approved_by == staff_user
    assert course.approved_at is not None
    history = [(c.transition, c.from_status, c.to_status, c.by) for c in course.state_changes.all()]
    assert history == [
        ("submit", CourseState.DRAFT, CourseState.PENDING, agency_user),
        ("approve", CourseState.PENDING, CourseState.APPROVED, staff_user),
    ]


def test_an_approved_course_is_read_only_and_says_so(agency, agency_user, staff_user):
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    services.course_approve(course=course, by=staff_user)
    with pytest.raises(ValidationError) as exc:
        services.course_update(
            by=agency_user, course=course, data=_data(cost=Decimal("9999")), themes=_themes()
        )
    assert "può essere solo ritirato" in exc.value.messages[0]
    course.refresh_from_db()
    assert course.cost == Decimal("1200.00")
    course = services.course_withdraw(course=course, by=agency_user)
    assert course.state == CourseState.WITHDRAWN


def test_it_does_not_approve_twice(agency, staff_user):
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    services.course_approve(course=course, by=staff_user)
    with pytest.raises(ValidationError):
        services.course_approve(course=course, by=staff_user)
    assert course.state_changes.count() == 1


def test_it_approves_only_for_staff_with_the_permission(agency, agency_user, official):
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    for user in (agency_user, official):
        with pytest.raises(PermissionDenied):
            services.course_approve(course=course, by=user)
    course.refresh_from_db()
    assert course.state == CourseState.PENDING


def test_it_does_not_approve_courses_of_a_suspended_agency(agency, staff_user):
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    agency.accreditation_state = AccreditationState.SUSPENDED
    agency.save()
    with pytest.raises(ValidationError):
        services.course_approve(course=course, by=staff_user)


def test_a_rejected_course_can_be_corrected_and_resubmitted(agency, agency_user, staff_user):
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    with pytest.raises(ValidationError):
        services.course_reject(course=course, by=staff_user, reason="  ")
    course = services.course_reject(course=course, by=staff_user, reason="Manca il programma.")
    assert course.state == CourseState.REJECTED
    assert course.rejection_reason == "Manca il programma."
    services.course_update(
        by=agency_user, course=course, data=_data(description="Programma..."), themes=_themes()
    )
    course = services.course_submit_for_approval(course=course, by=agency_user)
    assert course.state == CourseState.PENDING
    assert course.state_changes.last().from_status == CourseState.REJECTED


def test_it_submits_only_courses_that_start_in_the_future(agency, agency_user):
    course = CourseFactory(agency=agency, start_date=timezone.localdate())
    with pytest.raises(ValidationError):
        services.course_submit_for_approval(course=course, by=agency_user)
    course.refresh_from_db()
    assert course.state == CourseState.DRAFT


def test_a_pending_course_goes_back_to_draft_to_be_changed(agency, agency_user):
    course = CourseFactory(agency=agency, state=CourseState.PENDING)
    with pytest.raises(ValidationError):
        services.course_update(by=agency_user, course=course, data=_data(), themes=_themes())
    course = services.course_recall(course=course, by=agency_user)
    assert course.state == CourseState.DRAFT
