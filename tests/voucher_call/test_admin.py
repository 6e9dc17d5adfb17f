"""The back office of the voucher call: the application page shows the voucher, the
attendance and the payment request; its button approves the payment through the service."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from trinno_portal.funding.workflow import Status
from vouchers.call import services as services_voucher

from .conftest import course_started, proof_pdf

pytestmark = pytest.mark.django_db


def test_it_shows_and_approves_a_payment_request(
    client, voucher_call, entrepreneur, course, approved, course_agency_user, staff_user
):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    course_started(course)
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("36.0")
    )
    services_voucher.voucher_payment_request_submit(
        application=application, by=entrepreneur.user, proof_file=proof_pdf()
    )
    assert client.login(email=staff_user.email, password=PASSWORD)
    change = reverse("admin:funding_application_change", args=[application.pk])
    page = client.get(change).content.decode()
    assert course.title in page
    assert "2.700,00 EUR" in page  # 3,000 x 36 / 40, by the rules
    assert client.get(reverse("admin:vouchers_paymentrequest_changelist")).status_code == 200

    url = reverse(
        "admin:funding_application_transition", args=[application.pk, "accept_final_report"]
    )
    page = client.post(url)
    (effect,) = page.context["effects"]
    assert effect.committed_after == Decimal("2700.00") and "-300,00 EUR" in page.text
    client.post(url, {"confirm": "yes"})
    application.refresh_from_db()
    assert application.status == Status.MONITORING
    assert application.final_grant == Decimal("2700.00")
    assert application.call.committed == Decimal("2700.00")
