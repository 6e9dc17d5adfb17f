"""The voucher's payment request on the shared workflow, in its own words: staff may
refuse it with a reason the person reads (the transition refuse_final_report), and the
person sends a corrected one. The other schemes do not use the transition."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from trinno_portal.funding.admin_transitions import staff_transition_run
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import FundingError, TransitionNotAllowed
from trinno_portal.funding.workflow import Status
from vouchers.call import services as services_voucher
from vouchers.call.models import PaymentRequest, PaymentRequestState

from ..voucher_call.conftest import course_started, proof_pdf
from .aftercare_support import reported

pytestmark = pytest.mark.django_db


def _requested(voucher_call, entrepreneur, course, approved, course_agency_user):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    services_voucher.voucher_enrolment_confirm(application=application, by=entrepreneur.user)
    course_started(course)
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("29.5")
    )
    services_voucher.voucher_payment_request_submit(
        application=application, by=entrepreneur.user, proof_file=proof_pdf()
    )
    application.refresh_from_db()
    return application


@override("en")
def test_the_voucher_says_it_in_its_own_words():
    voucher = scheme_for("voucher")
    assert str(voucher.transition_label("refuse_final_report")) == "Refuse the payment request"
    assert not scheme_for("audit").uses("refuse_final_report")
    assert not scheme_for("catalogue").uses("refuse_final_report")


def test_staff_refuse_the_payment_request_with_a_reason_the_person_reads(
    client, voucher_call, entrepreneur, course, approved, course_agency_user, staff_user
):
    application = _requested(voucher_call, entrepreneur, course, approved, course_agency_user)
    with pytest.raises(FundingError):
        staff_transition_run(
            application=application, transition="refuse_final_report", by=staff_user
        )
    application = staff_transition_run(
        application=application,
        transition="refuse_final_report",
        by=staff_user,
        reason="The receipt is not in your name",
    )
    assert application.status == Status.IN_PROGRESS
    payment = PaymentRequest.objects.get(pk=application.pk)
    assert payment.state == PaymentRequestState.REJECTED
    assert payment.decided_by == staff_user
    # Nothing was paid nor released.
    assert application.final_grant is None
    client.force_login(entrepreneur.user)
    page = client.get(reverse("vouchers:voucher_detail", args=[application.pk]))
    assert "The receipt is not in your name" in page.content.decode()

    # A corrected request replaces the refused one and can be approved.
    payment = services_voucher.voucher_payment_request_submit(
        application=application, by=entrepreneur.user, proof_file=proof_pdf("bonifico2.pdf")
    )
    assert payment.state == PaymentRequestState.SUBMITTED
    application.refresh_from_db()
    application = staff_transition_run(
        application=application, transition="accept_final_report", by=staff_user
    )
    assert application.final_grant == Decimal("2212.50")


def test_an_innovation_services_report_cannot_be_refused_that_way(
    catalogue_call, submit_catalogue, staff_user
):
    application = reported(catalogue_call, submit_catalogue)
    with pytest.raises(TransitionNotAllowed):
        staff_transition_run(
            application=application, transition="refuse_final_report", by=staff_user, reason="x"
        )
