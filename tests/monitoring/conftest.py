"""A known set of applications whose indicator values are computed by hand below.

The period is the calendar year 2025 (Europe/Rome). Every row that is NOT counted is
there to exclude something: a decision outside the period, a non-Tuscan seat, a
digital amount of zero, a rejected or unfinished application, a duplicate enterprise.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from audits.selfassessment.models import Assessment, Questionnaire
from audits.selfassessment.services import selfassessment_fixtures_load
from monitoring.services import monitoring_fixtures_load
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    EnterpriseFactory,
    EnvelopeFactory,
    PersonFactory,
)
from trinno_portal.funding.models import Application, Call, StatusChange
from trinno_portal.funding.workflow import Status

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


ROME = ZoneInfo("Europe/Rome")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ROME)


# Hand-computed values over [START, END] (see the comments in `dataset`).
EXPECTED = {
    "i1": Decimal("7"),  # E1 E2 E3 E9 E12 (financial) + E10 E4 (self-assessment)
    "i2": Decimal("2"),  # E1 E2
    "i3": Decimal("1"),  # E1
    "i4": Decimal("43235.06"),  # 20000 + 5000 + 10000.50 + 7000 + 1234.56
    "i5": Decimal("26234.56"),  # 20000 + 5000 + 1234.56
    "i6": Decimal("2"),  # P1 P2
    "i7": Decimal("3"),  # E1 E9 E12
    "i8": Decimal("2"),  # E1 E12
}
# The same measures in the other scope (no indicator has them, the dashboard shows them).
EXPECTED_OTHER_SCOPE = {
    ("enterprises_supported", "arezzo"): Decimal("4"),  # E1 E3 E12 E10
    ("voucher_persons", "arezzo"): Decimal("1"),  # P1
    ("startups", "tuscany"): Decimal("2"),  # E2 E10
    ("startups", "arezzo"): Decimal("1"),  # E10
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(db):
    monitoring_fixtures_load()


class Builder:
    def __init__(self):
        self.calls = {}
        for scheme in ("audit", "catalogue", "voucher"):
            call = Call.objects.filter(code=f"test-{scheme}").first()
            if call is None:
                call = CallFactory(scheme=scheme, code=f"test-{scheme}", protocol_prefix=scheme[:3])
                EnvelopeFactory(call=call, code=f"{call.code}-general")
            self.calls[scheme] = call
        self.n = Application.objects.count()

    def app(
        self,
        scheme,
        status,
        province,
        *,
        enterprise=None,
        person=None,
        digital="0",
        submitted=None,
        decided=None,
        grant="1000.00",
    ):
        self.n += 1
        if person is None and enterprise is None:
            enterprise = EnterpriseFactory(province=province)
        application = ApplicationFactory(
            call=self.calls[scheme],
            scheme=scheme,
            enterprise=enterprise if person is None else None,
            person=person,
            status=status,
            province=province,
            digital_amount=Decimal(digital),
            submitted_at=submitted or at(2025, 1, 15, 10),
            protocol_number=f"T-{self.n:05d}",
            grant_amount=Decimal(grant),
            # What application_approve writes: the date the indicators count by.
            approved_at=decided,
        )
        if decided is not None:
            StatusChange.objects.create(
                application=application,
                transition="approve",
                from_status=Status.UNDER_ASSESSMENT,
                to_status=Status.APPROVED,
                at=decided,
            )
        return application


def _assess(enterprise, completed_at, user):
    return Assessment.objects.create(
        enterprise=enterprise,
        questionnaire=Questionnaire.objects.get(is_active=True),
        started_by=user,
        started_at=completed_at or at(2025, 1, 2, 9),
        completed_at=completed_at,
    )


@pytest.fixture
def dataset(plan):
    b = Builder()
    e = {i: EnterpriseFactory(province="AR") for i in range(1, 16)}
    for i, province in {2: "FI", 3: "FI", 4: "PI", 6: "MI", 9: "SI", 15: "MI"}.items():
        e[i].province = province
        e[i].save()
    for i in (2, 10):
        e[i].is_startup = True
        e[i].save()
    A = Status
    # Catalogue.
    b.app(
        "catalogue", A.APPROVED, "AR", enterprise=e[1], digital="20000", decided=at(2025, 3, 10, 12)
    )
    b.app(  # the same enterprise again: counted once, its amount twice
        "catalogue",
        A.IN_PROGRESS,
        "AR",
        enterprise=e[1],
        digital="5000",
        submitted=at(2025, 4, 1, 9),
        decided=at(2025, 5, 1, 9),
    )
    b.app(
        "catalogue", A.CLOSED, "FI", enterprise=e[2], digital="10000.50", decided=at(2025, 6, 1, 9)
    )
    # Seat moved to Florence since: the snapshot at submission (AR) decides.
    b.app("catalogue", A.APPROVED, "AR", enterprise=e[3], digital="0", decided=at(2025, 6, 2, 9))
    b.app(
        "catalogue", A.REJECTED, "PI", enterprise=e[4], digital="7000", submitted=at(2025, 7, 1, 9)
    )
    b.app(  # decided (and submitted) the evening before the period
        "catalogue",
        A.APPROVED,
        "AR",
        enterprise=e[5],
        digital="3000",
        submitted=at(2024, 12, 1, 9),
        decided=at(2024, 12, 31, 23, 30),
    )
    b.app("catalogue", A.APPROVED, "MI", enterprise=e[6], digital="9999", decided=at(2025, 2, 2, 9))
    b.app(
        "catalogue",
        A.UNDER_ASSESSMENT,
        "AR",
        enterprise=e[7],
        digital="1234.56",
        submitted=at(2025, 8, 1, 9),
    )
    b.app("catalogue", A.DRAFT, "AR", enterprise=e[8], digital="500", submitted=None)
    Application.objects.filter(status=A.DRAFT).update(submitted_at=None)
    # Audit.
    b.app("audit", A.APPROVED, "AR", enterprise=e[1], decided=at(2025, 9, 1, 9))
    b.app("audit", A.MONITORING, "SI", enterprise=e[9], decided=at(2025, 9, 2, 9))
    b.app("audit", A.UNDER_ASSESSMENT, "AR", enterprise=e[10])
    b.app("audit", A.APPROVED, "AR", enterprise=e[11], decided=at(2026, 1, 1, 0, 0))
    b.app("audit", A.APPROVED, "AR", enterprise=e[12], decided=at(2025, 12, 31, 23, 59))
    # Vouchers.
    p = {
        i: PersonFactory(residence_province=prov)
        for i, prov in {1: "AR", 2: "FI", 3: "AR", 4: "RM"}.items()
    }
    b.app("voucher", A.APPROVED, "AR", person=p[1], decided=at(2025, 2, 1, 9))
    b.app("voucher", A.IN_PROGRESS, "AR", person=p[1], decided=at(2025, 3, 1, 9))
    b.app("voucher", A.CLOSED, "FI", person=p[2], decided=at(2025, 4, 1, 9))
    b.app("voucher", A.REJECTED, "AR", person=p[3])
    b.app("voucher", A.APPROVED, "RM", person=p[4], decided=at(2025, 4, 1, 9))
    # Self-assessments (non-financial support).
    selfassessment_fixtures_load()
    user = b.calls["audit"].applications.first().created_by
    _assess(e[10], at(2025, 4, 1, 9), user)
    _assess(e[4], at(2025, 5, 1, 9), user)
    _assess(e[1], at(2025, 5, 1, 9), user)
    _assess(e[13], at(2024, 6, 1, 9), user)
    _assess(e[14], None, user)
    _assess(e[15], at(2025, 5, 1, 9), user)
    return b
