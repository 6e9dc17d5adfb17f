"""The voucher call through its services: application, eligibility, approval with budget
commitment, attendance, and the balance claimed on the hours, paid with the budget
release (the shared payment claims: vouchers/call/claims.py)."""

from decimal import Decimal

import pytest
from django.core import mail

from trinno_portal.accounts.models import PersonStatus
from trinno_portal.funding.models import Call
from trinno_portal.funding.services import FundingError, TransitionNotAllowed
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.workflow import Status
from vouchers.call import services as services_voucher

from ..vouchers.factories import CourseFactory
from .claims_support import voucher_claim, voucher_claim_pay
from .conftest import course_started, draft

pytestmark = pytest.mark.django_db


def test_it_loads_the_call_from_the_fixtures(voucher_call):
    assert voucher_call.scheme == "voucher"
    assert voucher_call.open_on.isoformat() == "2018-07-19"
    assert voucher_call.close_on is None
    assert voucher_call.protocol_prefix == "VOU"
    assert voucher_call.rules["caps"]["freelancer"] == "3000.00"
    assert "illustrativ" in voucher_call.legal_basis
    assert voucher_call.envelopes.get().amount == voucher_call.total_budget


def test_it_refuses_a_draft_above_the_cap(voucher_call, freelancer, course):
    with pytest.raises(FundingError, match="3.000,00 EUR"):
        draft(voucher_call, freelancer, course, "3500.00")


def test_it_refuses_a_draft_above_the_course_cost(voucher_call, entrepreneur, course):
    with pytest.raises(FundingError, match="4.000,00 EUR"):
        draft(voucher_call, entrepreneur, course, "4500.00")


def test_it_keeps_one_draft_per_course(voucher_call, entrepreneur, course):
    first = draft(voucher_call, entrepreneur, course, "1000.00")
    second = draft(voucher_call, entrepreneur, course, "2000.00")
    assert first.pk == second.pk
    assert second.voucher.requested_amount == Decimal("2000.00")


def test_it_submits_with_a_protocol_number_and_sends_the_receipt(
    voucher_call, entrepreneur, course, submitted
):
    application = submitted(voucher_call, entrepreneur, course, "3000.00")
    assert application.protocol_number.startswith("VOU-")
    assert application.status == Status.ELIGIBLE
    assert application.province == "AR"
    assert application.total_cost == Decimal("4000.00")
    assert application.grant_amount == Decimal("3000.00")
    assert application.voucher.person_status == PersonStatus.ENTREPRENEUR
    assert {o.rule for o in application.eligibility_outcomes.all()} == {
        "voucher_cap",
        "course_cost",
        "course_start",
        "tuscany",
        "max_vouchers",
        "budget",
    }
    # The receipt, with its PDF; the eligibility outcome's news follows it.
    (receipt,) = [m for m in mail.outbox if m.attachments]
    assert receipt.to == [entrepreneur.user.email]
    assert application.protocol_number in receipt.subject
    assert receipt.attachments[0][2] == "application/pdf"


def test_it_finds_a_person_outside_tuscany_not_eligible(
    voucher_call, make_person, course, submitted
):
    person = make_person("roma@example.it", residence_province="RM")
    application = submitted(voucher_call, person, course, "1000.00")
    assert application.status == Status.NOT_ELIGIBLE
    assert not application.eligibility_outcomes.get(rule="tuscany").passed


def test_it_finds_a_status_changed_to_freelancer_above_the_cap_not_eligible(
    voucher_call, entrepreneur, course, submitted
):
    application = draft(voucher_call, entrepreneur, course, "3500.00")
    entrepreneur.status = PersonStatus.FREELANCER
    entrepreneur.save()
    application.refresh_from_db()
    with pytest.raises(FundingError, match="3.000,00 EUR"):
        application_submit(
            application=application, by=entrepreneur.user, version=application.version
        )


def test_it_limits_the_vouchers_per_person(voucher_call, entrepreneur, course_agency, submitted):
    courses = [
        CourseFactory(agency=course_agency, state="approved", cost=Decimal("1000.00"))
        for _ in range(3)
    ]
    submitted(voucher_call, entrepreneur, courses[0], "500.00")
    submitted(voucher_call, entrepreneur, courses[1], "500.00")
    with pytest.raises(FundingError, match="2"):
        draft(voucher_call, entrepreneur, courses[2], "500.00")


def test_it_commits_the_voucher_on_approval(voucher_call, entrepreneur, course, approved):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    assert application.status == Status.APPROVED
    call = Call.objects.get(pk=voucher_call.pk)
    assert call.committed == Decimal("3000.00")
    assert mail.outbox[-1].to == [entrepreneur.user.email]


def test_it_lets_only_the_agency_report_attendance_once_the_course_started(
    voucher_call, entrepreneur, course, approved, course_agency_user, other_applicant
):
    application = approved(voucher_call, entrepreneur, course)
    with pytest.raises(FundingError, match="avvio|begun"):
        services_voucher.voucher_attendance_report(
            application=application, by=course_agency_user, hours_attended=Decimal("30.0")
        )
    course_started(course)
    with pytest.raises(FundingError):
        services_voucher.voucher_attendance_report(
            application=application, by=other_applicant, hours_attended=Decimal("30.0")
        )
    with pytest.raises(FundingError):
        services_voucher.voucher_attendance_report(
            application=application, by=course_agency_user, hours_attended=Decimal("40.1")
        )
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("30.0")
    )
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.voucher_attendance.hours_attended == Decimal("30.0")


def test_it_pays_the_reimbursement_and_releases_the_rest(
    voucher_call, entrepreneur, course, approved, course_agency_user
):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    services_voucher.voucher_enrolment_confirm(application=application, by=entrepreneur.user)
    course_started(course)
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("29.5")
    )
    claim = voucher_claim(application)
    application.refresh_from_db()
    assert application.status == Status.FINAL_REPORT
    with pytest.raises(FundingError):
        services_voucher.voucher_attendance_report(
            application=application, by=course_agency_user, hours_attended=Decimal("40.0")
        )

    application = voucher_claim_pay(claim)
    # 3,000 x 29.5 / 40 = 2,212.50
    assert application.status == Status.MONITORING
    assert application.final_grant == Decimal("2212.50")
    assert Call.objects.get(pk=voucher_call.pk).committed == Decimal("2212.50")


def test_it_claims_nothing_below_the_minimum_attendance(
    voucher_call, entrepreneur, course, approved, course_agency_user
):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    course_started(course)
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("27.9")
    )
    with pytest.raises(FundingError):
        voucher_claim(application)
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert Call.objects.get(pk=voucher_call.pk).committed == Decimal("3000.00")


def test_it_refuses_a_claim_before_attendance(voucher_call, entrepreneur, course, approved):
    application = approved(voucher_call, entrepreneur, course)
    services_voucher.voucher_enrolment_confirm(application=application, by=entrepreneur.user)
    with pytest.raises(FundingError):
        voucher_claim(application)
    with pytest.raises(TransitionNotAllowed):
        services_voucher.voucher_enrolment_confirm(application=application, by=entrepreneur.user)
