"""The voucher's final report is its balance claim on the shared payment claims: the
officer may refuse it with a reason the person reads (the workflow goes back with it,
refuse_final_report), the person files a corrected one, and paid it writes the final
grant. Neither the voucher nor the innovation-services call offers the final report's
moves to staff by hand."""

from decimal import Decimal

import pytest
from django.urls import reverse

from trinno_portal.funding.admin_transitions import staff_transition_run
from trinno_portal.funding.payments import services as payments
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import TransitionNotAllowed
from trinno_portal.funding.workflow import Status
from vouchers.call import services as services_voucher

from ..payments.support import officer
from ..voucher_call.claims_support import voucher_claim, voucher_claim_pay
from ..voucher_call.conftest import course_started
from .aftercare_support import reported

pytestmark = pytest.mark.django_db


def _attended(voucher_call, entrepreneur, course, approved, course_agency_user):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    services_voucher.voucher_enrolment_confirm(application=application, by=entrepreneur.user)
    course_started(course)
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("29.5")
    )
    application.refresh_from_db()
    return application


def test_the_voucher_offers_no_final_report_move_by_hand():
    voucher = scheme_for("voucher")
    for transition in ("submit_final_report", "accept_final_report", "refuse_final_report"):
        assert not voucher.uses(transition)
    assert voucher.payments.completes_on_balance
    assert not scheme_for("audit").payments.completes_on_balance
    assert not scheme_for("catalogue").payments.completes_on_balance


def test_a_refused_claim_goes_back_with_its_reason_and_a_corrected_one_is_paid(
    client, voucher_call, entrepreneur, course, approved, course_agency_user, staff_user
):
    application = _attended(voucher_call, entrepreneur, course, approved, course_agency_user)
    claim = voucher_claim(application)
    with pytest.raises(TransitionNotAllowed):
        staff_transition_run(
            application=application, transition="refuse_final_report", by=staff_user, reason="x"
        )
    payments.claim_refuse(claim=claim, by=officer(), reason="The receipt is not in your name")
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    # Nothing was paid nor released.
    assert application.final_grant is None
    client.force_login(entrepreneur.user)
    page = client.get(reverse("payments:claims", args=[application.pk]))
    assert "The receipt is not in your name" in page.content.decode()

    application = voucher_claim_pay(voucher_claim(application))
    assert application.status == Status.MONITORING
    assert application.final_grant == Decimal("2212.50")


def test_an_innovation_services_report_cannot_be_refused_that_way(
    catalogue_call, submit_catalogue, staff_user
):
    application = reported(catalogue_call, submit_catalogue)
    with pytest.raises(TransitionNotAllowed):
        staff_transition_run(
            application=application, transition="refuse_final_report", by=staff_user, reason="x"
        )
