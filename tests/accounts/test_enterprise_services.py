from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.accounts.factories import EnterpriseLinkFactory, LocalUnitFactory, profile_data
from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory
from trinno_portal.accounts import selectors, services
from trinno_portal.accounts.models import (
    Enterprise,
    LinkKind,
    MemberRole,
    Membership,
    SizeClass,
)

pytestmark = pytest.mark.django_db


def test_it_creates_the_profile_with_its_legal_representative_and_size_class():
    user = UserFactory()
    enterprise = services.enterprise_create(
        user=user, **profile_data(vat_number="IT 00743110157", ateco_code="321210")
    )
    assert enterprise.vat_number == "00743110157"
    assert enterprise.ateco_code == "32.12.10"
    assert enterprise.size_class == SizeClass.MICRO
    membership = Membership.objects.get(enterprise=enterprise)
    assert membership.user == user
    assert membership.role == MemberRole.LEGAL_REPRESENTATIVE


def test_it_refuses_a_second_profile_for_the_same_partita_iva_with_a_clear_message():
    services.enterprise_create(user=UserFactory(), **profile_data())
    Enterprise.objects.update(representative_status="confirmed")
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(user=UserFactory(), **profile_data(legal_name="Other"))
    with translation.override("en"):
        assert exc.value.message_dict == {
            "vat_number": [
                "An enterprise with Partita IVA 00743110157 is already registered in the "
                "portal: ask its legal representative to invite you as a delegate."
            ]
        }
    assert Enterprise.objects.count() == 1


def test_it_turns_a_lost_race_on_the_unique_index_into_the_same_message(monkeypatch):
    services.enterprise_create(user=UserFactory(), **profile_data())
    Enterprise.objects.update(representative_status="confirmed")
    # The other request read "no such VAT" just before this one committed.
    real_filter = Enterprise.objects.filter
    calls = {"n": 0}

    def filter_once_empty(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs

    monkeypatch.setattr(Enterprise.objects, "filter", filter_once_empty)
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(user=UserFactory(), **profile_data())
    assert exc.value.error_dict["vat_number"][0].code == "duplicate_vat_number"


def test_it_refuses_invalid_identifiers_all_at_once():
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(
            user=UserFactory(),
            **profile_data(vat_number="0123", tax_code="X", ateco_code="99.99.99", province="ZZ"),
        )
    assert set(exc.value.message_dict) == {"vat_number", "tax_code", "ateco_code", "province"}
    assert not Enterprise.objects.exists()


def test_it_recomputes_the_size_class_when_links_change():
    enterprise = EnterpriseFactory()  # 8 AWU, 1.2 M, 0.9 M: micro
    link = services.enterprise_link_add(
        enterprise=enterprise,
        name="Alfa srl",
        vat_number="",
        kind=LinkKind.PARTNER,
        holding_percent=Decimal(30),
        staff_awu=Decimal(20),
        turnover=Decimal(1_000_000),
        balance_sheet=Decimal(500_000),
    )
    enterprise.refresh_from_db()
    assert enterprise.size_class == SizeClass.SMALL  # 8 + 6 = 14 AWU

    services.enterprise_link_update(link=link, holding_percent=Decimal(25), staff_awu=Decimal(8))
    enterprise.refresh_from_db()
    assert enterprise.size_class == SizeClass.SMALL  # 8 + 25% of 8 = 10: not below 10
    services.enterprise_link_update(link=link, staff_awu=Decimal(7))
    enterprise.refresh_from_db()
    assert enterprise.size_class == SizeClass.MICRO  # 8 + 1.75 = 9.75
    services.enterprise_link_update(link=link, kind=LinkKind.LINKED, holding_percent=Decimal(51))
    enterprise.refresh_from_db()
    assert enterprise.size_class == SizeClass.SMALL  # 8 + 7 = 15
    services.enterprise_link_delete(link=link)
    enterprise.refresh_from_db()
    assert enterprise.size_class == SizeClass.MICRO


def test_it_refuses_a_holding_that_does_not_fit_the_relationship():
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError) as exc:
        services.enterprise_link_add(
            enterprise=enterprise,
            name="Gamma",
            vat_number="",
            kind=LinkKind.PARTNER,
            holding_percent=Decimal(70),
            staff_awu=Decimal(1),
            turnover=Decimal(1),
            balance_sheet=Decimal(1),
        )
    assert "holding_percent" in exc.value.message_dict
    assert not enterprise.links.exists()


def test_it_recomputes_the_size_class_when_the_figures_change():
    enterprise = EnterpriseFactory()
    EnterpriseLinkFactory(enterprise=enterprise, kind=LinkKind.LINKED, staff_awu=Decimal(1))
    services.enterprise_update(enterprise=enterprise, staff_awu=Decimal(60))
    enterprise.refresh_from_db()
    assert enterprise.size_class == SizeClass.MEDIUM
    assert enterprise.staff_awu == Decimal(60)


def test_it_refuses_to_take_another_enterprises_vat_on_update():
    first = EnterpriseFactory()
    second = EnterpriseFactory()
    with pytest.raises(ValidationError) as exc:
        services.enterprise_update(enterprise=second, vat_number=first.vat_number)
    assert exc.value.error_dict["vat_number"][0].code == "duplicate_vat_number"


def test_it_adds_updates_and_deletes_local_units():
    enterprise = EnterpriseFactory()
    unit = services.local_unit_add(
        enterprise=enterprise,
        address="Via Fiorentina 3",
        municipality="Prato",
        postal_code="59100",
        province="PO",
    )
    services.local_unit_update(local_unit=unit, municipality="Montemurlo", postal_code="59013")
    unit.refresh_from_db()
    assert (unit.municipality, unit.postal_code) == ("Montemurlo", "59013")
    with pytest.raises(ValidationError):
        services.local_unit_update(local_unit=unit, postal_code="5901")
    services.local_unit_delete(local_unit=unit)
    assert not enterprise.local_units.exists()


def test_it_shows_an_enterprise_only_to_its_members():
    membership = MembershipFactory()
    outsider = UserFactory()
    LocalUnitFactory(enterprise=membership.enterprise)
    assert list(selectors.enterprises_of(membership.user)) == [membership.enterprise]
    assert not selectors.enterprises_of(outsider).exists()
    assert selectors.membership_of(outsider, membership.enterprise) is None
    assert selectors.is_legal_representative(membership.user, membership.enterprise)


def test_it_gives_the_demo_sme_its_company_once():
    user = UserFactory(email="sme@demo.trinno.test")
    first = services.demo_enterprise_ensure(email="sme@demo.trinno.test")
    again = services.demo_enterprise_ensure(email="sme@demo.trinno.test")
    assert first == again
    assert first.size_class == SizeClass.MICRO
    assert selectors.is_legal_representative(user, first)
