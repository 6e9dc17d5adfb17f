"""factory_boy factories shared by every test module."""

import datetime as dt
from decimal import Decimal

import factory

from trinno_portal.accounts.models import (
    Enterprise,
    MemberRole,
    Membership,
    Person,
    PersonStatus,
    RepresentativeStatus,
    SizeClass,
    User,
)
from trinno_portal.funding.models import Application, Call, Envelope, Scheme
from trinno_portal.funding.workflow import Status
from trinno_portal.rna.models import AidMeasure


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.it")
    full_name = factory.Faker("name", locale="it_IT")
    password = factory.django.Password("Correct-Horse-2026")


# Valid Partite IVA: 10 digits and the Luhn-style check digit of python-stdnum.
def _vat(n: int) -> str:
    from stdnum import luhn

    # Seven digits of serial, then the office code 015 (Milano), then the Luhn check digit.
    base = f"{1000000 + n:07d}015"
    return base + luhn.calc_check_digit(base)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    legal_name = factory.Sequence(lambda n: f"Manifattura Aretina {n} srl")
    vat_number = factory.Sequence(_vat)
    tax_code = factory.SelfAttribute("vat_number")
    legal_form = "srl"
    pec = factory.Sequence(lambda n: f"impresa{n}@pec.example.it")
    ateco_code = "32.12.10"  # jewellery manufacturing: section C
    # A factory company stands for one whose legal representative is proven; the tests of
    # unconfirmed companies say so explicitly.
    representative_status = RepresentativeStatus.CONFIRMED
    founded_on = dt.date(2005, 3, 1)
    address = "Via Roma 1"
    municipality = "Arezzo"
    postal_code = "52100"
    province = "AR"
    size_reference_year = 2025
    staff_awu = Decimal("8.00")
    turnover = Decimal("1200000.00")
    balance_sheet = Decimal("900000.00")
    size_class = SizeClass.MICRO


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    role = MemberRole.LEGAL_REPRESENTATIVE


def _tax_code(n: int) -> str:
    """A valid codice fiscale, different for each n (17,576 of them)."""
    from stdnum.it import codicefiscale

    letters = "".join(chr(65 + (n // 26**k) % 26) for k in (2, 1, 0))
    body = f"NRI{letters}80A01A390"
    return body + codicefiscale.calc_check_digit(body)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    first_name = "Paolo"
    last_name = factory.Sequence(lambda n: f"Neri{n}")
    tax_code = factory.Sequence(lambda n: _tax_code(n))
    birth_date = dt.date(1980, 1, 1)
    residence_address = "Via Vittorio Veneto 10"
    residence_municipality = "Arezzo"
    residence_province = "AR"
    status = PersonStatus.ENTREPRENEUR


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"call-{n}")
    scheme = Scheme.AUDIT
    title = factory.Sequence(lambda n: f"Bando {n}")
    title_en = factory.Sequence(lambda n: f"Call {n}")
    legal_basis = "POR FESR 2014-2020"
    open_on = dt.date(2018, 4, 3)
    total_budget = Decimal("1500000.00")
    protocol_prefix = "AUD"
    rules = factory.LazyFunction(dict)
    # Every call is a measure of the RNA, as the fixtures' calls are: a concession needs
    # its CAR (trinno_portal/rna).
    aid_measure = factory.RelatedFactory(
        "tests.factories.AidMeasureFactory", factory_related_name="call"
    )


class AidMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidMeasure

    call = factory.SubFactory(CallFactory, aid_measure=None)
    car = factory.Sequence(lambda n: f"{20000 + n}")
    office = "Arezzo Innovazione S.p.A., Ufficio Agevolazioni"
    responsible_officer = "Mario Rossi"


class EnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Envelope

    call = factory.SubFactory(CallFactory)
    code = factory.Sequence(lambda n: f"env-{n}")
    name = "Generale"
    name_en = "General"
    kind = "general"
    amount = factory.SelfAttribute("call.total_budget")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    scheme = factory.SelfAttribute("call.scheme")
    enterprise = factory.SubFactory(EnterpriseFactory)
    created_by = factory.SubFactory(UserFactory)
    status = Status.DRAFT
