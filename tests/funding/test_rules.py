import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.funding.rules import (
    AidReceived,
    de_minimis_headroom,
    rule_budget_available,
    rule_de_minimis,
    rule_is_sme,
    rule_tuscan_seat,
)
from trinno_portal.lib.money import apply_rate, format_eur, to_cents

TUSCANY = frozenset({"AR", "FI", "GR", "LI", "LU", "MS", "PI", "PO", "PT", "SI"})
money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)


def test_it_rounds_grants_down_to_the_cent():
    assert apply_rate(Decimal("7333.33"), Decimal("50")) == Decimal("3666.66")
    assert to_cents(Decimal("0.019")) == Decimal("0.01")
    assert format_eur(Decimal("1234567.8")) == "1.234.567,80 EUR"


@given(amount=money, rate=st.decimals(min_value=0, max_value=100, places=2))
def test_it_never_grants_more_than_the_rate(amount, rate):
    grant = apply_rate(amount, rate)
    assert grant <= amount * rate / 100
    assert amount * rate / 100 - grant < Decimal("0.01")
    assert grant == grant.quantize(Decimal("0.01"))


def test_it_accepts_only_smes():
    assert rule_is_sme("micro").passed
    assert rule_is_sme("medium").passed
    assert not rule_is_sme("large").passed


def test_it_needs_a_seat_in_tuscany():
    assert rule_tuscan_seat(["MI", "AR"], TUSCANY).passed
    outcome = rule_tuscan_seat(["MI", "RM"], TUSCANY)
    assert not outcome.passed
    assert "Toscana" in outcome.message or "Tuscany" in outcome.message


def test_it_counts_de_minimis_over_a_rolling_three_years_since_2024():
    aid = [
        AidReceived(dt.date(2023, 6, 1), Decimal("100000.00")),  # inside 2023-06-02..?
        AidReceived(dt.date(2022, 6, 1), Decimal("150000.00")),  # outside the window
        AidReceived(dt.date(2025, 1, 10), Decimal("120000.00")),
    ]
    room = de_minimis_headroom(aid, dt.date(2026, 6, 1))
    assert room.ceiling == Decimal("300000.00")
    assert room.window_start == dt.date(2023, 6, 2)
    assert room.used == Decimal("120000.00")
    assert room.headroom == Decimal("180000.00")
    room = de_minimis_headroom(aid, dt.date(2026, 5, 31))
    assert room.used == Decimal("220000.00")


def test_it_counts_de_minimis_over_three_fiscal_years_before_2024():
    aid = [
        AidReceived(dt.date(2016, 12, 31), Decimal("50000.00")),  # outside 2017-2019
        AidReceived(dt.date(2017, 1, 1), Decimal("150000.00")),
    ]
    room = de_minimis_headroom(aid, dt.date(2019, 7, 1))
    assert room.ceiling == Decimal("200000.00")
    assert room.used == Decimal("150000.00")
    assert not rule_de_minimis(aid, Decimal("50000.01"), dt.date(2019, 7, 1)).passed
    assert rule_de_minimis(aid, Decimal("50000.00"), dt.date(2019, 7, 1)).passed


@given(
    amounts=st.lists(money, max_size=6),
    days=st.lists(st.integers(min_value=0, max_value=3000), max_size=6),
    grant=money,
)
def test_it_never_lets_the_ceiling_be_exceeded(amounts, days, grant):
    on = dt.date(2026, 11, 25)
    aid = [AidReceived(on - dt.timedelta(days=d), a) for a, d in zip(amounts, days, strict=False)]
    room = de_minimis_headroom(aid, on)
    outcome = rule_de_minimis(aid, grant, on)
    assert outcome.passed == (room.used + grant <= room.ceiling)
    assert Decimal(0) <= room.headroom <= room.ceiling


def test_it_refuses_a_grant_the_budget_cannot_pay():
    assert rule_budget_available(Decimal("4500.00"), Decimal("4500.00"), "X").passed
    outcome = rule_budget_available(Decimal("4499.99"), Decimal("4500.00"), "Manifatturiero")
    assert not outcome.passed
    assert "Manifatturiero" in outcome.message
