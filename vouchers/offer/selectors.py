"""Reads of the vouchers app. Object-level access lives here: an agency user reaches only
the agencies they are a member of and those agencies' courses, 404 otherwise (never 403:
no hint that the object exists)."""

import datetime as dt

from django.db.models import Count, QuerySet
from django.http import Http404

from trinno_portal.accounts.models import Enterprise, Person, User
from vouchers.offer.models import (
    AccreditationState,
    Course,
    CourseState,
    CourseStateChange,
    CourseTheme,
    TrainingAgency,
)

# --- people ----------------------------------------------------------------------------------


def person_of_user(user: User) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("enterprise").filter(user=user).first()


def enterprises_of_user(user: User) -> QuerySet[Enterprise]:
    """The enterprises the user acts for: the ones an entrepreneur or manager may name."""
    return Enterprise.objects.filter(memberships__user=user).order_by("legal_name")


# --- agencies ----------------------------------------------------------------------------


def agencies_of_user(user: User) -> QuerySet[TrainingAgency]:
    if not user.is_authenticated:
        return TrainingAgency.objects.none()
    return TrainingAgency.objects.filter(memberships__user=user).order_by("name")


def user_is_agency_member(user: User) -> bool:
    return agencies_of_user(user).exists()


def agency_for_user(user: User, pk: int) -> TrainingAgency:
    try:
        return agencies_of_user(user).get(pk=pk)
    except TrainingAgency.DoesNotExist as exc:
        raise Http404 from exc


# --- courses -------------------------------------------------------------------------------


def courses_of_agency(user: User, agency: TrainingAgency) -> QuerySet[Course]:
    """The agency's courses, newest change first; none unless the user acts for it."""
    if not user.is_authenticated:
        return Course.objects.none()
    return (
        Course.objects.filter(agency=agency, agency__memberships__user=user)
        .prefetch_related("themes")
        .order_by("-updated_at", "-id")
    )


def course_state_counts(user: User, agency: TrainingAgency) -> dict[str, int]:
    """How many of the agency's courses are in each state (one aggregate query)."""
    rows = (
        Course.objects.filter(agency=agency, agency__memberships__user=user)
        .values("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {state: 0 for state in CourseState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def course_for_agency_user(user: User, pk: int) -> Course:
    """A course of one of the user's agencies, else 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return (
            Course.objects.select_related("agency", "approved_by")
            .prefetch_related("themes")
            .get(pk=pk, agency__memberships__user=user)
        )
    except Course.DoesNotExist as exc:
        raise Http404 from exc


def course_history(course: Course) -> QuerySet[CourseStateChange]:
    return course.state_changes.select_related("by").order_by("at", "id")


def approved_courses(on: dt.date) -> QuerySet[Course]:
    """Courses an applicant may choose on a day: approved, of an agency whose accreditation
    is active, starting after that day (a voucher is asked for before the course begins)."""
    return (
        Course.objects.filter(
            state=CourseState.APPROVED,
            agency__accreditation_state=AccreditationState.ACTIVE,
            start_date__gt=on,
        )
        .select_related("agency")
        .prefetch_related("themes")
        .order_by("start_date", "id")
    )


def approved_course(pk: int, *, on: dt.date) -> Course:
    try:
        return approved_courses(on).get(pk=pk)
    except Course.DoesNotExist as exc:
        raise Http404 from exc


def course_themes() -> QuerySet[CourseTheme]:
    return CourseTheme.objects.all()


def page_of(qs: QuerySet, page: int, per_page: int) -> tuple[list, bool]:
    """One page of rows and whether another follows, without counting the table: it
    reads one row more than it shows."""
    start = (page - 1) * per_page
    rows = list(qs[start : start + per_page + 1])
    return rows[:per_page], len(rows) > per_page
