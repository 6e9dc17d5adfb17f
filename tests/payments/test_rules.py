"""Property tests of the pure rules of the payments: cost lines, caps, the sample."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.funding.payments import rules

DAY = dt.date(2026, 3, 1)
CUP = "J11B25000120007"
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2)
offsets = st.integers(min_value=-400, max_value=400)


def _ctx(**kw):
    base = dict(
        applied_on=DAY,
        period_starts=DAY,
        period_ends=DAY + dt.timedelta(days=180),
        beneficiary_vat="01234567890",
        linked_vats=frozenset({"11111111111"}),
        cup=CUP,
    )
    return rules.LineContext(**{**base, **kw})


def _line(issued, paid, vat="00743110157", cup=CUP, ref="TRN", amount=Decimal("100.00")):
    return rules.CostLine("1", issued, "S", vat, amount, Decimal("22.00"), cup, paid, ref)


@given(offsets, st.integers(min_value=0, max_value=60), money)
def test_a_line_counts_only_inside_the_period_and_paid_after(issued, paid_after, amount):
    on = DAY + dt.timedelta(days=issued)
    line = _line(on, on + dt.timedelta(days=paid_after), amount=amount)
    outcomes = rules.line_outcomes(line, _ctx())
    inside = DAY <= on <= DAY + dt.timedelta(days=180)
    assert next(o for o in outcomes if o.rule == "line_dated").passed == inside
    assert rules.line_proposed(line, outcomes) == (amount if inside else 0)


@given(st.sampled_from(["01234567890", "11111111111"]))
def test_the_beneficiary_or_a_linked_enterprise_is_never_an_eligible_supplier(vat):
    line = _line(DAY, DAY, vat=vat)
    outcomes = rules.line_outcomes(line, _ctx())
    assert not next(o for o in outcomes if o.rule == "line_supplier").passed
    assert rules.line_proposed(line, outcomes) == 0


@given(st.text(max_size=20))
def test_without_the_operations_cup_on_the_invoice_nothing_counts(written):
    line = _line(DAY, DAY, cup=written)
    outcomes = rules.line_outcomes(line, _ctx())
    counted = rules.line_proposed(line, outcomes)
    assert (counted > 0) == (rules.cup_normalize(written) == CUP)


def test_a_line_without_a_transfer_reference_does_not_count():
    line = _line(DAY, DAY, ref=" ")
    assert rules.line_proposed(line, rules.line_outcomes(line, _ctx())) == 0


@given(st.booleans())
def test_a_catalogue_supplier_must_meet_the_providers_requirements(ok):
    line = _line(DAY, DAY)
    outcomes = rules.line_outcomes(line, _ctx(provider_ok=ok))
    assert (rules.line_proposed(line, outcomes) > 0) == ok


@given(money, st.integers(min_value=1, max_value=100), money, money, st.sampled_from(rules.KINDS))
def test_a_claim_never_pays_above_its_cap_or_the_grant(grant, cap, eligible, paid, kind):
    terms = rules.ClaimKindTerms(kind, Decimal(cap))
    payable, reason = rules.claim_payable(
        kind=terms,
        grant=grant,
        rate_percent=Decimal(50),
        eligible=eligible,
        requested=eligible,
        already_paid=paid,
    )
    assert Decimal(0) <= payable <= max(Decimal(0), grant * cap / 100 - paid + Decimal("0.01"))
    assert payable + paid <= max(grant, paid) and reason


@given(st.text(max_size=10), st.integers(min_value=1, max_value=10**6), st.integers(0, 100))
def test_the_sample_draw_is_deterministic_and_bounded(seed, key, percent):
    draw = rules.sample_draw(seed=seed, claim_key=str(key))
    assert draw == rules.sample_draw(seed=seed, claim_key=str(key)) and 0 <= draw < 100
    assert rules.sampled(draw=draw, percent=100) and not rules.sampled(draw=draw, percent=0)


def test_the_calls_kinds_are_read_and_bad_data_refused():
    kinds = rules.claim_kinds(
        {"payments": {"kinds": {"advance": {"cap_percent": 40, "guarantee": True}}}}
    )
    assert kinds["advance"].guarantee_required and kinds["advance"].cap_percent == 40
    assert set(rules.claim_kinds({})) == {"balance"}
    for bad in ({"advance": {}}, {"bonus": {"cap_percent": 10}}, {"interim": {"cap_percent": 120}}):
        try:
            rules.claim_kinds({"payments": {"kinds": bad}})
        except ValueError:
            continue
        raise AssertionError(bad)


# --- Hours attended -------------------------------------------------------------------

tenths = st.decimals(min_value=Decimal("0.0"), max_value=Decimal("400.0"), places=1)
course_hours = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("400.0"), places=1)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=0)


@given(money, tenths, course_hours, percents, st.booleans())
def test_hours_pay_nothing_below_the_minimum_and_never_more_than_the_voucher(
    amount, attended, total, minimum, pro_rata
):
    hours = rules.Hours(attended, total, minimum, pro_rata)
    paid = rules.hours_payable(amount, hours)
    assert ZERO_ <= paid <= amount
    assert paid == paid.quantize(Decimal("0.01"))
    if attended * 100 < minimum * total:
        assert paid == 0
        assert not rules.rule_hours(hours, "ref").passed
    elif attended > 0:
        assert rules.rule_hours(hours, "ref").passed
        if not pro_rata or attended >= total:
            assert paid == amount
        else:
            # Rounded down to the cent: within a cent below the exact share.
            exact = amount * attended / total
            assert exact - Decimal("0.01") < paid <= exact


@given(money, tenths, tenths, course_hours, percents)
def test_more_hours_never_pay_less(amount, a, b, total, minimum):
    low, high = sorted((a, b))
    assert rules.hours_payable(amount, rules.Hours(low, total, minimum)) <= rules.hours_payable(
        amount, rules.Hours(high, total, minimum)
    )


ZERO_ = Decimal("0.00")
