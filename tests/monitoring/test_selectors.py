from decimal import Decimal

import pytest

from monitoring import selectors
from monitoring.models import Indicator

from .conftest import END, EXPECTED, EXPECTED_OTHER_SCOPE, START, Builder, at

pytestmark = pytest.mark.django_db


def test_it_computes_every_indicator_exactly(dataset):
    values = {v.code: v.value for v in selectors.indicator_values(START, END)}
    assert values == EXPECTED


def test_it_computes_the_other_scope_and_startups(dataset):
    measures = selectors.measures_compute(START, END)
    for key, expected in EXPECTED_OTHER_SCOPE.items():
        assert measures[key] == expected, key


def test_it_computes_attainment_against_the_targets(dataset):
    by_code = {v.code: v for v in selectors.indicator_values(START, END)}
    assert by_code["i1"].attainment == Decimal("2.8")  # 7 / 250
    assert by_code["i4"].attainment == Decimal("8.6")  # 43,235.06 / 500,000
    assert by_code["i8"].attainment == Decimal("20.0")  # 2 / 10


def test_it_counts_nothing_outside_the_period(dataset):
    values = {
        v.code: v.value
        for v in selectors.indicator_values(
            START.replace(year=2023), START.replace(year=2023, month=12, day=31)
        )
    }
    assert set(values.values()) == {Decimal("0")}


def test_it_counts_the_decision_of_the_last_evening_of_the_period(dataset):
    # E12 was approved at 23:59 on the 31st (Rome): in; E11 at 00:00 on the 1st: out.
    values = {v.code: v.value for v in selectors.indicator_values(END, END)}
    assert values["i8"] == 1
    values = {
        v.code: v.value
        for v in selectors.indicator_values(
            END.replace(year=2026, day=1, month=1), END.replace(year=2026, day=1, month=1)
        )
    }
    assert values["i8"] == 1


def test_it_loads_the_eight_indicators_of_the_seed(plan):
    targets = dict(Indicator.objects.values_list("code", "target"))
    assert targets == {
        "i1": 250,
        "i2": 50,
        "i3": 10,
        "i4": 500000,
        "i5": 100000,
        "i6": 100,
        "i7": 50,
        "i8": 10,
    }


def _many(builder: Builder, n: int) -> None:
    for i in range(n):
        province = ("AR", "FI", "SI", "MI")[i % 4]
        scheme = ("audit", "catalogue", "voucher")[i % 3]
        if scheme == "voucher":
            from tests.factories import PersonFactory

            builder.app(
                scheme,
                "approved",
                province,
                person=PersonFactory(tax_code=f"MNTPRS80A01A{i:03d}X"),
                decided=at(2025, 5, 1, 9),
            )
        else:
            builder.app(scheme, "approved", province, digital="100", decided=at(2025, 5, 1, 9))


@pytest.mark.parametrize("n", [10, 100])
def test_it_computes_indicators_in_a_constant_number_of_queries(plan, n, django_assert_num_queries):
    _many(Builder(), n)
    # The indicators; the enterprises' measures, the people's, the euros requested.
    with django_assert_num_queries(4):
        values = selectors.indicator_values(START, END)
    assert len(values) == 8


@pytest.mark.parametrize("n", [10, 60])
def test_it_builds_the_dashboard_data_in_a_constant_number_of_queries(
    plan, n, django_assert_num_queries
):
    from monitoring import reports

    _many(Builder(), n)
    # The list of supported operations is not read: only the report job's XLSX reads it.
    with django_assert_num_queries(12):
        reports.report_data_build(START, END)
