"""The pure rules of the voucher call: caps, course cost and start, Tuscany, the maximum
number of vouchers, and the reimbursement on hours attended (with property tests)."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from trinno_portal.accounts.geography import TUSCAN_PROVINCES
from vouchers.call import rules

RULES = rules.DEFAULT_RULES
D = Decimal

money = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
hours = st.decimals(min_value=D("0.1"), max_value=D("2000.0"), places=1)
percent = st.decimals(min_value=D("0"), max_value=D("100"), places=0)


def test_it_caps_entrepreneurs_and_managers_at_5000_and_freelancers_at_3000():
    assert rules.cap_for("entrepreneur", RULES) == D("5000.00")
    assert rules.cap_for("manager", RULES) == D("5000.00")
    assert rules.cap_for("freelancer", RULES) == D("3000.00")
    assert rules.cap_for("student", RULES) is None


def test_it_refuses_a_freelancer_asking_3500_and_names_the_cap():
    outcome = rules.rule_cap("freelancer", "Libero professionista", D("3500.00"), RULES)
    assert not outcome.passed
    assert "3.000,00 EUR" in outcome.message
    assert "3.500,00 EUR" in outcome.message


def test_it_accepts_the_cap_itself():
    assert rules.rule_cap("freelancer", "Freelancer", D("3000.00"), RULES).passed
    assert not rules.rule_cap("freelancer", "Freelancer", D("3000.01"), RULES).passed


def test_it_refuses_an_amount_above_the_course_cost():
    assert rules.rule_course_cost(D("2400.00"), D("2400.00")).passed
    assert not rules.rule_course_cost(D("2400.01"), D("2400.00")).passed


def test_it_wants_the_course_to_start_after_the_application():
    day = dt.date(2026, 3, 10)
    assert rules.rule_course_starts_after(day + dt.timedelta(days=1), day).passed
    assert not rules.rule_course_starts_after(day, day).passed
    assert rules.rule_course_starts_after(day, day, required=False).passed


def test_it_accepts_residence_or_enterprise_seat_in_tuscany():
    assert rules.rule_tuscany("AR", [], TUSCAN_PROVINCES).passed
    outcome = rules.rule_tuscany("RM", ["RM", "SI"], TUSCAN_PROVINCES)
    assert outcome.passed and "SI" in outcome.message
    assert not rules.rule_tuscany("RM", ["MI"], TUSCAN_PROVINCES).passed


def test_it_limits_the_vouchers_per_person():
    assert rules.rule_max_vouchers(1, 2).passed
    assert not rules.rule_max_vouchers(2, 2).passed


@given(requested=money, cost=money, status=st.sampled_from(["entrepreneur", "freelancer"]))
def test_it_never_grants_more_than_asked_the_course_or_the_cap(requested, cost, status):
    cap = rules.cap_for(status, RULES)
    grant = rules.voucher_grant(requested, cost, cap)
    assert grant <= requested and grant <= cost and grant <= cap
    assert grant in (requested, cost, cap)


def test_it_reimburses_nothing_below_the_minimum_attendance():
    # 70 % of 40 h is 28 h.
    assert rules.reimbursement(D("27.9"), D("40.0"), D("4000.00"), D("70")) == D("0.00")
    assert rules.reimbursement(D("28.0"), D("40.0"), D("4000.00"), D("70")) == D("2800.00")
    assert rules.reimbursement(D("40.0"), D("40.0"), D("4000.00"), D("70")) == D("4000.00")


def test_it_rounds_the_reimbursement_down_to_the_cent():
    # 1,000 x 29/30 = 966.666... -> 966.66 (rounded down, never up).
    assert rules.reimbursement(D("29.0"), D("30.0"), D("1000.00"), D("70")) == D("966.66")
    # 1,000.01 x 17/24 = 708.34041... -> 708.34
    assert rules.reimbursement(D("17.0"), D("24.0"), D("1000.01"), D("70")) == D("708.34")


def test_it_refuses_floats():
    with pytest.raises(TypeError):
        rules.reimbursement(28.0, D("40.0"), D("4000.00"), D("70"))


@given(attended=hours, course_hours=hours, voucher=money, minimum=percent)
def test_it_never_reimburses_more_than_the_voucher(attended, course_hours, voucher, minimum):
    amount = rules.reimbursement(attended, course_hours, voucher, minimum)
    assert D("0") <= amount <= voucher


@given(attended=hours, course_hours=hours, voucher=money, minimum=percent)
def test_it_is_exact_to_the_cent(attended, course_hours, voucher, minimum):
    amount = rules.reimbursement(attended, course_hours, voucher, minimum)
    assert amount == amount.quantize(D("0.01"))
    if amount > 0:
        exact = Fraction(voucher) * min(Fraction(attended) / Fraction(course_hours), 1)
        # The largest number of cents not above the exact value.
        assert Fraction(amount) <= exact < Fraction(amount) + Fraction(1, 100)


@given(a=hours, b=hours, course_hours=hours, voucher=money, minimum=percent)
def test_it_grows_with_the_hours_attended(a, b, course_hours, voucher, minimum):
    assume(a <= b)
    assert rules.reimbursement(a, course_hours, voucher, minimum) <= rules.reimbursement(
        b, course_hours, voucher, minimum
    )


@given(attended=hours, course_hours=hours, voucher=money, minimum=percent)
def test_it_pays_zero_exactly_when_below_the_minimum(attended, course_hours, voucher, minimum):
    amount = rules.reimbursement(attended, course_hours, voucher, minimum)
    below = attended * 100 < minimum * course_hours
    if below:
        assert amount == 0
    elif voucher * min(attended, course_hours) / course_hours >= D("0.01"):
        assert amount > 0


def test_it_says_what_is_due_next():
    assert rules.next_step("in_progress", False) != rules.next_step("in_progress", True)
    assert rules.next_step("rejected", False) is None
    assert rules.agency_next_step("in_progress") is not None
    assert rules.agency_next_step("final_report") is None
