"""The catalogue's pure rules, without a database."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.editions.rules import (
    code_sort_key,
    duplicate_codes,
    parse_bool,
    parse_decimal,
    publication_problems,
    service_record_clean,
)

pytestmark = pytest.mark.usefixtures("english")

VALID = {
    "code": "b.1.2",
    "name": "Nuovi prodotti",
    "name_en": "New products",
    "min_cost": "15000",
    "max_cost": "100.000,00",
    "intensity_micro": "60",
    "intensity_small": 50,
    "intensity_medium": 40.5,
    "is_digital": "sì",
}


def test_it_orders_codes_naturally():
    codes = ["B.1.10", "A.2", "B.1.9", "B.2", "A.10", "C.1"]
    assert sorted(codes, key=code_sort_key) == ["A.2", "A.10", "B.1.9", "B.1.10", "B.2", "C.1"]


@given(
    st.lists(st.integers(0, 999), min_size=1, max_size=4),
    st.lists(st.integers(0, 999), min_size=1, max_size=4),
)
def test_it_sorts_codes_like_their_numbers(a, b):
    code_a = "B." + ".".join(map(str, a))
    code_b = "B." + ".".join(map(str, b))
    assert (code_sort_key(code_a) < code_sort_key(code_b)) == (a < b)


def test_it_cleans_a_valid_record_and_derives_the_area():
    record, errors = service_record_clean(VALID)
    assert errors == []
    assert record["code"] == "B.1.2"
    assert record["area"] == "B"
    assert record["max_cost"] == Decimal("100000.00")
    assert record["intensity_medium"] == Decimal("40.50")
    assert record["is_digital"] is True
    assert record["illustrative"] is False


def test_it_names_every_problem_of_a_bad_record():
    record, errors = service_record_clean(
        {
            "code": "",
            "area": "D",
            "name": "",
            "name_en": "x",
            "min_cost": "20000",
            "max_cost": "10000",
            "intensity_micro": "120",
            "intensity_small": "abc",
            "intensity_medium": "-1",
            "is_digital": "forse",
        }
    )
    text = " | ".join(errors)
    assert "code is missing" in text
    assert "area D is unknown" in text
    assert "Italian name is missing" in text
    assert "minimum cost 20000.00 is greater than the maximum cost 10000.00" in text
    assert "intensity_micro must be a percentage between 0 and 100" in text
    assert "intensity_small is missing or not a number" in text
    assert "intensity_medium must be a percentage" in text
    assert "is_digital must be yes or no" in text


def test_it_refuses_a_code_outside_its_area():
    _, errors = service_record_clean({**VALID, "area": "C"})
    assert any("does not belong to area C" in e for e in errors)


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_it_accepts_every_percentage_from_0_to_100(rate):
    _, errors = service_record_clean({**VALID, "intensity_micro": str(rate)})
    assert errors == []


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=2).filter(lambda d: d < 0 or d > 100)
)
def test_it_refuses_every_percentage_outside_0_to_100(rate):
    _, errors = service_record_clean({**VALID, "intensity_small": str(rate)})
    assert len(errors) == 1


@given(
    st.decimals(min_value=0, max_value=10**8, places=2),
    st.decimals(min_value=0, max_value=10**8, places=2),
)
def test_it_refuses_min_above_max_and_nothing_else(low, high):
    _, errors = service_record_clean({**VALID, "min_cost": str(low), "max_cost": str(high)})
    assert bool(errors) == (low > high)


def test_it_reads_numbers_and_flags_as_people_write_them():
    assert parse_decimal("1.234,50") == Decimal("1234.50")
    assert parse_decimal("1234.5") == Decimal("1234.5")
    assert parse_decimal(0.1) == Decimal("0.1")
    assert parse_decimal("60%") == Decimal("60")
    assert parse_decimal("nan") is None
    assert parse_decimal("") is None
    assert parse_bool("No") is False
    assert parse_bool("X") is True
    assert parse_bool("perhaps") is None


def test_it_finds_duplicate_codes():
    assert duplicate_codes(["A.1", "A.2", "A.1", "", ""]) == {"A.1"}


def test_it_says_why_an_edition_cannot_be_published():
    problems = publication_problems(
        act_number="",
        act_date=dt.date(2019, 6, 1),
        valid_from=dt.date(2019, 5, 1),
        service_count=0,
        previous_valid_from=dt.date(2019, 5, 1),
    )
    assert len(problems) == 4
    assert (
        publication_problems(
            act_number="123",
            act_date=dt.date(2019, 6, 1),
            valid_from=dt.date(2019, 7, 1),
            service_count=3,
            previous_valid_from=dt.date(2016, 3, 30),
        )
        == []
    )
