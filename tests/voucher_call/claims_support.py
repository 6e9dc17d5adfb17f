"""A voucher's balance claimed and paid on the shared payment claims, for the tests that
need a voucher paid (its one way of being paid: vouchers/call/claims.py)."""

from decimal import Decimal

from django.utils import timezone

from trinno_portal.funding.models import Application
from trinno_portal.funding.payments import rules, services
from trinno_portal.funding.payments.models import ClaimStatus, PaymentClaim

from ..funding.aftercare_support import document
from ..payments.support import CUP, controller, officer

AGENCY_VAT = "01987650510"
IBAN = "IT60 X054 2811 1010 0000 0123 456"


def voucher_claim(application: Application, *, taxable: str = "3000.00") -> PaymentClaim:
    """The person claims the balance with the agency's invoice, the transfer and the
    attendance certificate (the CUP assigned first, as staff do)."""
    if not application.cup:
        services.cup_assign(application=application, cup=CUP, by=None)
        application.refresh_from_db()
    on = timezone.localdate()
    docs = [
        document(application, kind)
        for kind in (services.INVOICE, services.PAYMENT_PROOF, services.DELIVERABLE)
    ]
    line = rules.CostLine(
        "FT-7", on, "Formazione Casentino", AGENCY_VAT, Decimal(taxable), Decimal("0.00"),
        CUP, on, "TRN-77",
    )  # fmt: skip
    return services.claim_submit(
        application=application,
        by=application.person.user,
        kind="balance",
        lines=[line],
        documents=docs,
        requested=Decimal(taxable),
    )


def voucher_claim_pay(claim: PaymentClaim, *, by=None) -> Application:
    """Both levels, the order and the payment of the whole payable amount."""
    first = by or officer()
    line = claim.lines.get()
    claim = services.claim_first_level(
        claim=claim, by=first, decisions={line.pk: (line.proposed, "")}
    )
    if claim.status == ClaimStatus.CHECKED:
        services.claim_second_level(claim=claim, by=controller(), approve=True)
    order = services.payment_order_issue(claim=claim, by=first, iban=IBAN)
    services.payment_record(
        order=order, by=first, paid_on=timezone.localdate(), amount=order.amount, reference="CRO-1"
    )
    return Application.objects.get(pk=claim.application_id)
