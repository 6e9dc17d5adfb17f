"""The back office of the voucher call: the application page shows the voucher and the
attendance with the reimbursement the rules give, and offers no payment of its own (the
voucher is paid on the shared payment claims only)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from trinno_portal.funding.workflow import Status
from vouchers.call import services as services_voucher

from .claims_support import voucher_claim
from .conftest import course_started

pytestmark = pytest.mark.django_db


def test_it_shows_the_voucher_and_offers_no_payment_of_its_own(
    client, voucher_call, entrepreneur, course, approved, course_agency_user, staff_user
):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    course_started(course)
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("36.0")
    )
    voucher_claim(application)
    application.refresh_from_db()
    assert application.status == Status.FINAL_REPORT
    assert client.login(email=staff_user.email, password=PASSWORD)
    change = reverse("admin:funding_application_change", args=[application.pk])
    page = client.get(change).content.decode()
    assert course.title in page
    assert "2.700,00 EUR" in page  # 3,000 x 36 / 40, by the rules
    for transition in ("accept_final_report", "refuse_final_report"):
        url = reverse("admin:funding_application_transition", args=[application.pk, transition])
        assert url not in page
        client.post(url, {"confirm": "yes", "reason": "x"})
        application.refresh_from_db()
        assert application.status == Status.FINAL_REPORT
