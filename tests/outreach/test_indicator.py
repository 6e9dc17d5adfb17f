"""Indicator 1 with the outreach: participants present and advice given count as
non-financial support, each enterprise once across every source (start-ups apart)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from audits.selfassessment.models import AdvancedAssessment
from monitoring.models import Measure, Scope
from monitoring.outreach.models import Advice, AttendeeKind, Registration
from monitoring.selectors import enterprise_measures
from tests.factories import EnterpriseFactory, UserFactory

from .conftest import make_event

pytestmark = pytest.mark.django_db
ROME = ZoneInfo("Europe/Rome")
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
IN = dt.datetime(2025, 6, 1, 10, tzinfo=ROME)
OUT = dt.datetime(2026, 1, 2, 10, tzinfo=ROME)
VAT_X, VAT_Y = "00743110157", "01234567897"  # valid, no profile


def _present(event, email, *, enterprise=None, vat="", province="AR", at=IN):
    return Registration.objects.create(
        event=event,
        kind=AttendeeKind.ENTERPRISE,
        status="confirmed",
        full_name="x",
        email=email,
        enterprise=enterprise,
        company_name="c",
        vat_number=vat or enterprise.vat_number,
        province=province,
        checked_in_at=at,
    )


def _advice(*, enterprise=None, vat="", province="AR", at=IN):
    return Advice.objects.create(
        channel="phone",
        topic="audit",
        enquiry="?",
        full_name="x",
        enterprise=enterprise,
        vat_number=vat,
        province=province,
        opened_at=at,
    )


def test_each_enterprise_counts_once_across_sources(activity, django_assert_num_queries):
    event = make_event(activity)
    e1 = EnterpriseFactory(province="AR")  # present and advised: once
    _present(event, "a@x.it", enterprise=e1)
    _advice(enterprise=e1, vat=e1.vat_number)
    e2 = EnterpriseFactory(province="FI", is_startup=True)  # advised twice: once
    _advice(enterprise=e2, vat=e2.vat_number)
    _advice(enterprise=e2, vat=e2.vat_number, province="")
    e3 = EnterpriseFactory(province="SI")  # registered by VAT before its profile existed
    _present(event, "c@x.it", vat=e3.vat_number, province="SI")
    _present(event, "d@x.it", vat=VAT_X, province="AR")  # no profile, twice: once
    _advice(vat=VAT_X, province="AR")
    _advice(vat=VAT_Y, province="MI")  # no profile, outside Tuscany: not counted
    e4 = EnterpriseFactory(province="AR")  # present only after the period: not counted
    _present(event, "e@x.it", enterprise=e4, at=OUT)
    Registration.objects.create(  # registered but never present: not counted
        event=event,
        kind=AttendeeKind.ENTERPRISE,
        status="confirmed",
        full_name="y",
        email="f@x.it",
        enterprise=EnterpriseFactory(province="AR"),
        company_name="c",
        vat_number="x",
        province="AR",
    )
    staff = UserFactory(is_staff=True)
    e5 = EnterpriseFactory(province="PI")  # by an advanced assessment alone
    for enterprise in (e1, e5):  # e1 again: still once
        AdvancedAssessment.objects.create(
            enterprise=enterprise,
            assessor=staff,
            assessed_on=IN.date(),
            findings="f",
            level="esordiente",
        )
    with django_assert_num_queries(1):
        values = enterprise_measures(START, END)
    assert values[(Measure.ENTERPRISES_SUPPORTED, Scope.TUSCANY)] == Decimal(5)  # e1 e2 e3 e5 X
    assert values[(Measure.ENTERPRISES_SUPPORTED, Scope.AREZZO)] == Decimal(2)  # e1 X
    assert values[("startups", Scope.TUSCANY)] == Decimal(1)  # e2
    assert values[("startups", Scope.AREZZO)] == Decimal(0)
