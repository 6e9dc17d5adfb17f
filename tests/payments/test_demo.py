"""The demo rows of `make run`: an audit operation with its CUP and a claim waiting for
the first-level check, and one paid (audits/call/payments_demo.py)."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from trinno_portal.funding.payments.models import ClaimStatus, PaymentClaim

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_the_demo_has_a_claim_to_check_and_one_paid_once():
    call_command("load_portal_data", "--demo", verbosity=0)
    call_command("load_portal_data", "--demo", verbosity=0)
    claims = {c.status: c for c in PaymentClaim.objects.select_related("application")}
    assert set(claims) == {ClaimStatus.SUBMITTED, ClaimStatus.PAID}
    assert all(c.application.cup for c in claims.values())
    assert claims[ClaimStatus.PAID].order.payment.amount > 0
