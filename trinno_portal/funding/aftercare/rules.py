"""The final grant, recomputed on eligible costs actually paid: a pure rule.

A cost counts only if it was invoiced and paid on or after the day of the application
(the calls' text; brief, sec. 2). The eligible paid cost is capped at the cost the
approval admitted; the grant is the approval's rate on it, rounded down to the cent
(docs/decisions/0005-rounding.md), and never above the approved grant. Each invoice is
one line of the recomputation, with why it counts or not, so that the applicant reads
why the final grant differs from the approved one.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from trinno_portal.funding.aftercare.contract import GrantTerms
from trinno_portal.lib.money import ZERO, apply_rate, format_eur


@dataclass(frozen=True)
class PaidInvoice:
    number: str
    issued_on: dt.date
    supplier: str
    amount: Decimal
    paid_on: dt.date | None


@dataclass(frozen=True)
class Line:
    number: str
    supplier: str
    amount: Decimal
    counted: Decimal
    reason: str


@dataclass(frozen=True)
class FinalGrant:
    approved: Decimal
    amount: Decimal
    eligible_paid: Decimal
    lines: tuple[Line, ...]
    reasons: tuple[str, ...]

    @property
    def released(self) -> Decimal:
        return self.approved - self.amount

    @property
    def differs(self) -> bool:
        return self.amount != self.approved

    def as_json(self) -> dict:
        return {
            "approved": str(self.approved),
            "amount": str(self.amount),
            "eligible_paid": str(self.eligible_paid),
            "lines": [
                {
                    "number": x.number,
                    "supplier": x.supplier,
                    "amount": str(x.amount),
                    "counted": str(x.counted),
                    "reason": x.reason,
                }
                for x in self.lines
            ],
            "reasons": list(self.reasons),
        }


def invoice_line(invoice: PaidInvoice, applied_on: dt.date) -> Line:
    def line(counted: Decimal, reason: str) -> Line:
        return Line(invoice.number, invoice.supplier, invoice.amount, counted, reason)

    if invoice.paid_on is None:
        return line(ZERO, _("not paid: it does not count"))
    if invoice.issued_on < applied_on:
        return line(ZERO, _("invoiced before the application date: it does not count"))
    if invoice.paid_on < applied_on:
        return line(ZERO, _("paid before the application date: it does not count"))
    return line(invoice.amount, _("invoiced and paid after the application date: it counts"))


def grant_on_paid(
    *, terms: GrantTerms, approved: Decimal, paid: Decimal
) -> tuple[Decimal, tuple[str, ...]]:
    """The final grant on `paid` eligible costs, and why."""
    fmt = {
        "paid": format_eur(paid),
        "cap": format_eur(terms.cost_cap),
        "min": format_eur(terms.minimum_cost),
        "rate": f"{terms.rate_percent.normalize():f}",
        "approved": format_eur(approved),
    }
    reasons = [_("Eligible costs actually paid: %(paid)s.") % fmt]
    if paid < terms.minimum_cost:
        reasons.append(_("Below the minimum cost of %(min)s: no grant is due.") % fmt)
        return ZERO, tuple(reasons)
    eligible = paid
    if paid > terms.cost_cap:
        eligible = terms.cost_cap
        reasons.append(_("Capped at the eligible cost approved, %(cap)s.") % fmt)
    computed = apply_rate(eligible, terms.rate_percent)
    reasons.append(
        _("%(rate)s%% of %(eligible)s = %(grant)s.")
        % {**fmt, "eligible": format_eur(eligible), "grant": format_eur(computed)}
    )
    if computed > approved:
        reasons.append(_("Never above the approved grant of %(approved)s.") % fmt)
    return min(computed, approved), tuple(reasons)


def final_grant(
    *,
    terms: GrantTerms,
    approved: Decimal,
    invoices: Sequence[PaidInvoice],
    applied_on: dt.date,
) -> FinalGrant:
    lines = tuple(invoice_line(i, applied_on) for i in invoices)
    paid = sum((x.counted for x in lines), ZERO)
    amount, reasons = grant_on_paid(terms=terms, approved=approved, paid=paid)
    return FinalGrant(approved, amount, paid, lines, reasons)
