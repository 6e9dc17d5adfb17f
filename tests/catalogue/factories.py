"""Factories of the catalogue's tests."""

import datetime as dt
from decimal import Decimal

import factory

from catalogue.editions.models import Edition, EditionState, Service
from catalogue.editions.rules import code_sort_key


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    number = factory.Sequence(lambda n: 100 + n)
    title = factory.LazyAttribute(lambda o: f"Catalogo edizione {o.number}")
    title_en = factory.LazyAttribute(lambda o: f"Catalogue edition {o.number}")
    state = EditionState.DRAFT
    act_number = ""


class PublishedEditionFactory(EditionFactory):
    state = EditionState.PUBLISHED
    act_number = "1389"
    act_date = dt.date(2016, 3, 30)
    valid_from = dt.date(2016, 3, 30)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"B.9.{n + 1}")
    sort_key = factory.LazyAttribute(lambda o: code_sort_key(o.code))
    area = factory.LazyAttribute(lambda o: o.code[0])
    name = factory.Sequence(lambda n: f"Servizio {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    description = "Descrizione del servizio."
    description_en = "Description of the service."
    is_digital = False
    provider_requirements = "Tre anni di esperienza."
    provider_requirements_en = "Three years of experience."
    min_cost = Decimal("15000.00")
    max_cost = Decimal("100000.00")
    intensity_micro = Decimal("50.00")
    intensity_small = Decimal("40.00")
    intensity_medium = Decimal("30.00")
