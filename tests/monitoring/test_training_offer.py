"""Activity 2: the province's training agencies with their courses by theme, and the
offer against the demand, on a known set computed by hand in the comments.

The period is 2025. Not counted, each to exclude something: a draft course, a course of
2024, an agency of Florence on the map (its course is in the offer: a voucher may pay for
any approved course), a suspended agency, a draft voucher, a voucher of 2024, an
assessment of 2024."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from audits.selfassessment.models import Area, AreaResult, Assessment, Questionnaire
from audits.selfassessment.services import selfassessment_fixtures_load
from monitoring.training_offer import selectors
from monitoring.training_offer.models import JointCourseProposal
from tests.factories import ApplicationFactory, CallFactory, EnterpriseFactory, UserFactory
from tests.vouchers.factories import CourseFactory, TrainingAgencyFactory
from trinno_portal.funding.workflow import Status
from vouchers.call.models import VoucherApplication
from vouchers.offer.models import AccreditationState, CourseState, CourseTheme
from vouchers.offer.services import vouchers_fixtures_load

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
ROME = ZoneInfo("Europe/Rome")


def course(agency, codes, seats, year=2025, state=CourseState.APPROVED):
    return CourseFactory(
        agency=agency,
        themes=CourseTheme.objects.filter(code__in=codes),
        seats=seats,
        state=state,
        start_date=dt.date(year, 3, 1),
        end_date=dt.date(year, 3, 10),
    )


def voucher(call, course, submitted, status=Status.SUBMITTED):
    application = ApplicationFactory(
        call=call, status=status, submitted_at=dt.datetime(*submitted, 10, tzinfo=ROME)
    )
    VoucherApplication.objects.create(
        application=application, course=course, requested_amount=Decimal("1000.00")
    )


def assessment(user, completed, scores):
    done = dt.datetime(*completed, 12, tzinfo=ROME)
    a = Assessment.objects.create(
        enterprise=EnterpriseFactory(),
        questionnaire=Questionnaire.objects.get(is_active=True),
        started_by=user,
        started_at=done,
        completed_at=done,
    )
    for code, score in scores.items():
        AreaResult.objects.create(
            assessment=a,
            area=Area.objects.get(questionnaire=a.questionnaire, code=code),
            score=Decimal(score),
            level="basic",
        )


@pytest.fixture
def offer():
    vouchers_fixtures_load()
    selfassessment_fixtures_load()
    a1 = TrainingAgencyFactory(name="Formazione Arezzo", municipality="Arezzo")
    a2 = TrainingAgencyFactory(name="Cortona Lavoro", municipality="Cortona")
    florence = TrainingAgencyFactory(name="Firenze Corsi", province="FI", municipality="Firenze")
    suspended = TrainingAgencyFactory(
        name="Sospesa", municipality="Anghiari", accreditation_state=AccreditationState.SUSPENDED
    )
    c1 = course(a1, ["iot", "cloud"], 10)
    course(a1, ["iot"], 5)
    c3 = course(a2, ["robotics"], 8)
    course(a1, ["iot"], 50, state=CourseState.DRAFT)
    course(florence, ["iot"], 20)
    course(a1, ["iot"], 30, year=2024)
    c7 = course(suspended, ["cybersecurity"], 9, year=2024)
    call = CallFactory(scheme="voucher")
    for day in (1, 2, 3):
        voucher(call, c1, (2025, 4, day))
    voucher(call, c3, (2025, 5, 1))
    voucher(call, c7, (2025, 6, 1))  # asked in 2025 for a course no longer running
    voucher(call, c1, (2025, 4, 9), status=Status.DRAFT)
    voucher(call, c1, (2024, 12, 30))
    user = UserFactory()
    assessment(user, (2025, 2, 1), {"production": "20.0", "hr": "50.0"})
    assessment(user, (2025, 3, 1), {"production": "30.0", "hr": "30.0"})  # a tie: both
    assessment(user, (2024, 3, 1), {"hr": "10.0", "production": "90.0"})
    return a1, a2


def test_it_maps_the_provinces_agencies_with_their_courses_by_theme(
    offer, django_assert_num_queries
):
    a1, a2 = offer
    with django_assert_num_queries(4):
        result = selectors.agencies_map(start=START, end=END)
    assert [row.agency for row in result.agencies] == [a1, a2]  # by municipality
    codes = [t.code for t in result.themes]
    by_theme = {
        row.agency.name: dict(zip(codes, row.by_theme, strict=True)) for row in result.agencies
    }
    assert by_theme["Formazione Arezzo"]["iot"] == 2
    assert by_theme["Formazione Arezzo"]["cloud"] == 1
    assert by_theme["Cortona Lavoro"]["robotics"] == 1
    assert sum(by_theme["Cortona Lavoro"].values()) == 1
    assert [row.total for row in result.agencies] == [2, 1]


def test_it_reports_the_offer_against_the_demand_in_five_queries(offer, django_assert_num_queries):
    with django_assert_num_queries(5):
        report = selectors.training_offer_report(start=START, end=END)
    rows = {r.code: r for r in report.themes}
    assert (rows["iot"].courses, rows["iot"].agencies, rows["iot"].seats) == (3, 2, 35)
    assert rows["iot"].vouchers == 3 and not rows["iot"].short
    assert (rows["cloud"].courses, rows["cloud"].seats, rows["cloud"].vouchers) == (1, 10, 3)
    assert (rows["robotics"].courses, rows["robotics"].vouchers) == (1, 1)
    cyber = rows["cybersecurity"]
    assert (cyber.courses, cyber.seats, cyber.vouchers) == (0, 0, 1) and cyber.short
    assert rows["cloud"].short is False
    assert report.assessments == 2
    weak = {w.name: w.assessments for w in report.weak_areas}
    production = Area.objects.get(code="production").name
    hr = Area.objects.get(code="hr").name
    assert weak == {production: 2, hr: 1}


def test_officials_read_the_page_in_a_constant_number_of_queries(
    client, official, offer, django_assert_max_num_queries
):
    a1, a2 = offer
    proposal = JointCourseProposal.objects.create(
        title="Gemelli digitali per l'oreficeria",
        laboratory="Laboratorio di manifattura additiva",
        proposed_on=dt.date(2025, 5, 1),
    )
    proposal.agencies.set([a1, a2])
    client.force_login(official)
    url = reverse("monitoring:training_offer")
    period = {"start": "01/01/2025", "end": "31/12/2025"}
    first = client.get(url, period)
    assert first.status_code == 200
    html = first.content.decode()
    assert "Formazione Arezzo" in html and "Firenze Corsi" not in html.split("offer-heading")[0]
    assert "Gemelli digitali per l&#x27;oreficeria" in html
    with django_assert_max_num_queries(30) as counted:
        client.get(url, period)
    for n in range(3):
        course(TrainingAgencyFactory(municipality=f"Comune {n}"), ["iot", "cloud"], 4)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(url, period)


def test_it_answers_404_to_applicants(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("monitoring:training_offer")).status_code == 404
