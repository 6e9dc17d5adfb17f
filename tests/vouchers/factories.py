"""Factories of the vouchers tests: training agencies, their members and courses."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from stdnum import luhn

from tests.factories import UserFactory
from vouchers.offer.models import (
    AgencyMembership,
    Course,
    CourseState,
    CourseTheme,
    Delivery,
    TrainingAgency,
)


def valid_tax_number(n: int) -> str:
    """A valid 11-digit Partita IVA: 7 digits, an office code (051 Arezzo), a Luhn digit."""
    base = f"{n + 1:07d}051"
    return base + luhn.calc_check_digit(base)


class TrainingAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingAgency

    name = factory.Sequence(lambda n: f"Agenzia Formativa {n}")
    tax_number = factory.Sequence(valid_tax_number)
    accreditation_code = factory.Sequence(lambda n: f"AR{n:04d}")
    address = "Via Roma 2"
    municipality = "Arezzo"
    province = "AR"
    pec = factory.Sequence(lambda n: f"ente{n}@pec.example.it")


class AgencyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMembership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(TrainingAgencyFactory)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    agency = factory.SubFactory(TrainingAgencyFactory)
    title = factory.Sequence(lambda n: f"Corso IoT {n}")
    description = "Sensori, reti e dati in fabbrica."
    hours = Decimal("24.0")
    cost = Decimal("1200.00")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=14))
    delivery = Delivery.IN_PERSON
    place = "Via Roma 2, Arezzo"
    seats = 12
    state = CourseState.DRAFT
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = CourseTheme.objects.filter(code="iot")
        self.themes.set(extracted)
