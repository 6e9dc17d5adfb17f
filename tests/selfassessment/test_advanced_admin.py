"""Staff run the advanced assessment from the back office: start it with an enterprise,
fill in the survey with it, read the result on the change page."""

import pytest
from django.urls import reverse

from audits.selfassessment.forms import tech_field_name
from audits.selfassessment.models import AdvancedAssessment
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory

from .helpers import advanced_answers_for, completed_advanced, completed_first_level

pytestmark = pytest.mark.django_db

ADD = reverse("admin:audits_advancedassessment_add")


@pytest.fixture
def staff_client(client, staff_user):
    client.login(email=staff_user.email, password=PASSWORD)
    return client


def _survey(assessment) -> str:
    return reverse("admin:audits_advancedassessment_survey", args=[assessment.pk])


def _change(assessment) -> str:
    return reverse("admin:audits_advancedassessment_change", args=[assessment.pk])


def _post_data(technologies, dimensions, **extra) -> dict[str, str]:
    return {
        **{tech_field_name(a, t): status for (a, t), status in technologies.items()},
        **{f"d_{q}": str(score) for q, score in dimensions.items()},
        **extra,
    }


def test_it_starts_the_advanced_assessment_by_partita_iva(
    staff_client, staff_user, advanced_questionnaire, first_level, enterprise
):
    assert staff_client.get(ADD).status_code == 200
    response = staff_client.post(
        ADD, {"enterprise": enterprise.vat_number, "assessed_on": "2026-03-15"}
    )
    advanced = AdvancedAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _survey(advanced)
    assert (advanced.enterprise, advanced.assessor, advanced.first_level) == (
        enterprise,
        staff_user,
        first_level,
    )


def test_it_says_why_it_cannot_start_without_a_first_level(
    staff_client, advanced_questionnaire, questionnaire, enterprise
):
    response = staff_client.post(
        ADD, {"enterprise": enterprise.vat_number, "assessed_on": "2026-03-15"}
    )
    assert response.status_code == 200
    assert "first-level" in response.content.decode() or "primo livello" in (
        response.content.decode()
    )
    assert not AdvancedAssessment.objects.exists()


def test_staff_fill_in_the_survey_and_complete_it(
    staff_client, staff_user, advanced_questionnaire, first_level, enterprise
):
    staff_client.post(ADD, {"enterprise": enterprise.vat_number, "assessed_on": "2026-03-15"})
    advanced = AdvancedAssessment.objects.get()
    page = staff_client.get(_survey(advanced))
    assert page.status_code == 200
    technologies, dimensions = advanced_answers_for(
        advanced_questionnaire, "not_planned", 1, only_area="production"
    )
    saved = staff_client.post(
        _survey(advanced), _post_data(technologies, {}, notes="In sede", save="1")
    )
    assert saved.status_code == 302
    advanced.refresh_from_db()
    assert (advanced.findings, advanced.is_completed) == ("In sede", False)
    done = staff_client.post(
        _survey(advanced), _post_data(technologies, dimensions, notes="In sede", complete="1")
    )
    assert done.status_code == 302
    assert done["Location"] == _change(advanced)
    advanced.refresh_from_db()
    assert advanced.is_completed
    change = staff_client.get(_change(advanced)).content.decode()
    assert "B.5.4" in change  # production's catalogue services
    assert reverse("audits:call") in change or "audit" in change
    # Completed: the survey page sends back to the result.
    assert staff_client.get(_survey(advanced))["Location"] == _change(advanced)


def test_it_keeps_the_survey_and_change_pages_queries_constant(
    staff_client,
    staff_user,
    advanced_questionnaire,
    first_level,
    enterprise,
    applicant,
    questionnaire,
    django_assert_max_num_queries,
):
    from audits.selfassessment.services import advanced_answers_save, advanced_assessment_start

    advanced = advanced_assessment_start(enterprise=enterprise, assessor=staff_user)
    staff_client.get(_survey(advanced))
    with django_assert_max_num_queries(30) as blank:
        staff_client.get(_survey(advanced))
    technologies, dimensions = advanced_answers_for(advanced_questionnaire, "in_use", 3)
    advanced_answers_save(assessment=advanced, technologies=technologies, dimensions=dimensions)
    with django_assert_max_num_queries(len(blank.captured_queries)):
        staff_client.get(_survey(advanced))

    # The change page: a result with one weak area, then one where every area is weak.
    other = MembershipFactory(user=applicant).enterprise
    completed_first_level(questionnaire, other, applicant)
    strong = completed_advanced(
        advanced_questionnaire, other, staff_user, status="not_planned", only_area="hr"
    )
    assert strong.recommended_services.count() == 2
    staff_client.get(_change(strong))
    with django_assert_max_num_queries(40) as few:
        staff_client.get(_change(strong))
    third = MembershipFactory(user=applicant).enterprise
    completed_first_level(questionnaire, third, applicant)
    weak = completed_advanced(advanced_questionnaire, third, staff_user, status="not_planned")
    assert weak.recommended_services.count() > 10
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(_change(weak))


def test_it_keeps_the_survey_from_applicants(
    client, applicant, staff_user, advanced_questionnaire, first_level, enterprise
):
    from audits.selfassessment.services import advanced_assessment_start

    advanced = advanced_assessment_start(enterprise=enterprise, assessor=staff_user)
    client.login(email=applicant.email, password=PASSWORD)
    response = client.get(_survey(advanced))
    assert response.status_code == 302
    assert "login" in response["Location"]
