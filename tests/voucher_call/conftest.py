"""Fixtures of the voucher-call tests: the call, an approved course of an agency with its
member, people of each status, and helpers that walk a voucher through the workflow with
the same services the views, the admin and the agency call."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import _user
from tests.factories import PersonFactory
from tests.vouchers.factories import AgencyMembershipFactory, CourseFactory, TrainingAgencyFactory
from trinno_portal.accounts.models import PersonStatus
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.fixtures import calls_fixtures_load
from trinno_portal.funding.models import Call
from trinno_portal.funding.submission import application_submit
from vouchers.call import services as services_voucher
from vouchers.offer.models import CourseState
from vouchers.offer.services import vouchers_fixtures_load

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
CALL_CODE = "voucher-formativi-i40-2018"


def proof_pdf(name: str = "bonifico.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


@pytest.fixture
def voucher_call(db) -> Call:
    calls_fixtures_load()
    return Call.objects.get(code=CALL_CODE)


@pytest.fixture
def course_agency(db):
    vouchers_fixtures_load()
    return TrainingAgencyFactory(name="Formazione Casentino")


@pytest.fixture
def course_agency_user(course_agency):
    user = _user("ente@example.it", None)
    AgencyMembershipFactory(user=user, agency=course_agency)
    return user


@pytest.fixture
def course(course_agency):
    """An approved 40-hour course costing 4,000 EUR, starting in a month."""
    return CourseFactory(
        agency=course_agency,
        title="Manifattura additiva",
        hours=Decimal("40.0"),
        cost=Decimal("4000.00"),
        state=CourseState.APPROVED,
        approved_at=timezone.now(),
    )


@pytest.fixture
def make_person(roles):
    def _make(email: str, status: str = PersonStatus.ENTREPRENEUR, **kwargs):
        return PersonFactory(user=_user(email, "applicant"), status=status, **kwargs)

    return _make


@pytest.fixture
def entrepreneur(make_person):
    return make_person("imprenditrice@example.it", PersonStatus.ENTREPRENEUR)


@pytest.fixture
def freelancer(make_person):
    return make_person(
        "libero@example.it", PersonStatus.FREELANCER, professional_order="Ordine ingegneri AR"
    )


def draft(call, person, course, amount="3000.00"):
    return services_voucher.voucher_application_save(
        call=call, person=person, course=course, amount=Decimal(amount), user=person.user
    )


@pytest.fixture
def submitted(django_capture_on_commit_callbacks):
    """Draft and submit as the views do; the eligibility job queued on commit runs."""

    def _submit(call, person, course, amount="3000.00"):
        application = draft(call, person, course, amount)
        with django_capture_on_commit_callbacks(execute=True):
            application_submit(application=application, by=person.user, version=application.version)
        application.refresh_from_db()
        return application

    return _submit


@pytest.fixture
def approved(submitted, staff_user, django_capture_on_commit_callbacks):
    def _approve(call, person, course, amount="3000.00"):
        application = submitted(call, person, course, amount)
        with django_capture_on_commit_callbacks(execute=True):
            application_approve(application=application, by=staff_user)
        application.refresh_from_db()
        return application

    return _approve


def course_started(course, days_ago: int = 1) -> None:
    """Time passes: the course has begun."""
    start = timezone.localdate() - dt.timedelta(days=days_ago)
    type(course).objects.filter(pk=course.pk).update(
        start_date=start, end_date=start + dt.timedelta(days=20)
    )
    course.refresh_from_db()
