"""The one rule by which the portal reads and writes numbers (trinno_portal.lib.numbers)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.lib.numbers import NumberFormatError, format_decimal, parse_decimal

IT = {"decimal_sep": ",", "group_sep": "."}
EN = {"decimal_sep": ".", "group_sep": ","}

amounts = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False
)
conventions = st.sampled_from([IT, EN])


@pytest.mark.parametrize(
    ("text", "convention", "expected"),
    [
        ("3.200.000", IT, "3200000"),
        ("1.440,00", IT, "1440.00"),
        ("2500", IT, "2500"),
        ("2500,5", IT, "2500.5"),
        ("1.440", IT, "1440"),
        ("1440.50", IT, "1440.50"),  # a computer's habit: no grouping reading exists
        ("0,01", IT, "0.01"),
        (",5", IT, "0.5"),
        ("€ 1.440,00", IT, "1440.00"),
        ("1.440,00 EUR", IT, "1440.00"),
        ("3 200 000", IT, "3200000"),
        ("1\u00a0440,00", IT, "1440.00"),
        ("-12,5", IT, "-12.5"),
        ("1,440.00", EN, "1440.00"),
        ("3,200,000", EN, "3200000"),
        ("1.440", EN, "1.440"),
        ("1,440", EN, "1440"),
        ("2500,50", EN, "2500.50"),
        ("2500", EN, "2500"),
    ],
)
def test_it_reads_numbers_as_people_write_them(text, convention, expected):
    assert parse_decimal(text, **convention) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "convention", "code"),
    [
        ("", IT, "empty"),
        ("  ", IT, "empty"),
        ("EUR", IT, "empty"),
        ("12a", IT, "characters"),
        ("1,2,3", IT, "decimal_twice"),
        ("1.44.000", IT, "grouping"),
        ("1.4400,00", IT, "grouping"),
        ("1,440.000.0", IT, "grouping"),
        ("1.440.5", EN, "decimal_twice"),
        ("12,34,567", EN, "grouping"),
        ("1,5.0", EN, "grouping"),
        ("٣", IT, "characters"),
        ("5,", IT, "characters"),
        ("1e5", EN, "characters"),
    ],
)
def test_it_refuses_what_is_not_a_number_and_says_why(text, convention, code):
    with pytest.raises(NumberFormatError) as raised:
        parse_decimal(text, **convention)
    assert raised.value.code == code


@given(amounts, conventions)
def test_it_reads_back_every_amount_it_writes(amount, convention):
    assert parse_decimal(format_decimal(amount, places=2, **convention), **convention) == amount


@given(st.integers(min_value=0, max_value=10**15), conventions)
def test_it_reads_back_whole_numbers_grouped_or_not(number, convention):
    grouped = format_decimal(number, **convention)
    assert parse_decimal(grouped, **convention) == number
    assert parse_decimal(str(number), **convention) == number


@given(amounts)
def test_the_two_conventions_write_the_same_amount_mirrored(amount):
    italian = format_decimal(amount, places=2, **IT)
    english = format_decimal(amount, places=2, **EN)
    assert italian.translate(str.maketrans(",.", ".,")) == english


@given(st.text(alphabet="0123456789.,", min_size=1, max_size=14), conventions)
def test_any_text_is_read_as_one_number_or_refused(text, convention):
    # Never an exception other than NumberFormatError, and a number read back is one whose
    # digits are those typed (a separator never drops or adds a digit).
    try:
        value = parse_decimal(text, **convention)
    except NumberFormatError:
        return
    digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0") or "0"
    assert digits in (f"{abs(value):f}".replace(".", "").lstrip("0") or "0") or value == 0


@given(st.integers(min_value=1000, max_value=10**9))
def test_a_grouped_italian_number_is_never_read_as_decimals(number):
    assert parse_decimal(format_decimal(number, **IT), **IT) == number
    assert parse_decimal(format_decimal(number, **EN), **EN) == number
