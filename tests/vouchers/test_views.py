"""Views of the vouchers app: object-level access (404), forms, constant query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from stdnum.it import codicefiscale

from tests.conftest import PASSWORD
from trinno_portal.accounts.models import Person
from vouchers.offer.models import AccreditationState, CourseState, CourseTheme
from vouchers.offer.views import PER_PAGE

from .factories import CourseFactory, TrainingAgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_client(client, agency_user):
    client.login(email=agency_user.email, password=PASSWORD)
    return client


def _course_post(**overrides):
    start = timezone.localdate() + dt.timedelta(days=30)
    return {
        "title": "Gemelli digitali in officina",
        "description": "Simulare prima di produrre.",
        "themes": ["simulation"],
        "hours": "16,5",
        "cost": "990,00",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=5)).isoformat(),
        "delivery": "in_person",
        "place": "Via Roma 2, Arezzo",
        "seats": "8",
        **overrides,
    }


def _theme_ids(codes):
    return [
        str(pk) for pk in CourseTheme.objects.filter(code__in=codes).values_list("pk", flat=True)
    ]


# --- 404 on every URL with an id -------------------------------------------------------------


def test_an_agency_cannot_reach_another_agencys_course_on_any_url(agency_client, other_agency):
    course = CourseFactory(agency=other_agency)
    for name in ("course_manage", "course_edit"):
        assert agency_client.get(reverse(f"vouchers:{name}", args=[course.pk])).status_code == 404
    assert (
        agency_client.post(reverse("vouchers:course_edit", args=[course.pk]), _course_post())
    ).status_code == 404
    for name in ("course_submit", "course_recall", "course_withdraw"):
        assert agency_client.post(reverse(f"vouchers:{name}", args=[course.pk])).status_code == 404
    course.refresh_from_db()
    assert course.state == CourseState.DRAFT


def test_an_agency_cannot_reach_another_agencys_dashboard_or_create_there(
    agency_client, other_agency
):
    assert (
        agency_client.get(reverse("vouchers:agency_dashboard", args=[other_agency.pk]))
    ).status_code == 404
    url = reverse("vouchers:course_create", args=[other_agency.pk])
    assert agency_client.get(url).status_code == 404
    assert agency_client.post(url, _course_post()).status_code == 404
    assert not other_agency.courses.exists()


def test_the_agency_area_asks_for_a_login(client, agency):
    response = client.get(reverse("vouchers:agency_dashboard", args=[agency.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_draft_course_is_not_public(client, agency):
    draft = CourseFactory(agency=agency)
    assert client.get(reverse("vouchers:course_detail", args=[draft.pk])).status_code == 404


# --- the agency's area --------------------------------------------------------------------


def test_the_agency_home_leads_to_the_only_agency(agency_client, agency):
    response = agency_client.get(reverse("vouchers:agency_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("vouchers:agency_dashboard", args=[agency.pk])


def test_the_agency_home_explains_when_the_user_acts_for_no_agency(client, applicant):
    client.login(email=applicant.email, password=PASSWORD)
    response = client.get(reverse("vouchers:agency_home"))
    assert response.status_code == 200
    assert "non è collegato" in response.content.decode()


def test_an_agency_creates_and_submits_a_course(agency_client, agency):
    post = _course_post(themes=_theme_ids(["simulation", "iot"]))
    response = agency_client.post(reverse("vouchers:course_create", args=[agency.pk]), post)
    course = agency.courses.get()
    assert response["Location"] == reverse("vouchers:course_manage", args=[course.pk])
    assert str(course.hours) == "16.5"
    assert str(course.cost) == "990.00"
    response = agency_client.post(reverse("vouchers:course_submit", args=[course.pk]), follow=True)
    course.refresh_from_db()
    assert course.state == CourseState.PENDING
    assert "In attesa di approvazione" in response.content.decode()


def test_a_wrong_course_form_keeps_what_was_typed(agency_client, agency):
    start = timezone.localdate() + dt.timedelta(days=30)
    post = _course_post(
        themes=_theme_ids(["iot"]), end_date=(start - dt.timedelta(days=1)).isoformat()
    )
    response = agency_client.post(reverse("vouchers:course_create", args=[agency.pk]), post)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Il corso non può finire prima di iniziare." in body
    assert "Gemelli digitali in officina" in body
    assert not agency.courses.exists()


def test_an_approved_course_cannot_be_edited_and_the_page_says_so(agency_client, agency):
    course = CourseFactory(agency=agency, state=CourseState.APPROVED)
    response = agency_client.get(reverse("vouchers:course_edit", args=[course.pk]), follow=True)
    assert "può essere solo ritirato" in response.content.decode()
    response = agency_client.post(
        reverse("vouchers:course_edit", args=[course.pk]),
        _course_post(themes=_theme_ids(["iot"]), title="Cambiato"),
    )
    course.refresh_from_db()
    assert course.title != "Cambiato"


def test_a_suspended_agency_cannot_publish(agency_client, agency):
    agency.accreditation_state = AccreditationState.SUSPENDED
    agency.save()
    post = _course_post(themes=_theme_ids(["iot"]))
    response = agency_client.post(reverse("vouchers:course_create", args=[agency.pk]), post)
    assert response.status_code == 200
    assert "accreditamento" in response.content.decode()
    assert not agency.courses.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_dashboard_reads_a_constant_number_of_queries(
    agency_client, agency, rows, django_assert_num_queries
):
    CourseFactory.create_batch(rows, agency=agency)
    url = reverse("vouchers:agency_dashboard", args=[agency.pk])
    # session, user, the menu's roles, agency, courses, their themes, the counts per state
    with django_assert_num_queries(7):
        response = agency_client.get(url)
    assert len(response.context["courses"]) == min(rows, PER_PAGE)


# --- public pages ----------------------------------------------------------------------------


def test_the_public_list_shows_only_approved_future_courses_of_active_agencies(client, agency):
    today = timezone.localdate()
    shown = CourseFactory(agency=agency, state=CourseState.APPROVED, title="Visibile")
    CourseFactory(agency=agency, state=CourseState.PENDING, title="In attesa")
    CourseFactory(agency=agency, state=CourseState.APPROVED, title="Iniziato", start_date=today)
    suspended = TrainingAgencyFactory(accreditation_state=AccreditationState.SUSPENDED)
    CourseFactory(agency=suspended, state=CourseState.APPROVED, title="Sospeso")
    response = client.get(reverse("vouchers:course_list"))
    assert [c.pk for c in response.context["courses"]] == [shown.pk]
    body = response.content.decode()
    assert "Visibile" in body and "Sospeso" not in body and "In attesa" not in body
    detail = client.get(reverse("vouchers:course_detail", args=[shown.pk]))
    assert detail.status_code == 200
    assert "50,00 EUR all'ora" in detail.content.decode()


def test_the_public_list_filters_by_theme(client, agency, themes):
    iot = CourseFactory(agency=agency, state=CourseState.APPROVED)
    CourseFactory(
        agency=agency,
        state=CourseState.APPROVED,
        themes=CourseTheme.objects.filter(code="cloud"),
    )
    response = client.get(reverse("vouchers:course_list"), {"tema": "iot"})
    assert [c.pk for c in response.context["courses"]] == [iot.pk]


@pytest.mark.parametrize("rows", [0, 3, PER_PAGE + 5])
def test_the_public_list_paginates_with_constant_queries(
    client, agency, rows, django_assert_num_queries
):
    CourseFactory.create_batch(rows, agency=agency, state=CourseState.APPROVED)
    # the themes of the filter, the voucher call's published documents, one page of
    # courses with their agency, their themes
    with django_assert_num_queries(4 if rows else 3):
        response = client.get(reverse("vouchers:course_list"))
    assert len(response.context["courses"]) == min(rows, PER_PAGE)
    assert response.context["has_next"] is (rows > PER_PAGE)
    if rows > PER_PAGE:
        second = client.get(reverse("vouchers:course_list"), {"page": "2"})
        assert len(second.context["courses"]) == 5
        assert not second.context["has_next"]
    assert client.get(reverse("vouchers:course_list"), {"page": "x"}).status_code == 200


# --- the person's profile --------------------------------------------------------------------

CF = "VRDLRA85M41A390" + codicefiscale.calc_check_digit("VRDLRA85M41A390")


def test_the_profile_asks_for_a_login(client):
    assert client.get(reverse("vouchers:profile")).status_code == 302


def test_a_user_creates_the_profile_and_a_wrong_one_keeps_what_was_typed(client, applicant):
    client.login(email=applicant.email, password=PASSWORD)
    assert client.get(reverse("vouchers:profile")).status_code == 200
    post = {
        "first_name": "Laura",
        "last_name": "Verdi",
        "tax_code": CF,
        "birth_date": "1985-08-02",
        "residence_address": "Via Petrarca 3",
        "residence_municipality": "Arezzo",
        "residence_province": "AR",
        "status": "freelancer",
        "professional_order": "",
        "heard_from": "agency_event",
    }
    response = client.post(reverse("vouchers:profile"), post)
    assert response.status_code == 200
    body = response.content.decode()
    assert "La data di nascita non corrisponde" in body
    assert "Via Petrarca 3" in body
    assert not Person.objects.exists()
    post.update(birth_date="1985-08-01", professional_order="Ordine degli architetti")
    response = client.post(reverse("vouchers:profile"), post)
    assert response.status_code == 302
    person = Person.objects.get(user=applicant)
    assert person.heard_from == "agency_event"
    assert person.professional_order == "Ordine degli architetti"


def test_the_public_pages_speak_english_under_en(client, agency):
    course = CourseFactory(agency=agency, state=CourseState.APPROVED)
    response = client.get("/en/voucher/corsi/")
    body = response.content.decode()
    assert "Industry 4.0 training courses" in body
    assert "Internet of things (IoT)" in body
    detail = client.get(f"/en/voucher/corsi/{course.pk}/").content.decode()
    assert "50.00 EUR per hour" in detail
