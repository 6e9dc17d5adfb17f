"""The training voucher on the shared payment claims: the balance on the hours attended,
refused below the call's minimum, reduced or refused by the officer, then the second
level and the payment order as for every scheme (vouchers/call/claims.py). The balance is
the voucher's final report: filed, refused and paid, it moves the workflow, and paid it
writes the final grant."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from trinno_portal.funding.models import Application, Call, StatusChange
from trinno_portal.funding.payments import rules, services
from trinno_portal.funding.payments.models import ClaimStatus, PaymentClaim
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Status
from vouchers.call import services as services_voucher

from ..funding.aftercare_support import document
from ..voucher_call.conftest import course_started
from .support import CUP, controller, officer

pytestmark = pytest.mark.django_db
AGENCY_VAT = "01987650510"
IBAN = "IT60 X054 2811 1010 0000 0123 456"


@pytest.fixture
def attended(voucher_call, entrepreneur, course, approved, course_agency_user):
    """A 3,000 EUR voucher on a 40-hour course costing 4,000 EUR, with its CUP, and the
    agency's report of the hours."""

    def _attended(hours: str):
        application = approved(voucher_call, entrepreneur, course, "3000.00")
        services.cup_assign(application=application, cup=CUP, by=None)
        course_started(course)
        services_voucher.voucher_attendance_report(
            application=application, by=course_agency_user, hours_attended=Decimal(hours)
        )
        application.refresh_from_db()
        return application

    return _attended


def _claim(application, *, taxable="3000.00", by=None):
    on = timezone.localdate()
    docs = [
        document(application, kind)
        for kind in (services.INVOICE, services.PAYMENT_PROOF, services.DELIVERABLE)
    ]
    return services.claim_submit(
        application=application,
        by=by or application.person.user,
        kind="balance",
        lines=[
            rules.CostLine(
                "FT-7",
                on,
                "Formazione Casentino",
                AGENCY_VAT,
                Decimal(taxable),
                Decimal("0.00"),
                CUP,
                on,
                "TRN-77",
            )
        ],
        documents=docs,
        requested=Decimal(taxable),
    )


def _first_level(claim, by, amount=None, reason=""):
    line = claim.lines.get()
    return services.claim_first_level(
        claim=claim, by=by, decisions={line.pk: (amount or line.proposed, reason)}
    )


def test_it_pays_the_voucher_in_proportion_to_the_hours_through_both_levels(attended):
    application = attended("29.5")
    claim = _claim(application)
    assert (claim.hours_attended, claim.hours_total) == (Decimal("29.5"), Decimal("40.0"))
    assert claim.hours_outcomes["en"][0]["passed"]
    # The hours are frozen with the claim: the agency can no longer change them.
    with pytest.raises(FundingError):
        services_voucher.voucher_attendance_report(
            application=application,
            by=claim.application.voucher.course.agency.memberships.get().user,
            hours_attended=Decimal("40.0"),
        )
    the_officer = officer()
    claim = _first_level(claim, the_officer)
    # 3,000 x 29.5 / 40 = 2,212.50, below the 3,000 paid to the agency.
    assert claim.payable == Decimal("2212.50")
    assert claim.status == ClaimStatus.CHECKED  # every claim examined: the call says nothing
    services.claim_second_level(claim=claim, by=controller(), approve=True)
    # A person has no DURC: the order is issued without one.
    order = services.payment_order_issue(claim=claim, by=the_officer, iban=IBAN)
    assert order.durc is None and order.amount == Decimal("2212.50")
    payment = services.payment_record(
        order=order,
        by=the_officer,
        paid_on=timezone.localdate(),
        amount=order.amount,
        reference="CRO-1",
    )
    assert payment.released == Decimal("787.50")
    assert Call.objects.get(pk=application.call_id).committed == Decimal("2212.50")
    # Paid, the voucher's final grant is what was paid, and it moves on to monitoring
    # as the accepted final report moves every scheme.
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.MONITORING
    assert application.final_grant == Decimal("2212.50")
    assert list(
        StatusChange.objects.filter(application=application)
        .order_by("pk")
        .values_list("transition", flat=True)
    )[-2:] == ["submit_final_report", "accept_final_report"]


def test_below_the_minimum_attendance_the_claim_is_refused_with_its_reasons(attended):
    application = attended("27.9")  # 69.75 % of 40 hours, below the call's 70 %
    with override("en"), pytest.raises(FundingError, match="27.9 hours attended of 40"):
        _claim(application)
    assert not PaymentClaim.objects.exists()


def test_the_whole_voucher_is_paid_when_the_call_says_so(attended, voucher_call):
    voucher_call.rules = {**voucher_call.rules, "reimbursement": "whole"}
    voucher_call.save(update_fields=["rules"])
    claim = _first_level(_claim(attended("29.5")), officer())
    assert claim.payable == Decimal("3000.00")


def test_the_officer_reduces_with_a_reason_and_refuses_with_one(attended):
    application = attended("40.0")
    the_officer = officer()
    claim = _claim(application)
    with pytest.raises(FundingError):
        _first_level(claim, the_officer, Decimal("1000.00"))  # no reason
    claim = _first_level(claim, the_officer, Decimal("1000.00"), "Half the invoice is books")
    assert claim.payable == Decimal("1000.00")

    claim2 = PaymentClaim.objects.get(pk=claim.pk)
    PaymentClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED)
    with pytest.raises(FundingError):
        services.claim_refuse(claim=claim2, by=the_officer, reason=" ")
    refused = services.claim_refuse(claim=claim2, by=the_officer, reason="The invoice is unpaid")
    assert refused.status == ClaimStatus.REFUSED and refused.payable == 0
    # Refused, the claim is closed: the person files a corrected one.
    assert _claim(application).status == ClaimStatus.SUBMITTED


def test_only_the_person_claims(attended, make_person):
    application = attended("40.0")
    other = make_person("altra@example.it")
    with override("en"), pytest.raises(FundingError, match="holds the voucher"):
        _claim(application, by=other.user)
    _claim(application)
    application.refresh_from_db()
    assert application.status == Status.FINAL_REPORT


def test_a_refused_claim_sends_the_voucher_back_and_the_agency_may_correct(
    attended, course_agency_user
):
    application = attended("30.0")
    claim = _claim(application)
    services.claim_refuse(claim=claim, by=officer(), reason="Certificate not signed")
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.final_grant is None
    change = StatusChange.objects.filter(application=application).order_by("pk").last()
    assert (change.transition, change.reason) == ("refuse_final_report", "Certificate not signed")
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("36.0")
    )
    assert _claim(application).hours_attended == Decimal("36.0")


def test_the_person_sees_the_hours_rule_and_the_refusal(attended, client):
    application = attended("30.0")
    claim = _claim(application)
    services.claim_refuse(claim=claim, by=officer(), reason="Certificate not signed")
    client.force_login(application.person.user)
    page = client.get(f"/en/pratiche/pagamenti/domande/{application.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "30 hours attended of 40" in body and "Certificate not signed" in body
    assert "Attendance register or certificate" in body
