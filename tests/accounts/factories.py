"""Factories and data of the accounts room, on top of tests/factories.py."""

import datetime as dt
from decimal import Decimal

import factory

from tests.factories import EnterpriseFactory
from trinno_portal.accounts.models import EnterpriseLink, LinkKind, LocalUnit


def profile_data(**overrides) -> dict:
    """Valid input of enterprise_create / the profile form (a micro jeweller in Arezzo)."""
    data = {
        "legal_name": "Oreficeria Aretina srl",
        "vat_number": "00743110157",
        "tax_code": "00743110157",
        "legal_form": "srl",
        "pec": "oreficeria@pec.example.it",
        "ateco_code": "32.12.10",
        "founded_on": dt.date(2005, 3, 1),
        "address": "Via Roma 1",
        "municipality": "Arezzo",
        "postal_code": "52100",
        "province": "AR",
        "size_reference_year": 2024,
        "staff_awu": Decimal("8.00"),
        "turnover": Decimal("1200000.00"),
        "balance_sheet": Decimal("900000.00"),
        "is_startup": False,
    }
    data.update(overrides)
    return data


class LocalUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalUnit

    enterprise = factory.SubFactory(EnterpriseFactory)
    address = "Via dell'Industria 5"
    municipality = "Sansepolcro"
    postal_code = "52037"
    province = "AR"


class EnterpriseLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseLink

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"Partecipata {n} srl")
    kind = LinkKind.PARTNER
    holding_percent = Decimal("30.00")
    staff_awu = Decimal("20.00")
    turnover = Decimal("1000000.00")
    balance_sheet = Decimal("500000.00")
