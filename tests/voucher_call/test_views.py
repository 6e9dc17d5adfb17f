"""Pages of the voucher call: who reaches what (404 otherwise), the cap message, the
attendance report and the reimbursement shown, constant queries on the dashboards."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, _user
from tests.vouchers.factories import AgencyMembershipFactory, CourseFactory, TrainingAgencyFactory
from trinno_portal.funding.workflow import Status
from vouchers.call import services as services_voucher

from .conftest import course_started, draft

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_it_tells_a_freelancer_the_cap_and_keeps_what_was_typed(
    client, voucher_call, freelancer, course
):
    _login(client, freelancer.user)
    response = client.post(
        reverse("vouchers:voucher_apply"), {"course": course.pk, "amount": "3500,00"}
    )
    assert response.status_code == 200
    assert "3.000,00 EUR" in response.content.decode()
    assert 'value="3500,00"' in response.content.decode()
    assert not freelancer.applications.exists()


def test_it_sends_a_person_without_profile_to_the_profile(client, voucher_call, applicant):
    _login(client, applicant)
    response = client.get(reverse("vouchers:voucher_apply"))
    assert response.status_code == 302
    assert response.url == reverse("vouchers:profile")


def test_it_applies_reviews_and_submits(client, voucher_call, entrepreneur, course):
    _login(client, entrepreneur.user)
    response = client.get(reverse("vouchers:voucher_apply") + f"?corso={course.pk}")
    assert response.status_code == 200
    response = client.post(
        reverse("vouchers:voucher_apply"), {"course": course.pk, "amount": "3000,00"}
    )
    application = entrepreneur.applications.get()
    assert response.url == reverse("vouchers:voucher_review", args=[application.pk])
    response = client.post(response.url, {"version": application.version})
    application.refresh_from_db()
    assert application.protocol_number
    assert response.url == reverse("vouchers:voucher_detail", args=[application.pk])
    page = client.get(response.url)
    assert application.protocol_number in page.content.decode()
    receipt = client.get(reverse("vouchers:voucher_receipt", args=[application.pk]))
    assert receipt["Content-Type"] == "application/pdf"


def test_it_refuses_a_stale_second_tab(client, voucher_call, entrepreneur, course):
    application = draft(voucher_call, entrepreneur, course, "1000.00")
    _login(client, entrepreneur.user)
    old = application.version
    client.post(
        reverse("vouchers:voucher_edit", args=[application.pk]),
        {"course": course.pk, "amount": "1200,00", "version": old},
    )
    response = client.post(
        reverse("vouchers:voucher_edit", args=[application.pk]),
        {"course": course.pk, "amount": "1500,00", "version": old},
    )
    assert response.status_code == 200
    application.voucher.refresh_from_db()
    assert application.voucher.requested_amount == Decimal("1200.00")


@pytest.fixture
def voucher_matrix(voucher_call, entrepreneur, course, approved, course_agency_user, make_person):
    """A voucher of the entrepreneur on the agency's course, another person, another agency."""
    application = approved(voucher_call, entrepreneur, course)
    stranger = make_person("estraneo@example.it")
    other_agency_user = _user("altro.ente@example.it", None)
    other_agency = TrainingAgencyFactory(name="Scuola Valdarno")
    AgencyMembershipFactory(user=other_agency_user, agency=other_agency)
    return application, stranger, other_agency_user


PERSON_PAGES = [
    ("vouchers:voucher_detail", "get"),
    ("vouchers:voucher_review", "get"),
    ("vouchers:voucher_edit", "get"),
    ("vouchers:voucher_receipt", "get"),
    ("vouchers:voucher_withdraw", "post"),
    ("vouchers:voucher_enrolment", "post"),
]


@pytest.mark.parametrize(("name", "method"), PERSON_PAGES)
def test_it_hides_a_persons_voucher_from_another_person_and_agencies(
    client, voucher_matrix, name, method
):
    application, stranger, other_agency_user = voucher_matrix
    url = reverse(name, args=[application.pk])
    for user in (stranger.user, other_agency_user):
        _login(client, user)
        assert getattr(client, method)(url).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.APPROVED


