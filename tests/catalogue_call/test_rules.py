from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.call import rules as rules_call
from catalogue.call.rules import ServiceLine, YearEnvelope

RULES = rules_call.DEFAULT_RULES


@pytest.mark.parametrize(
    ("ateco", "sector"),
    [
        ("32.12.10", "manufacturing"),  # jewellery
        ("10.71.10", "manufacturing"),
        ("47.11.10", "tertiary"),  # retail trade (G)
        ("55.10.00", "tertiary"),  # hotels (I)
        ("62.01.00", "tertiary"),  # software (J)
        ("70.22.09", "tertiary"),  # consultancy (M)
        ("82.99.99", "tertiary"),  # support services (N)
        ("93.29.90", "tertiary"),  # entertainment (R)
        ("01.13.10", None),  # agriculture (A)
        ("41.20.00", None),  # construction (F)
        ("86.10.00", None),  # hospital (Q)
        ("84.11.10", None),  # public administration (O)
        ("", None),
        ("xx", None),
    ],
)
def test_it_decides_the_sector_from_the_ateco_code(ateco, sector):
    assert rules_call.sector_of(ateco) == sector


def test_it_explains_why_agriculture_cannot_apply():
    outcome = rules_call.rule_sector("01.13.10")
    assert not outcome.passed
    assert "01.13.10" in outcome.message
    assert "manufacturing" in outcome.message or "manifattur" in outcome.message


def _line(code="B.2.4", cost="20000", intensity="50", digital=False, lo="15000", hi="100000"):
    return ServiceLine(
        code,
        Decimal(cost),
        Decimal(lo),
        Decimal(hi),
        None if intensity is None else Decimal(intensity),
        digital,
    )


def test_it_sums_the_aid_of_every_service_for_the_size_class():
    funding = rules_call.catalogue_funding(
        [_line(cost="20000", digital=True), _line("B.1.1", cost="10000.01", lo="5000")],
        "micro",
        RULES,
    )
    assert funding.eligible
    assert funding.total_cost == Decimal("30000.01")
    assert funding.digital_amount == Decimal("20000")
    # 50 % of 10,000.01 = 5,000.005, rounded down to the cent.
    assert funding.grant == Decimal("15000.00")


def test_it_refuses_a_project_cost_outside_15000_and_100000():
    low = rules_call.catalogue_funding([_line(cost="10000", lo="5000")], "micro", RULES)
    assert not low.cost_ok and not low.eligible
    assert "10.000,00 EUR" in low.cost_reason and "15.000,00 EUR" in low.cost_reason
    high = rules_call.catalogue_funding(
        [_line(cost="90000"), _line("B.1.1", cost="20000")], "micro", RULES
    )
    assert not high.cost_ok
    assert "100.000,00 EUR" in high.cost_reason
    assert rules_call.catalogue_funding([_line(cost="15000")], "micro", RULES).cost_ok
    assert not rules_call.catalogue_funding([], "micro", RULES).eligible


def test_it_caps_a_service_at_its_maximum_and_refuses_one_below_its_minimum():
    capped = rules_call.line_funding(_line("A.2", cost="30000", lo="5000", hi="20000"), "micro")
    assert capped.eligible and capped.eligible_cost == Decimal("20000")
    assert capped.aid == Decimal("10000.00")
    below = rules_call.line_funding(_line(cost="14999.99"), "micro")
    assert not below.eligible and below.aid == 0
    assert "15.000,00 EUR" in below.reason


@pytest.mark.parametrize("intensity", [None, "0"])
def test_it_refuses_a_service_without_aid_for_the_size_class(intensity):
    line = rules_call.line_funding(_line("C.3", intensity=intensity), "micro enterprise")
    assert not line.eligible
    assert "C.3" in line.reason


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("200000"), places=2)
rate = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)


@given(st.lists(st.tuples(money, rate, st.booleans()), min_size=1, max_size=6))
def test_it_never_grants_more_than_the_intensity_allows(rows):
    lines = [
        ServiceLine(f"B.9.{i}", cost, Decimal("100"), Decimal("50000"), r, digital)
        for i, (cost, r, digital) in enumerate(rows)
    ]
    funding = rules_call.catalogue_funding(lines, "micro", RULES)
    exact = sum(
        (min(line.cost, line.max_cost) * line.intensity / 100)
        for line in lines
        if line.cost >= line.min_cost and line.intensity > 0
    )
    assert Decimal(0) <= funding.grant <= exact
    # Rounded down per service: at most one cent lost for each.
    assert exact - funding.grant < Decimal("0.01") * len(lines)
    assert funding.grant == funding.grant.quantize(Decimal("0.01"))
    assert funding.grant <= funding.eligible_cost <= funding.total_cost
    assert funding.digital_amount == sum((line.cost for line in lines if line.is_digital), 0)
    assert funding.cost_ok == (Decimal("15000") <= funding.total_cost <= Decimal("100000"))


YEARS = [YearEnvelope(2019, "y2019", Decimal("4040000")), YearEnvelope(2020, "y2020", Decimal(0))]


def test_it_picks_the_year_envelope_of_the_approval():
    full = [YearEnvelope(2019, "y2019", Decimal(10)), YearEnvelope(2020, "y2020", Decimal(10))]
    assert rules_call.year_envelope_pick(2019, full, Decimal(5)) == "y2019"
    assert rules_call.year_envelope_pick(2020, full, Decimal(5)) == "y2020"
    # Before the first year: the first one; after the last one: the last with money.
    assert rules_call.year_envelope_pick(2018, full, Decimal(5)) == "y2019"
    assert rules_call.year_envelope_pick(2026, full, Decimal(5)) == "y2020"
    # 2020 is spent: unspent 2019 money carries forward.
    assert rules_call.year_envelope_pick(2020, YEARS, Decimal(5)) == "y2019"
    assert rules_call.year_envelope_pick(2026, YEARS, Decimal(5)) == "y2019"
    # Nobody can pay: the year's own envelope is named (and the budget rule fails on it).
    assert rules_call.year_envelope_pick(2020, YEARS, Decimal(10**9)) == "y2020"
    assert rules_call.year_envelope_pick(2020, [], Decimal(5)) is None


@given(
    st.integers(min_value=2015, max_value=2035),
    st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=5),
    st.integers(min_value=0, max_value=100),
)
def test_it_picks_an_envelope_that_can_pay_whenever_one_at_or_before_the_year_can(
    year, amounts, grant
):
    envelopes = [YearEnvelope(2019 + i, f"y{2019 + i}", Decimal(a)) for i, a in enumerate(amounts)]
    code = rules_call.year_envelope_pick(year, envelopes, Decimal(grant))
    picked = next(e for e in envelopes if e.code == code)
    payable = [e for e in envelopes if e.year <= year and e.available >= grant]
    if year >= 2019 and payable:
        assert picked.available >= grant and picked.year <= year
        assert picked.year == max(e.year for e in payable)
    elif year < 2019:
        assert picked is envelopes[0]
