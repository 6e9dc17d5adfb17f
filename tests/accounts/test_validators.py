from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from trinno_portal.accounts import validators as v


@pytest.mark.parametrize("value", ["00743110157", "IT00743110157", " 007 431 101 57 "])
def test_it_accepts_a_real_partita_iva_and_compacts_it(value):
    assert v.normalize_vat_number(value) == "00743110157"


@pytest.mark.parametrize("value", ["00743110158", "0123", "0074311015A", "", "007431101577"])
def test_it_refuses_a_wrong_partita_iva_saying_why(value):
    with pytest.raises(ValidationError) as exc:
        v.normalize_vat_number(value)
    with translation.override("en"):  # messages are lazy: translated when read
        assert exc.value.messages == [
            f"Partita IVA {value} is not valid: it must have 11 digits and a correct check digit."
        ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("rssmra85t10a562s", "RSSMRA85T10A562S"),
        ("RSSMRA85T10A56NH", "RSSMRA85T10A56NH"),  # omocodia: the same person, 2 -> N
        ("00743110157", "00743110157"),  # a company's codice fiscale is its Partita IVA
    ],
)
def test_it_accepts_tax_codes_of_people_and_companies(value, expected):
    assert v.normalize_tax_code(value) == expected


@pytest.mark.parametrize("value", ["RSSMRA85T10A562T", "00743110158", "RSSMRA85T10A562", "X"])
def test_it_refuses_wrong_tax_codes(value):
    with pytest.raises(ValidationError) as exc:
        v.normalize_tax_code(value)
    assert exc.value.code == "invalid_tax_code"


def test_it_accepts_any_well_formed_pec_address():
    assert v.normalize_pec(" Impresa@Pec.Example.IT ") == "impresa@pec.example.it"
    with pytest.raises(ValidationError):
        v.normalize_pec("impresa-at-pec")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("32.12.10", "32.12.10"),  # in both editions
        ("321210", "32.12.10"),
        ("62.01.00", "62.01.00"),  # ATECO 2007 only
        ("62.10.00", "62.10.00"),  # ATECO 2025 only
    ],
)
def test_it_accepts_ateco_2007_and_2025_codes_in_dotted_form(value, expected):
    assert v.normalize_ateco_code(value) == expected


@pytest.mark.parametrize("value", ["99.99.99", "32.12", "32", "C", "32.12.1", "abc", ""])
def test_it_refuses_codes_outside_the_classification_or_not_six_digits(value):
    with pytest.raises(ValidationError) as exc:
        v.normalize_ateco_code(value)
    with translation.override("en"):
        assert "is not in the ATECO 2007 or ATECO 2025 classification" in exc.value.messages[0]


def test_it_gives_the_title_of_an_ateco_code():
    assert v.ateco_title("32.12.10") == "Lavorazione di pietre preziose e semipreziose"
    assert v.ateco_title("99.99.99") == ""


def test_it_checks_postal_codes_and_provinces():
    v.validate_postal_code("52100")
    v.validate_province("AR")
    v.validate_province("MI")
    for bad in ("5210", "52100A", ""):
        with pytest.raises(ValidationError):
            v.validate_postal_code(bad)
    for bad in ("XX", "ar", ""):
        with pytest.raises(ValidationError):
            v.validate_province(bad)


def test_it_checks_holdings():
    v.validate_holding("partner", Decimal(30))
    with pytest.raises(ValidationError):
        v.validate_holding("partner", Decimal(20))
