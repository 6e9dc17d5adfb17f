"""The individual applicant's profile: person_profile_save and its form."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from stdnum.it import codicefiscale

from tests.factories import EnterpriseFactory, MembershipFactory, PersonFactory, UserFactory
from trinno_portal.accounts.models import Person, PersonStatus
from vouchers.offer.forms import PersonProfileForm
from vouchers.offer.models import HeardFrom
from vouchers.offer.services import person_profile_save

from .factories import valid_tax_number

pytestmark = pytest.mark.django_db

CF = "RSSMRA80A01F205" + codicefiscale.calc_check_digit("RSSMRA80A01F205")


def _data(**overrides):
    return {
        "first_name": "Mario",
        "last_name": "Rossi",
        "tax_code": CF,
        "birth_date": dt.date(1980, 1, 1),
        "residence_address": "Via Roma 1",
        "residence_municipality": "Arezzo",
        "residence_province": "AR",
        "status": PersonStatus.ENTREPRENEUR,
        "enterprise": None,
        "declared_enterprise_name": "Oreficeria Rossi",
        "declared_vat_number": "01234560512",
        "professional_order": "",
        "inps_separate_scheme": False,
        "heard_from": HeardFrom.ERASMUS_FOLLOWUP,
        **overrides,
    }


def test_it_creates_then_updates_the_users_profile():
    user = UserFactory()
    person = person_profile_save(user=user, data=_data(tax_code=CF.lower()))
    assert person.tax_code == CF
    assert person.declared_enterprise == "Oreficeria Rossi (P.IVA 01234560512)"
    assert person.heard_from == "erasmus_followup"
    again = person_profile_save(
        user=user,
        data=_data(status=PersonStatus.FREELANCER, professional_order="Ordine degli ingegneri"),
    )
    assert again.pk == person.pk
    # What does not apply to a freelancer is cleared, so the figures stay true.
    assert again.declared_enterprise == ""
    assert Person.objects.count() == 1


def test_it_refuses_a_birth_date_other_than_the_codes():
    with pytest.raises(ValidationError) as exc:
        person_profile_save(user=UserFactory(), data=_data(birth_date=dt.date(1980, 1, 2)))
    assert set(exc.value.message_dict) == {"birth_date"}


def test_it_refuses_a_codice_fiscale_already_taken():
    PersonFactory(tax_code=CF)
    with pytest.raises(ValidationError) as exc:
        person_profile_save(user=UserFactory(), data=_data())
    assert set(exc.value.message_dict) == {"tax_code"}


def test_it_accepts_only_an_enterprise_the_user_acts_for():
    user = UserFactory()
    mine = MembershipFactory(
        user=user, enterprise=EnterpriseFactory(vat_number=valid_tax_number(1))
    )
    theirs = EnterpriseFactory(vat_number=valid_tax_number(2))
    data = _data(status=PersonStatus.MANAGER, declared_enterprise_name="", declared_vat_number="")
    with pytest.raises(ValidationError) as exc:
        person_profile_save(user=user, data={**data, "enterprise": theirs})
    assert "enterprise" in exc.value.message_dict
    person = person_profile_save(user=user, data={**data, "enterprise": mine.enterprise})
    assert person.enterprise == mine.enterprise
    assert person.declared_enterprise == ""


def test_the_form_lists_only_the_users_enterprises_and_keeps_what_was_typed():
    user = UserFactory()
    mine = MembershipFactory(
        user=user, enterprise=EnterpriseFactory(vat_number=valid_tax_number(3))
    )
    EnterpriseFactory(vat_number=valid_tax_number(4))
    post = {
        key: ("" if value is None else value)
        for key, value in _data(status=PersonStatus.FREELANCER).items()
    }
    post["inps_separate_scheme"] = ""
    form = PersonProfileForm(post, user=user)
    assert list(form.fields["enterprise"].queryset) == [mine.enterprise]
    assert not form.is_valid()
    assert set(form.errors) == {"professional_order"}
    assert form["first_name"].value() == "Mario"


def test_the_form_splits_the_declared_enterprise_for_editing():
    user = UserFactory()
    person = person_profile_save(user=user, data=_data())
    form = PersonProfileForm(instance=person, user=user)
    assert form["declared_enterprise_name"].value() == "Oreficeria Rossi"
    assert form["declared_vat_number"].value() == "01234560512"


def test_the_form_refuses_a_wrong_partita_iva_and_a_wrong_code():
    post = {k: ("" if v is None else v) for k, v in _data().items()}
    post.update(declared_vat_number="01234560513", tax_code=CF[:15] + "Z", inps_separate_scheme="")
    form = PersonProfileForm(post, user=UserFactory())
    assert not form.is_valid()
    assert set(form.errors) == {"declared_vat_number", "tax_code"}


def test_it_asks_how_the_person_heard_of_the_call():
    with pytest.raises(ValidationError) as exc:
        person_profile_save(user=UserFactory(), data=_data(heard_from="newspaper"))
    assert set(exc.value.message_dict) == {"heard_from"}
