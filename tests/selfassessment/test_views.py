import re

import pytest
from django.urls import reverse

from audits.selfassessment.models import Answer, Assessment
from audits.selfassessment.services import (
    assessment_answers_save,
    assessment_complete,
    assessment_start,
)
from tests.conftest import PASSWORD
from tests.factories import EnterpriseFactory, MembershipFactory

from .helpers import answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, applicant, enterprise):
    client.login(email=applicant.email, password=PASSWORD)
    return client


def _form_data(answers: dict[int, int], **buttons: str) -> dict[str, str]:
    return {**{f"q_{q}": str(o) for q, o in answers.items()}, **buttons}


def _completed(questionnaire, enterprise, user, score=2) -> Assessment:
    assessment = assessment_start(enterprise=enterprise, user=user)
    assessment_answers_save(assessment=assessment, answers=answers_for(questionnaire, score))
    return assessment_complete(assessment=assessment)


def test_it_sends_anonymous_users_to_log_in(client, questionnaire):
    response = client.get(reverse("audits:selfassessment_start"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_lists_the_members_enterprises_with_a_start_button(member_client, enterprise):
    response = member_client.get(reverse("audits:selfassessment_start"))
    assert response.status_code == 200
    assert enterprise.legal_name in response.text
    assert "Avvia l'autovalutazione" in response.text


def test_it_starts_and_then_resumes_the_same_assessment(member_client, questionnaire, enterprise):
    url = reverse("audits:selfassessment_start")
    first = member_client.post(url, {"enterprise": enterprise.pk})
    assessment = Assessment.objects.get(enterprise=enterprise)
    assert first["Location"] == reverse("audits:selfassessment_fill", args=[assessment.pk])
    again = member_client.post(url, {"enterprise": enterprise.pk})
    assert again["Location"] == first["Location"]
    assert Assessment.objects.filter(enterprise=enterprise).count() == 1


def test_it_saves_half_way_without_completing(member_client, questionnaire, enterprise, applicant):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    half = answers_for(questionnaire, 1, half=True)
    url = reverse("audits:selfassessment_fill", args=[assessment.pk])
    response = member_client.post(url, _form_data(half, save="1"))
    assert response.status_code == 302
    assert Answer.objects.filter(assessment=assessment).count() == len(half)
    assessment.refresh_from_db()
    assert assessment.completed_at is None
    # Back on the form, the saved answers are checked.
    page = member_client.get(url)
    question, option = next(iter(half.items()))
    assert re.search(rf'name="q_{question}" value="{option}"[^>]*checked', page.text)
    assert len(re.findall(r"<input[^>]*checked", page.text)) == len(half)
    assert f"{len(half)} di 25" in page.text


def test_it_marks_the_unanswered_questions_on_finish_and_keeps_the_answers(
    member_client, questionnaire, enterprise, applicant
):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    half = answers_for(questionnaire, 1, half=True)
    url = reverse("audits:selfassessment_fill", args=[assessment.pk])
    response = member_client.post(url, _form_data(half, finish="1"))
    assert response.status_code == 200
    assert "Scegli una risposta a questa domanda." in response.text
    assert Answer.objects.filter(assessment=assessment).count() == len(half)
    assessment.refresh_from_db()
    assert assessment.completed_at is None


def test_it_refuses_a_made_up_option_with_a_message(
    member_client, questionnaire, enterprise, applicant
):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    url = reverse("audits:selfassessment_fill", args=[assessment.pk])
    question = next(iter(answers_for(questionnaire, 0)))
    response = member_client.post(url, {f"q_{question}": "999999", "save": "1"})
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_it_finishes_and_shows_the_level_the_chart_and_the_table(
    member_client, questionnaire, enterprise, applicant
):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    url = reverse("audits:selfassessment_fill", args=[assessment.pk])
    response = member_client.post(url, _form_data(answers_for(questionnaire, 2), finish="1"))
    result_url = reverse("audits:selfassessment_result", args=[assessment.pk])
    assert response["Location"] == result_url
    page = member_client.get(result_url)
    assert page.status_code == 200
    assert "Specialista" in page.text
    assert "50,0" in page.text  # the table and the chart write numbers the Italian way
    assert '<svg role="img"' in page.text
    assert "<caption" in page.text
    assert page.text.count('<h3 class="h5">') == 3  # advice for the three weakest areas
    # A completed assessment is not editable: the form sends to the result.
    assert member_client.get(url)["Location"] == result_url


def test_it_shows_the_history_with_dates_and_levels(
    member_client, questionnaire, enterprise, applicant
):
    _completed(questionnaire, enterprise, applicant, score=0)
    _completed(questionnaire, enterprise, applicant, score=4)
    response = member_client.get(reverse("audits:selfassessment_history", args=[enterprise.pk]))
    assert response.status_code == 200
    assert "Esordiente" in response.text
    assert "Campione" in response.text


def test_it_answers_404_on_every_url_with_an_id_of_another_sme(
    client, questionnaire, other_applicant, applicant, enterprise
):
    finished = _completed(questionnaire, enterprise, applicant)
    in_progress = assessment_start(enterprise=enterprise, user=applicant)
    MembershipFactory(user=other_applicant, enterprise=EnterpriseFactory())
    client.login(email=other_applicant.email, password=PASSWORD)
    urls = [
        reverse("audits:selfassessment_fill", args=[in_progress.pk]),
        reverse("audits:selfassessment_fill", args=[finished.pk]),
        reverse("audits:selfassessment_result", args=[finished.pk]),
        reverse("audits:selfassessment_history", args=[enterprise.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"save": "1"}).status_code in (404, 405), url
    assert (
        client.post(
            reverse("audits:selfassessment_start"), {"enterprise": enterprise.pk}
        ).status_code
        == 404
    )
    assert not Assessment.objects.exclude(enterprise=enterprise).exists()


def test_it_keeps_the_fill_page_queries_constant(
    member_client, questionnaire, enterprise, applicant, django_assert_max_num_queries
):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    url = reverse("audits:selfassessment_fill", args=[assessment.pk])
    member_client.get(url)  # warm caches (content types, session)
    with django_assert_max_num_queries(8) as few:
        member_client.get(url)
    assessment_answers_save(assessment=assessment, answers=answers_for(questionnaire, 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        member_client.get(url)


def test_it_keeps_the_result_page_queries_constant(
    member_client, questionnaire, enterprise, applicant, django_assert_max_num_queries
):
    first = _completed(questionnaire, enterprise, applicant, score=1)
    url = reverse("audits:selfassessment_result", args=[first.pk])
    member_client.get(url)
    with django_assert_max_num_queries(8) as queries:
        member_client.get(url)
    second = _completed(questionnaire, enterprise, applicant, score=3)
    with django_assert_max_num_queries(len(queries.captured_queries)):
        member_client.get(reverse("audits:selfassessment_result", args=[second.pk]))


def test_it_keeps_the_start_and_history_queries_constant(
    member_client, questionnaire, enterprise, applicant, django_assert_max_num_queries
):
    _completed(questionnaire, enterprise, applicant)
    start = reverse("audits:selfassessment_start")
    history = reverse("audits:selfassessment_history", args=[enterprise.pk])
    member_client.get(start)
    with django_assert_max_num_queries(8) as start_queries:
        member_client.get(start)
    with django_assert_max_num_queries(10) as history_queries:
        member_client.get(history)
    for _ in range(3):
        _completed(questionnaire, enterprise, applicant)
        MembershipFactory(user=applicant, role="delegate")
    with django_assert_max_num_queries(len(start_queries.captured_queries)):
        member_client.get(start)
    with django_assert_max_num_queries(len(history_queries.captured_queries)):
        member_client.get(history)


def test_it_speaks_english_under_en(member_client, questionnaire, enterprise, applicant):
    assessment = _completed(questionnaire, enterprise, applicant, score=2)
    response = member_client.get(
        "/en" + reverse("audits:selfassessment_result", args=[assessment.pk])
    )
    assert response.status_code == 200
    assert "Specialist" in response.text
    assert "Purchasing" in response.text


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("", ("Leggi il bando e presenta domanda", "aperto fino a esaurimento delle risorse")),
        ("/en", ("Read the call and apply", "open until resources run out")),
    ],
)
def test_the_result_leads_to_the_open_audit_call(
    member_client, questionnaire, enterprise, applicant, prefix, words
):
    from trinno_portal.funding.fixtures import calls_fixtures_load

    calls_fixtures_load()
    assessment = _completed(questionnaire, enterprise, applicant)
    body = member_client.get(f"{prefix}/audit/autovalutazione/{assessment.pk}/risultato/").text
    for said in words:
        assert said in body
    assert f'href="{prefix}/audit/bando/"' in body


def test_the_result_says_the_closing_date_of_the_open_call(
    member_client, questionnaire, enterprise, applicant
):
    import datetime as dt

    from django.utils import timezone

    from trinno_portal.funding.fixtures import calls_fixtures_load
    from trinno_portal.funding.models import Call

    calls_fixtures_load()
    closes = timezone.localdate() + dt.timedelta(days=20)
    Call.objects.filter(code="audit-industria-40").update(close_on=closes)
    assessment = _completed(questionnaire, enterprise, applicant)
    url = reverse("audits:selfassessment_result", args=[assessment.pk])
    assert f"aperto fino al {closes:%d/%m/%Y}" in member_client.get(url).text


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("", "Nessun bando audit è aperto ora"), ("/en", "No audit call is open now")],
)
def test_the_result_says_when_no_audit_call_is_open(
    member_client, questionnaire, enterprise, applicant, prefix, words
):
    import datetime as dt

    from trinno_portal.funding.models import Call, Scheme

    Call.objects.filter(scheme=Scheme.AUDIT).update(close_on=dt.date(2019, 1, 1))
    assessment = _completed(questionnaire, enterprise, applicant)
    body = member_client.get(f"{prefix}/audit/autovalutazione/{assessment.pk}/risultato/").text
    assert words in body
    assert "/audit/bando/" not in body.split("portal-next-call", 1)[1].split("</div></div>")[0]
