"""The final grant recomputed on eligible costs actually paid (funding/aftercare/rules.py)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.funding.aftercare.contract import GrantTerms
from trinno_portal.funding.aftercare.rules import PaidInvoice, final_grant

APPLIED = dt.date(2026, 3, 2)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500000"), places=2)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)
days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))
invoices = st.lists(
    st.builds(PaidInvoice, st.text(max_size=5), days, st.just("DIH"), money, st.none() | days),
    max_size=8,
)


def _terms(rate="50", cap="30000.00", minimum="0.00") -> GrantTerms:
    return GrantTerms(Decimal(rate), Decimal(cap), Decimal(minimum))


def _invoice(amount, issued=APPLIED, paid=APPLIED) -> PaidInvoice:
    return PaidInvoice("1/2026", issued, "DIH", Decimal(amount), paid)


@given(rate=rates, cap=money, approved=money, lines=invoices)
def test_it_is_never_above_the_approved_grant_nor_the_rate_on_paid_costs(
    rate, cap, approved, lines
):
    result = final_grant(
        terms=GrantTerms(rate, cap), approved=approved, invoices=lines, applied_on=APPLIED
    )
    assert Decimal(0) <= result.amount <= approved
    assert result.amount <= rate * result.eligible_paid / 100
    assert result.amount <= rate * cap / 100
    # Down to the cent: two places, never rounded up.
    assert result.amount == result.amount.quantize(Decimal("0.01"))
    assert result.released == approved - result.amount >= 0


@given(lines=invoices)
def test_it_counts_only_costs_invoiced_and_paid_on_or_after_the_application(lines):
    result = final_grant(terms=_terms(), approved=Decimal("1"), invoices=lines, applied_on=APPLIED)
    expected = sum(
        (i.amount for i in lines if i.paid_on and i.issued_on >= APPLIED and i.paid_on >= APPLIED),
        Decimal("0.00"),
    )
    assert result.eligible_paid == expected
    assert len(result.lines) == len(lines)


def test_it_rounds_the_rate_down_to_the_cent():
    # 50 % of 7,333.33 is 3,666.665: 3,666.66 (docs/decisions/0005-rounding.md).
    result = final_grant(
        terms=_terms(),
        approved=Decimal("15000.00"),
        invoices=[_invoice("7333.33")],
        applied_on=APPLIED,
    )
    assert result.amount == Decimal("3666.66")
    assert result.differs


@override("en")
def test_it_explains_each_invoice_left_out():
    result = final_grant(
        terms=_terms(),
        approved=Decimal("15000.00"),
        invoices=[
            _invoice("1000.00", paid=None),
            _invoice("2000.00", issued=APPLIED - dt.timedelta(days=1)),
            _invoice("3000.00", paid=APPLIED - dt.timedelta(days=1)),
            _invoice("4000.00"),
        ],
        applied_on=APPLIED,
    )
    assert [line.counted for line in result.lines] == [
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("4000.00"),
    ]
    assert "not paid" in result.lines[0].reason
    assert "invoiced before" in result.lines[1].reason
    assert "paid before" in result.lines[2].reason
    assert result.amount == Decimal("2000.00")


@override("en")
def test_it_caps_the_paid_costs_at_the_approved_eligible_cost():
    result = final_grant(
        terms=_terms(),
        approved=Decimal("15000.00"),
        invoices=[_invoice("40000.00")],
        applied_on=APPLIED,
    )
    assert result.amount == Decimal("15000.00")
    assert not result.differs
    assert any("Capped" in r for r in result.reasons)


def test_it_gives_nothing_below_the_minimum_cost():
    result = final_grant(
        terms=_terms(minimum="5000.00"),
        approved=Decimal("15000.00"),
        invoices=[_invoice("4999.99")],
        applied_on=APPLIED,
    )
    assert result.amount == Decimal("0.00")
    assert result.released == Decimal("15000.00")
