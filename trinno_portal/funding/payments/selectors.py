"""Reads of the payments: a claim's page (constant queries), and the expenditure
declared to the Managing Authority per period, call and programme action."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import TruncQuarter
from django.utils.translation import get_language

from trinno_portal.funding.models import Application
from trinno_portal.funding.payments.models import ClaimLine, Payment, PaymentClaim
from trinno_portal.funding.scheme_codes import Scheme
from trinno_portal.lib.money import ZERO


def claims_of(application: Application) -> list[PaymentClaim]:
    """The operation's claims with their lines, in three queries whatever their number."""
    claims = list(
        application.payment_claims.select_related("order__payment").prefetch_related(
            Prefetch("lines", queryset=ClaimLine.objects.order_by("position"))
        )
    )
    for claim in claims:
        claim.hours_rule = hours_rule(claim)
    return claims


def claim_for_staff(pk: int) -> PaymentClaim:
    claim = PaymentClaim.objects.select_related(
        "application__call", "application__enterprise", "officer", "controller"
    ).get(pk=pk)
    claim.hours_rule = hours_rule(claim)
    return claim


def line_outcomes(line: ClaimLine) -> list[dict]:
    """The rules' outcomes in the reader's language (the portal's default otherwise)."""
    return line.outcomes.get(get_language()) or line.outcomes.get(settings.LANGUAGE_CODE, [])


def hours_rule(claim: PaymentClaim) -> list[dict]:
    """The attendance rule's outcome on the claim in the reader's language."""
    return claim.hours_outcomes.get(get_language()) or claim.hours_outcomes.get(
        settings.LANGUAGE_CODE, []
    )


def paid_by_application(ids: Iterable[int]) -> dict[int, Decimal]:
    rows = (
        Payment.objects.filter(order__claim__application_id__in=list(ids))
        .values("order__claim__application_id")
        .annotate(total=Sum("amount"))
    )
    return {r["order__claim__application_id"]: r["total"] for r in rows}


# The programme action of each scheme where the call does not say (the calls' legal
# basis: POR FESR Toscana azione 1.1.2; the ESF voucher on axes A and C).
DEFAULT_ACTIONS = {
    Scheme.AUDIT: "ERDF 1.1.2",
    Scheme.CATALOGUE: "ERDF 1.1.2",
    Scheme.VOUCHER: "ESF A, C",
}


@dataclass(frozen=True)
class DeclaredRow:
    quarter: str
    call: str
    action: str
    paid: Decimal
    operations: int


def expenditure_declared(payments: QuerySet | None = None) -> list[DeclaredRow]:
    """The expenditure paid per quarter, call and programme action (the call's
    rules["programme_action"], e.g. ERDF 1.1.2 or ESF A/C), as the Managing Authority
    declares it (Reg. (UE) 2021/1060, art. 91): one query."""
    qs = payments if payments is not None else Payment.objects.all()
    rows = (
        qs.annotate(quarter=TruncQuarter("paid_on"))
        .values(
            "quarter",
            "order__claim__application__call__code",
            "order__claim__application__call__scheme",
            "order__claim__application__call__rules__programme_action",
        )
        .annotate(
            paid=Sum("amount"),
            operations=Count("order__claim__application", distinct=True),
        )
        .order_by("quarter", "order__claim__application__call__code")
    )
    return [
        DeclaredRow(
            quarter=f"{r['quarter'].year}-Q{(r['quarter'].month - 1) // 3 + 1}",
            call=r["order__claim__application__call__code"],
            action=str(
                r["order__claim__application__call__rules__programme_action"]
                or DEFAULT_ACTIONS.get(r["order__claim__application__call__scheme"], "")
            ),
            paid=r["paid"] or ZERO,
            operations=r["operations"],
        )
        for r in rows
    ]
