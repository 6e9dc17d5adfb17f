"""The enterprise reads its advanced assessments' results on its self-assessment history
page; nobody else does."""

import pytest
from django.urls import reverse

from audits.selfassessment.services import advanced_assessment_start
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory

from .helpers import completed_advanced

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, applicant, enterprise):
    client.login(email=applicant.email, password=PASSWORD)
    return client


def _history(enterprise) -> str:
    return reverse("audits:selfassessment_history", args=[enterprise.pk])


def test_the_enterprise_sees_its_advanced_result_and_recommendation(
    member_client, staff_user, advanced_questionnaire, first_level, enterprise
):
    completed_advanced(advanced_questionnaire, enterprise, staff_user, status="not_planned")
    page = member_client.get(_history(enterprise)).content.decode()
    assert "advanced-overall" in page
    assert "B.5.4" in page  # a weak area's catalogue service
    assert 'class="advanced-audit"' in page  # no audit yet: the call is the next step
    assert reverse("audits:call") in page


def test_it_hides_the_one_in_progress(
    member_client, staff_user, advanced_questionnaire, first_level, enterprise
):
    advanced_assessment_start(enterprise=enterprise, assessor=staff_user)
    page = member_client.get(_history(enterprise)).content.decode()
    assert "advanced-assessment" not in page


def test_another_sme_gets_a_404(
    client, staff_user, advanced_questionnaire, first_level, enterprise
):
    completed_advanced(advanced_questionnaire, enterprise, staff_user)
    outsider = MembershipFactory().user
    client.force_login(outsider)
    assert client.get(_history(enterprise)).status_code == 404


def test_it_keeps_the_history_queries_constant_with_advanced_assessments(
    member_client,
    staff_user,
    advanced_questionnaire,
    first_level,
    enterprise,
    django_assert_max_num_queries,
):
    completed_advanced(advanced_questionnaire, enterprise, staff_user, status="not_planned")
    url = _history(enterprise)
    member_client.get(url)
    with django_assert_max_num_queries(16) as one:
        member_client.get(url)
    for status in ("planned", "not_planned", "planned"):
        completed_advanced(advanced_questionnaire, enterprise, staff_user, status=status)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = member_client.get(url).content.decode()
    assert page.count('class="card shadow-sm mb-3 advanced-assessment"') == 4
