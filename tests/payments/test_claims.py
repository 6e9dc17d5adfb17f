"""Payment claims through both levels to the payment order and the payment, with the
unpaid commitment released (funding/payments/services.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.payments import services
from trinno_portal.funding.payments.models import ClaimStatus, PaymentClaim, SecondLevel
from trinno_portal.funding.services import FundingError

from .support import accept_all, claim, controller, line, officer, operation

pytestmark = pytest.mark.django_db
IBAN = "IT60 X054 2811 1010 0000 0123 456"


def test_each_line_keeps_every_rule_outcome_in_both_languages(catalogue_call, submit_catalogue):
    application = operation(catalogue_call, submit_catalogue)
    c = claim(application, lines=[line(), line(vat=application.enterprise.vat_number, cup="")])
    good, bad = c.lines.all()
    assert good.proposed == Decimal("10000.00") and bad.proposed == 0
    rules_failed = {o["rule"] for o in bad.outcomes["en"] if not o["passed"]}
    assert rules_failed == {"line_supplier", "line_cup", "line_provider"}
    assert "Partita IVA" in next(
        o["message"] for o in bad.outcomes["it"] if o["rule"] == "line_supplier"
    )


def test_a_kind_the_call_does_not_allow_is_refused(catalogue_call, submit_catalogue):
    application = operation(catalogue_call, submit_catalogue)
    with override("en"), pytest.raises(FundingError, match="does not allow"):
        claim(application, kind="advance")
    assert not PaymentClaim.objects.exists()


def test_the_second_level_is_never_the_first_level_officer(catalogue_call, submit_catalogue):
    application = operation(catalogue_call, submit_catalogue)
    c = claim(application)
    first = officer()  # an officer also in the control group makes the first-level check
    first.groups.add(*controller().groups.all())
    services.claim_first_level(claim=c, by=first, decisions=accept_all(c))
    with override("en"), pytest.raises(FundingError, match="independent"):
        services.claim_second_level(claim=c, by=first, approve=True)
    with pytest.raises(FundingError):
        services.claim_second_level(claim=c, by=officer(), approve=True)  # not in control
    assert PaymentClaim.objects.get(pk=c.pk).status == ClaimStatus.CHECKED


def test_a_refused_claim_goes_back_with_its_reasons_and_keeps_what_was_entered(
    catalogue_call, submit_catalogue
):
    application = operation(catalogue_call, submit_catalogue)
    c = claim(application)
    first = officer()
    pk = c.lines.get().pk
    services.claim_first_level(
        claim=c, by=first, decisions={pk: (Decimal("8000.00"), "Partly out of scope")}
    )
    services.claim_second_level(
        claim=c, by=controller(), approve=False, reasons="Check the timesheets"
    )
    c.refresh_from_db()
    assert (c.status, c.second_level, c.second_level_reasons) == (
        ClaimStatus.RETURNED,
        SecondLevel.REFUSED,
        "Check the timesheets",
    )
    assert (c.lines.get().eligible, c.lines.get().officer_reason) == (
        Decimal("8000.00"),
        "Partly out of scope",
    )
    # Checked again, it returns to the second level whatever the sample said.
    services.claim_first_level(
        claim=c, by=first, decisions={pk: (Decimal("8000.00"), "Partly out of scope")}
    )
    assert PaymentClaim.objects.get(pk=c.pk).status == ClaimStatus.CHECKED


def test_a_lower_amount_needs_a_reason(catalogue_call, submit_catalogue):
    application = operation(catalogue_call, submit_catalogue)
    c = claim(application)
    with override("en"), pytest.raises(FundingError, match="say why"):
        services.claim_first_level(
            claim=c, by=officer(), decisions={c.lines.get().pk: (Decimal(1), "")}
        )
    assert c.lines.get().eligible is None


def test_outside_the_sample_a_claim_is_cleared_and_the_draw_recorded(
    catalogue_call, submit_catalogue
):
    application = operation(
        catalogue_call, submit_catalogue, sample_percent=0, kinds={"balance": {"cap_percent": 100}}
    )
    c = services.claim_first_level(
        claim=(c0 := claim(application)), by=officer(), decisions=accept_all(c0)
    )
    assert (c.status, c.second_level, c.sample_percent) == (
        ClaimStatus.CLEARED,
        SecondLevel.NOT_SAMPLED,
        0,
    )
    assert c.sample_draw is not None and c.sample_seed == application.call.code


def test_the_balance_is_ordered_paid_and_the_rest_released(catalogue_call, submit_catalogue, roles):
    application = operation(catalogue_call, submit_catalogue)
    committed_before = Call.objects.get(pk=application.call_id).committed
    c = claim(application)
    first = officer()
    services.claim_first_level(claim=c, by=first, decisions=accept_all(c))
    services.claim_second_level(claim=c, by=controller(), approve=True)
    with override("en"), pytest.raises(FundingError, match="DURC"):
        services.payment_order_issue(claim=c, by=first, iban=IBAN)
    services.durc_record(
        enterprise=application.enterprise,
        outcome="regular",
        issued_on=timezone.localdate() - dt.timedelta(days=3),
        protocol="INPS_123",
        by=first,
    )
    with pytest.raises(FundingError):
        services.payment_order_issue(claim=c, by=first, iban="IT00 0000")
    order = services.payment_order_issue(claim=c, by=first, iban=IBAN)
    assert order.iban == IBAN.replace(" ", "") and order.cup == application.cup
    c.refresh_from_db()
    assert order.amount == c.payable > 0
    payment = services.payment_record(
        order=order,
        by=first,
        paid_on=timezone.localdate(),
        amount=order.amount,
        reference="CRO 998877",
    )
    after = Application.objects.get(pk=application.pk)
    assert payment.released == after.grant_amount - order.amount
    assert Call.objects.get(pk=application.call_id).committed == committed_before - payment.released
    assert PaymentClaim.objects.get(pk=c.pk).status == ClaimStatus.PAID
    # The catalogue's final report is a step of its own (funding/aftercare): the balance
    # moves nothing and writes no final grant.
    assert not services.payment_terms(after).completes_on_balance
    assert (after.status, after.final_grant) == (application.status, application.final_grant)
