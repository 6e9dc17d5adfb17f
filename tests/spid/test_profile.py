"""The first SPID/CIE sign-in fills the person profile: the codice fiscale proven and fixed,
the names and the date of birth prefilled (spid.rules.profile_initial, the voucher profile)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from stdnum.it import codicefiscale

from tests.factories import UserFactory
from tests.spid.conftest import PERSON, start
from trinno_portal.accounts.models import Person, User
from trinno_portal.spid import rules
from trinno_portal.spid.models import ProvenIdentity
from trinno_portal.spid.testidp import IDENTITIES
from vouchers.offer.services import person_profile_save

TODAY = dt.date(2026, 12, 2)
MONTHS = "ABCDEHLMPRST"  # the month letters of the codice fiscale (DM 23 dicembre 1976)


def _code(born: dt.date, *, female: bool = False) -> str:
    day = born.day + (40 if female else 0)
    stem = f"RSSMRA{born.year % 100:02d}{MONTHS[born.month - 1]}{day:02d}F205"
    return stem + codicefiscale.calc_check_digit(stem)


# --- the rule ---------------------------------------------------------------------------------


def test_it_takes_the_birth_date_from_the_codice_fiscale():
    initial = rules.profile_initial(
        fiscal_number="nrenna85m50a390o",
        first_name=" Anna ",
        last_name="Neri",
        date_of_birth=None,
        today=TODAY,
    )
    assert initial == rules.ProfileInitial("NRENNA85M50A390O", "Anna", "Neri", dt.date(1985, 8, 10))


def test_it_prefers_the_identity_providers_date_of_birth_where_it_agrees():
    # The code cannot tell 1925 from 2025: the IdP's dateOfBirth can.
    code = _code(dt.date(1925, 3, 4))
    initial = rules.profile_initial(
        fiscal_number=code,
        first_name="Mario",
        last_name="Rossi",
        date_of_birth=dt.date(1925, 3, 4),
        today=TODAY,
    )
    assert initial.birth_date == dt.date(1925, 3, 4)
    # A dateOfBirth that contradicts the code is not believed over it.
    wrong = rules.profile_initial(
        fiscal_number=code,
        first_name="Mario",
        last_name="Rossi",
        date_of_birth=dt.date(1925, 3, 5),
        today=TODAY,
    )
    assert wrong.birth_date == rules.birth_date_from_tax_code(code, today=TODAY)


def test_it_gives_no_birth_date_for_an_invalid_code():
    assert rules.birth_date_from_tax_code("RSSMRA80A01F205Y", today=TODAY) is None
    assert rules.birth_date_from_tax_code("", today=TODAY) is None


@given(
    st.dates(min_value=TODAY.replace(year=TODAY.year - 99), max_value=TODAY),
    st.booleans(),
)
def test_the_coded_birth_date_falls_in_the_hundred_years_up_to_today(born, female):
    assert rules.birth_date_from_tax_code(_code(born, female=female), today=TODAY) == born


def test_an_identity_carries_its_date_of_birth_when_sent():
    identity = rules.identity_from(
        {"fiscalNumber": ["TINIT-RSSMRA80A01F205X"], "dateOfBirth": ["1980-01-01"]},
        level=2,
        idp="x",
    )
    assert identity.date_of_birth == dt.date(1980, 1, 1)
    garbled = rules.identity_from(
        {"fiscalNumber": ["TINIT-RSSMRA80A01F205X"], "dateOfBirth": ["01/01/1980"]},
        level=2,
        idp="x",
    )
    assert garbled.date_of_birth is None


# --- the sign-in and the profile page ---------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def _profile_post(**overrides) -> dict[str, str]:
    return {
        "first_name": "Anna",
        "last_name": "Neri",
        "tax_code": "NRENNA85M50A390O",
        "birth_date": "1985-08-10",
        "residence_address": "Via Petrarca 3",
        "residence_municipality": "Arezzo",
        "residence_province": "AR",
        "status": "freelancer",
        "professional_order": "Ordine degli architetti",
        "heard_from": "agency_event",
        **overrides,
    }


@pytestmark_db
def test_a_spid_sign_in_keeps_the_proven_names(client):
    started = start(client)
    assert started.post(started.answer(PERSON)).status_code == 302
    proof = ProvenIdentity.objects.get(user__fiscal_number="NRENNA85M50A390O")
    assert (proof.first_name, proof.last_name, proof.date_of_birth) == ("Anna", "Neri", None)
    # AgID's test user has a dateOfBirth, but the IdP sends only what the SP's attribute
    # consuming service asks for, and it does not ask for it: the code gives the date.
    mario = dict(next(i for i in IDENTITIES if i.key == "spid_test_user").attributes)
    started = start(client)
    assert started.post(started.answer(mario)).status_code == 302
    proof = ProvenIdentity.objects.get(user__fiscal_number="RSSMRA80A01F205X")
    assert (proof.first_name, proof.date_of_birth) == ("Mario", None)


@pytestmark_db
def test_the_profile_form_of_a_spid_user_comes_prefilled_and_the_code_fixed(client):
    started = start(client)
    assert started.post(started.answer(PERSON)).status_code == 302
    response = client.get(reverse("vouchers:profile"))
    form = response.context["form"]
    assert form.initial["tax_code"] == "NRENNA85M50A390O"
    assert form.initial["first_name"] == "Anna"
    assert form.initial["last_name"] == "Neri"
    assert form.initial["birth_date"] == dt.date(1985, 8, 10)
    html = response.content.decode()
    assert 'value="NRENNA85M50A390O"' in html and "readonly" in html
    assert "Attestato dal tuo accesso con SPID o CIE" in html

    response = client.post(reverse("vouchers:profile"), _profile_post())
    assert response.status_code == 302
    assert Person.objects.get(user__fiscal_number="NRENNA85M50A390O").first_name == "Anna"


@pytestmark_db
def test_a_posted_different_codice_fiscale_is_refused(client):
    started = start(client)
    assert started.post(started.answer(PERSON)).status_code == 302
    other = "RSSMRA80A01F205X"
    response = client.post(reverse("vouchers:profile"), _profile_post(tax_code=other))
    assert response.status_code == 200
    assert "è quello attestato dal tuo accesso con SPID o CIE" in response.content.decode()
    assert not Person.objects.exists()

    with pytest.raises(ValidationError) as refused:
        person_profile_save(
            user=User.objects.get(fiscal_number="NRENNA85M50A390O"),
            data={
                **_profile_post(tax_code=other),
                "birth_date": dt.date(1980, 1, 1),
                "enterprise": None,
                "inps_separate_scheme": False,
            },
        )
    assert "tax_code" in refused.value.message_dict
    assert not Person.objects.exists()


@pytestmark_db
def test_an_e_mail_account_types_its_codice_fiscale_as_before(client):
    user = UserFactory()
    client.force_login(user)
    form = client.get(reverse("vouchers:profile")).context["form"]
    assert form.proven is None and "tax_code" not in form.initial
