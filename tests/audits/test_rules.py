import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audits.call.rules import (
    DEFAULT_RULES,
    add_months,
    audit_funding,
    final_grant,
    rule_ateco_manufacturing,
    rule_project_dates,
)

R = DEFAULT_RULES


def test_it_caps_a_micro_firm_at_7500_and_grants_60_percent():
    # The brief's example: a micro firm investing 9,000 EUR gets 4,500 EUR on 7,500.
    result = audit_funding("micro", Decimal("9000.00"), R)
    assert result.eligible
    assert result.eligible_investment == Decimal("7500.00")
    assert result.rate == Decimal("60")
    assert result.grant == Decimal("4500.00")


@pytest.mark.parametrize(
    ("size", "planned", "eligible", "grant"),
    [
        ("micro", "5000.00", "5000.00", "3000.00"),
        ("small", "12500.00", "12500.00", "6250.00"),
        ("small", "30000.00", "12500.00", "6250.00"),
        ("medium", "20000.00", "20000.00", "8000.00"),
        ("medium", "25000.00", "20000.00", "8000.00"),
        ("medium", "7333.33", "7333.33", "2933.33"),
    ],
)
def test_it_applies_the_funding_table_of_the_call(size, planned, eligible, grant):
    result = audit_funding(size, Decimal(planned), R)
    assert (result.eligible_investment, result.grant) == (Decimal(eligible), Decimal(grant))


def test_it_refuses_an_investment_below_the_minimum():
    result = audit_funding("small", Decimal("4999.99"), R)
    assert not result.eligible
    assert result.grant == Decimal("0")


def test_it_refuses_large_enterprises():
    assert not audit_funding("large", Decimal("10000"), R).eligible


@given(
    size=st.sampled_from(["micro", "small", "medium"]),
    planned=st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_it_never_grants_more_than_the_cap_allows(size, planned):
    result = audit_funding(size, planned, R)
    caps = {"micro": Decimal("4500"), "small": Decimal("6250"), "medium": Decimal("8000")}
    assert result.grant <= caps[size]
    assert result.eligible_investment <= planned
    assert result.eligible == (planned >= Decimal("5000"))


def test_it_accepts_only_manufacturing():
    assert rule_ateco_manufacturing("32.12.10").passed
    assert rule_ateco_manufacturing("10.11.00").passed
    assert not rule_ateco_manufacturing("47.77.00").passed


def test_it_limits_the_project_to_six_months_from_the_application():
    today = dt.date(2026, 11, 25)
    assert rule_project_dates(today, dt.date(2027, 5, 25), today, 6).passed
    assert not rule_project_dates(today, dt.date(2027, 5, 26), today, 6).passed
    assert not rule_project_dates(dt.date(2026, 11, 24), dt.date(2027, 1, 1), today, 6).passed
    assert not rule_project_dates(None, None, today, 6).passed
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_it_recomputes_the_final_grant_on_paid_costs_never_above_the_approved():
    assert final_grant(R, "micro", Decimal("4500.00"), Decimal("6000.00")) == Decimal("3600.00")
    assert final_grant(R, "micro", Decimal("4500.00"), Decimal("9000.00")) == Decimal("4500.00")
    assert final_grant(R, "micro", Decimal("4500.00"), Decimal("4000.00")) == Decimal("0.00")
