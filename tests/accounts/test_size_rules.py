"""classify_size (Recommendation 2003/361/EC) and the other pure rules: no database."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.accounts.rules import (
    LinkedFigures,
    LinkType,
    Size,
    SizeFigures,
    aggregate,
    classify_size,
    holding_problem,
    is_manufacturing,
)

M = Decimal(1_000_000)


def fig(staff, turnover, balance) -> SizeFigures:
    return SizeFigures(Decimal(staff), Decimal(turnover), Decimal(balance))


def test_it_classifies_a_small_jeweller_as_micro_and_says_why():
    result = classify_size(fig(8, 1_200_000, 900_000))
    assert result.size == Size.MICRO
    with translation.override("en"):
        steps = [str(s) for s in result.steps]
    assert steps[0].startswith("Own figures of the last closed year: staff 8 AWU")
    assert (
        steps[-1]
        == "Staff 8 < 10 AWU and turnover 1,200,000 EUR <= 2,000,000 EUR: Micro enterprise."
    )


def test_it_shows_the_steps_in_italian():
    result = classify_size(fig(8, 1_200_000, 900_000))
    with translation.override("it"):
        last = str(result.steps[-1])
    assert "Microimpresa" in last and "1.200.000" in last


def test_it_adds_a_partner_pro_rata_and_a_linked_enterprise_whole():
    partner = LinkedFigures("Alfa srl", LinkType.PARTNER, Decimal(30), fig(20, 1_000_000, 500_000))
    linked = LinkedFigures("Beta spa", LinkType.LINKED, Decimal(60), fig(5, 300_000, 100_000))
    result = classify_size(fig(8, 1_200_000, 900_000), [partner, linked])
    assert result.totals == fig(19, 1_800_000, 1_150_000)
    assert result.size == Size.SMALL
    with translation.override("en"):
        text = [str(s) for s in result.steps]
    assert text[1].startswith("Partner enterprise Alfa srl (holding 30%) adds 30% of its figures")
    assert "staff 6 AWU" in text[1]
    assert text[2].startswith("Linked enterprise Beta spa (holding 60%) adds 100% of its figures")
    assert text[3].startswith("Totals that count: staff 19 AWU")
    assert text[4].startswith("Micro enterprise: no, staff of 19 AWU is not below 10")


def test_it_needs_only_one_financial_ceiling():
    # Turnover above 2 M but balance sheet within 2 M: still micro (art. 2(3)).
    result = classify_size(fig(9, 5_000_000, 2_000_000))
    assert result.size == Size.MICRO
    with translation.override("en"):
        assert "one financial ceiling is enough" in str(result.steps[-1])


def test_it_says_large_when_no_ceiling_fits():
    result = classify_size(fig(300, 60 * M, 50 * M))
    assert result.size == Size.LARGE
    assert not result.is_sme
    with translation.override("en"):
        assert str(result.steps[-1]) == (
            "Above the ceilings of a medium enterprise: Large enterprise (not an SME)."
        )


@pytest.mark.parametrize(
    ("staff", "turnover", "balance", "expected"),
    [
        ("9.99", 2 * M, 2 * M, Size.MICRO),
        (10, 2 * M, 2 * M, Size.SMALL),
        (9, 2 * M + 1, 2 * M + 1, Size.SMALL),
        ("49.99", 10 * M, 10 * M, Size.SMALL),
        (50, 10 * M, 10 * M, Size.MEDIUM),
        (49, 10 * M + 1, 10 * M + 1, Size.MEDIUM),
        ("249.99", 50 * M, 99 * M, Size.MEDIUM),
        ("249.99", 99 * M, 43 * M, Size.MEDIUM),
        (249, 50 * M + 1, 43 * M + 1, Size.LARGE),
        (250, 1, 1, Size.LARGE),
    ],
)
def test_it_puts_the_boundaries_where_the_recommendation_does(staff, turnover, balance, expected):
    assert classify_size(fig(staff, turnover, balance)).size == expected


def test_it_checks_holdings_against_the_relationship():
    assert holding_problem(LinkType.PARTNER, Decimal(25)) is None
    assert holding_problem(LinkType.PARTNER, Decimal(50)) is None
    assert "autonomous" in holding_problem(LinkType.PARTNER, Decimal("24.99"))
    assert "linked" in holding_problem(LinkType.PARTNER, Decimal("50.01"))
    assert holding_problem(LinkType.LINKED, Decimal(10)) is None  # dominant influence
    assert holding_problem(LinkType.LINKED, Decimal(0)) is not None
    assert holding_problem(LinkType.LINKED, Decimal("100.01")) is not None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("10.11.00", True),
        ("32.12.10", True),
        ("33.20.09", True),
        ("321210", True),
        ("09.90.09", False),
        ("34.00.00", False),
        ("62.01.00", False),
        ("", False),
        ("C", False),
    ],
)
def test_it_knows_manufacturing_is_divisions_10_to_33(code, expected):
    assert is_manufacturing(code) is expected


# --- Properties ---------------------------------------------------------------------------

staff_st = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False)
money_st = st.decimals(min_value=0, max_value=200_000_000, places=2, allow_nan=False)
figures_st = st.builds(SizeFigures, staff_st, money_st, money_st)
link_st = st.one_of(
    st.builds(
        LinkedFigures,
        st.text(min_size=1, max_size=10),
        st.just(LinkType.PARTNER),
        st.decimals(min_value=25, max_value=50, places=2),
        figures_st,
    ),
    st.builds(
        LinkedFigures,
        st.text(min_size=1, max_size=10),
        st.just(LinkType.LINKED),
        st.decimals(min_value="0.01", max_value=100, places=2),
        figures_st,
    ),
)


@given(figures_st, staff_st, st.lists(link_st, max_size=4))
def test_more_staff_never_gives_a_smaller_class(own, extra, links):
    before = classify_size(own, links).size
    more = SizeFigures(own.staff_awu + extra, own.turnover, own.balance_sheet)
    assert classify_size(more, links).size.rank >= before.rank


@given(figures_st, money_st, money_st)
def test_more_turnover_and_balance_never_give_a_smaller_class(own, extra_t, extra_b):
    before = classify_size(own).size
    more = SizeFigures(own.staff_awu, own.turnover + extra_t, own.balance_sheet + extra_b)
    assert classify_size(more).size.rank >= before.rank


@given(figures_st, st.lists(link_st, max_size=4))
def test_pro_rata_arithmetic_is_exact(own, links):
    totals = classify_size(own, links).totals
    expected_staff = own.staff_awu + sum(
        (
            link.figures.staff_awu * link.holding_percent / 100
            if link.kind == LinkType.PARTNER
            else link.figures.staff_awu
            for link in links
        ),
        Decimal(0),
    )
    assert totals.staff_awu == expected_staff
    assert totals == aggregate(own, links)
    # Linking can only make an enterprise bigger.
    assert totals.turnover >= own.turnover and totals.balance_sheet >= own.balance_sheet


@given(figures_st, st.lists(link_st, max_size=3))
def test_every_assessment_explains_itself(own, links):
    result = classify_size(own, links)
    with translation.override("it"):
        texts = [str(step) for step in result.steps]
    assert len(texts) >= 2 + len(links)
    assert all(texts)
