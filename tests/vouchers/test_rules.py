"""The pure rules of the vouchers app, without a database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.it import codicefiscale

from trinno_portal.accounts.models import PersonStatus
from vouchers.offer import rules
from vouchers.offer.models import CourseState, Delivery

# Mario Rossi, born on 1 January 1980 in Milan (F205).
CF = "RSSMRA80A01F205" + codicefiscale.calc_check_digit("RSSMRA80A01F205")
# The same person with omocodia: the last digits of the place code replaced by letters.
CF_OMOCODIA = "RSSMRA80A01F2LR"
CF_OMOCODIA = CF_OMOCODIA[:15] + codicefiscale.calc_check_digit(CF_OMOCODIA[:15])
# Omocodia inside the date of birth: day "01" written "LM".
CF_OMOCODIA_DATE = "RSSMRA80A" + "LM" + "F205"
CF_OMOCODIA_DATE += codicefiscale.calc_check_digit(CF_OMOCODIA_DATE)


def test_it_accepts_a_codice_fiscale_and_normalises_it():
    assert rules.person_tax_code_clean(" " + CF.lower()[:8] + " " + CF.lower()[8:]) == CF


@pytest.mark.parametrize("code", [CF_OMOCODIA, CF_OMOCODIA_DATE])
def test_it_accepts_omocodia(code):
    assert rules.person_tax_code_clean(code) == code
    assert rules.tax_code_matches_birth_date(code, dt.date(1980, 1, 1))


def test_it_refuses_a_wrong_check_character():
    wrong = CF[:15] + ("A" if CF[15] != "A" else "B")
    with pytest.raises(ValidationError) as exc:
        rules.person_tax_code_clean(wrong)
    assert exc.value.code == "tax_code_invalid"


@pytest.mark.parametrize("code", ["", "RSSMRA80A01F20", "01234560512"])
def test_it_refuses_codes_that_are_not_a_persons(code):
    with pytest.raises(ValidationError) as exc:
        rules.person_tax_code_clean(code)
    assert exc.value.code == "tax_code_length"


def test_it_refuses_an_impossible_birth_date_in_the_code():
    code = "RSSMRA80B31F205"  # 31 February
    with pytest.raises(ValidationError):
        rules.person_tax_code_clean(code + codicefiscale.calc_check_digit(code))


def test_it_compares_the_birth_date_without_the_century():
    assert rules.tax_code_matches_birth_date(CF, dt.date(1980, 1, 1))
    assert rules.tax_code_matches_birth_date(CF, dt.date(2080, 1, 1))
    assert not rules.tax_code_matches_birth_date(CF, dt.date(1980, 1, 2))
    assert not rules.tax_code_matches_birth_date(CF, dt.date(1981, 1, 1))


@given(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2019, 12, 31)), st.booleans())
def test_it_reads_back_any_birth_date_it_codes(birth, female):
    day = birth.day + (40 if female else 0)
    body = f"RSSMRA{birth.year % 100:02d}{'ABCDEHLMPRST'[birth.month - 1]}{day:02d}F205"
    code = body + codicefiscale.calc_check_digit(body)
    assert rules.person_tax_code_clean(code) == code
    assert rules.tax_code_matches_birth_date(code, birth)
    assert not rules.tax_code_matches_birth_date(code, birth + dt.timedelta(days=1))


def test_it_checks_a_partita_iva():
    assert rules.tax_number_clean("012 345 605 12") == "01234560512"
    with pytest.raises(ValidationError):
        rules.tax_number_clean("01234560513")


@given(
    st.text(min_size=1, max_size=80).filter(lambda s: s.strip()),
    st.from_regex(r"\d{11}", fullmatch=True),
)
def test_it_reads_back_the_declared_enterprise_it_wrote(name, vat):
    stored = rules.declared_enterprise_format(name, vat)
    assert rules.declared_enterprise_parse(stored) == (" ".join(name.split()), vat)


def test_it_reads_a_declared_enterprise_typed_in_the_back_office():
    assert rules.declared_enterprise_parse("Oreficeria Rossi") == ("Oreficeria Rossi", "")
    assert rules.declared_enterprise_parse("") == ("", "")


def _status_errors(**overrides):
    values = {
        "status": PersonStatus.ENTREPRENEUR,
        "has_enterprise": False,
        "declared_name": "",
        "declared_vat": "",
        "professional_order": "",
        "inps_separate_scheme": False,
    }
    return rules.person_status_errors(**{**values, **overrides})


@pytest.mark.parametrize("status", [PersonStatus.ENTREPRENEUR, PersonStatus.MANAGER])
def test_it_asks_entrepreneurs_and_managers_for_their_enterprise(status):
    assert set(_status_errors(status=status)) == {
        "declared_enterprise_name",
        "declared_vat_number",
    }
    assert _status_errors(status=status, has_enterprise=True) == {}
    assert _status_errors(status=status, declared_name="Rossi srl", declared_vat="x") == {}
    assert set(_status_errors(status=status, declared_name="Rossi srl")) == {"declared_vat_number"}


def test_it_asks_freelancers_for_an_order_or_the_inps_scheme():
    assert set(_status_errors(status=PersonStatus.FREELANCER)) == {"professional_order"}
    assert _status_errors(status=PersonStatus.FREELANCER, professional_order="Ingegneri") == {}
    assert _status_errors(status=PersonStatus.FREELANCER, inps_separate_scheme=True) == {}
    # An enterprise is not what a freelancer needs.
    assert _status_errors(status=PersonStatus.FREELANCER, has_enterprise=True) != {}


def test_it_asks_for_a_status():
    assert set(_status_errors(status="")) == {"status"}


def _course_errors(**overrides):
    values = {
        "hours": Decimal("10"),
        "cost": Decimal("500"),
        "seats": 10,
        "start_date": dt.date(2030, 3, 1),
        "end_date": dt.date(2030, 3, 1),
        "delivery": Delivery.IN_PERSON,
        "place": "Arezzo",
    }
    return rules.course_field_errors(**{**values, **overrides})


def test_it_accepts_a_sound_course():
    assert _course_errors() == {}
    assert _course_errors(delivery=Delivery.ONLINE, place="", cost=Decimal("0")) == {}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours": Decimal("0")}, "hours"),
        ({"cost": Decimal("-0.01")}, "cost"),
        ({"seats": 0}, "seats"),
        ({"end_date": dt.date(2030, 2, 28)}, "end_date"),
        ({"place": "  "}, "place"),
        ({"delivery": Delivery.BLENDED, "place": ""}, "place"),
    ],
)
def test_it_refuses_an_unsound_course(overrides, field):
    assert set(_course_errors(**overrides)) == {field}


def test_it_submits_only_future_courses_with_a_theme():
    today = dt.date(2030, 1, 10)
    ok = rules.course_submission_errors(start_date=dt.date(2030, 1, 11), today=today, theme_count=1)
    assert ok == []
    assert len(rules.course_submission_errors(start_date=today, today=today, theme_count=1)) == 1
    assert len(rules.course_submission_errors(start_date=today, today=today, theme_count=0)) == 2


@given(
    st.decimals(min_value=0, max_value=100000, places=2),
    st.decimals(min_value=Decimal("0.1"), max_value=2000, places=1),
)
def test_it_rounds_the_cost_per_hour_to_the_cent(cost, hours):
    per_hour = rules.cost_per_hour(cost, hours)
    assert per_hour == per_hour.quantize(Decimal("0.01"))
    # Rounding loses at most half a cent an hour.
    assert abs(per_hour * hours - cost) <= Decimal("0.005") * hours


def test_it_refuses_a_cost_per_hour_without_hours():
    with pytest.raises(ValueError):
        rules.cost_per_hour(Decimal("100"), Decimal("0"))


def test_it_keeps_approved_courses_read_only():
    assert rules.course_is_editable(CourseState.DRAFT)
    assert rules.course_is_editable(CourseState.REJECTED)
    for state in (CourseState.PENDING, CourseState.APPROVED, CourseState.WITHDRAWN):
        assert not rules.course_is_editable(state)
    agency_from_approved = rules.course_transitions_from(CourseState.APPROVED, "agency")
    assert [t.name for t in agency_from_approved] == ["withdraw"]


def test_it_leaves_approval_to_staff():
    agency = {t.name for t in rules.course_transitions_from(CourseState.PENDING, "agency")}
    staff = {t.name for t in rules.course_transitions_from(CourseState.PENDING, "staff")}
    assert agency == {"recall", "withdraw"}
    assert staff == {"approve", "reject"}
    assert rules.COURSE_TRANSITIONS["reject"].needs_reason
    # Nothing leaves the withdrawn state.
    assert rules.course_transitions_from(CourseState.WITHDRAWN, "agency") == []
    assert rules.course_transitions_from(CourseState.WITHDRAWN, "staff") == []