def test_it_hides_a_voucher_from_another_agency(client, voucher_matrix, course_agency_user):
    application, stranger, other_agency_user = voucher_matrix
    url = reverse("vouchers:agency_voucher", args=[application.pk])
    _login(client, other_agency_user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"hours_attended": "40"}).status_code == 404
    assert (
        client.get(reverse("vouchers:agency_vouchers"))
        .content.decode()
        .count(application.protocol_number)
        == 0
    )
    _login(client, stranger.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("vouchers:agency_vouchers")).status_code == 404
    _login(client, course_agency_user)
    assert client.get(url).status_code == 200


def test_it_hides_another_agencys_course(client, voucher_matrix, course):
    _application, _stranger, other_agency_user = voucher_matrix
    _login(client, other_agency_user)
    assert client.get(reverse("vouchers:course_manage", args=[course.pk])).status_code == 404


def test_it_shows_the_agency_the_reimbursement_the_rules_give(
    client, voucher_call, entrepreneur, course, approved, course_agency_user
):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    course_started(course)
    _login(client, course_agency_user)
    url = reverse("vouchers:agency_voucher", args=[application.pk])
    too_many = client.post(url, {"hours_attended": "41"})
    assert too_many.status_code == 200
    response = client.post(url, {"hours_attended": "33,3"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    # 3,000 x 33.3 / 40 = 2,497.50
    assert "2.497,50 EUR" in page
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS


def test_the_voucher_page_leads_to_the_claim_with_the_reimbursement(
    client, voucher_call, entrepreneur, course, approved, course_agency_user
):
    application = approved(voucher_call, entrepreneur, course, "3000.00")
    course_started(course)
    services_voucher.voucher_attendance_report(
        application=application, by=course_agency_user, hours_attended=Decimal("33.3")
    )
    _login(client, entrepreneur.user)
    page = client.get(reverse("vouchers:voucher_detail", args=[application.pk])).content.decode()
    # 3,000 x 33.3 / 40 = 2,497.50, the figure the claim will be capped by.
    assert "2.497,50 EUR" in page
    assert reverse("payments:claims", args=[application.pk]) in page
    assert 'enctype="multipart/form-data"' not in page  # no upload of its own


def test_it_lists_the_persons_vouchers_in_constant_queries(
    client, voucher_call, entrepreneur, course_agency, submitted, django_assert_num_queries
):
    _login(client, entrepreneur.user)
    url = reverse("vouchers:voucher_dashboard")
    course = CourseFactory(agency=course_agency, state="approved", cost=Decimal("900.00"))
    submitted(voucher_call, entrepreneur, course, "500.00")
    client.get(url)
    with django_assert_num_queries(_count(client, url)) as captured:
        client.get(url)
    course2 = CourseFactory(agency=course_agency, state="approved", cost=Decimal("900.00"))
    submitted(voucher_call, entrepreneur, course2, "500.00")
    with django_assert_num_queries(len(captured)):
        response = client.get(url)
    assert response.content.decode().count('class="voucher-row"') == 2


def test_it_lists_the_agencys_vouchers_in_constant_queries(
    client,
    voucher_call,
    make_person,
    course,
    course_agency_user,
    submitted,
    django_assert_num_queries,
):
    url = reverse("vouchers:agency_vouchers")
    submitted(voucher_call, make_person("uno@example.it"), course, "500.00")
    _login(client, course_agency_user)
    n = _count(client, url)
    for i in range(3):
        submitted(voucher_call, make_person(f"altri{i}@example.it"), course, "500.00")
    with django_assert_num_queries(n):
        response = client.get(url)
    assert response.content.decode().count('class="voucher-row"') == 4


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_speaks_english_under_en(client, voucher_call, entrepreneur):
    _login(client, entrepreneur.user)
    response = client.get("/en/voucher/domande/")
    assert response.status_code == 200
    assert "My training vouchers" in response.content.decode()


def test_it_lets_a_person_answer_a_request_for_information(
    client, voucher_call, entrepreneur, course, submitted
):
    from trinno_portal.funding.services import application_transition

    application = submitted(voucher_call, entrepreneur, course)
    application_transition(
        application=application, transition="request_info", by=None, reason="Quale sede?"
    )
    client.force_login(entrepreneur.user)
    page = client.get(reverse("vouchers:voucher_detail", args=[application.pk]))
    assert "Quale sede?" in page.content.decode()
    client.post(reverse("vouchers:voucher_answer", args=[application.pk]), {"text": "Arezzo"})
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT
    assert application.status_changes.last().reason == "Arezzo"
