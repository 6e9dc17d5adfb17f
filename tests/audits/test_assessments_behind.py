"""The audit application shows the assessments behind it (first level and advanced, with
dates and results): on the applicant's page and on the officer's change page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.call import services as audit_services
from audits.selfassessment.models import AdvancedQuestionnaire, Questionnaire
from tests.conftest import PASSWORD
from tests.selfassessment.helpers import completed_advanced, completed_first_level

from .conftest import fill_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveys(roles):
    # load_portal_data (roles) loads both questionnaires and the catalogue.
    return Questionnaire.objects.get(is_active=True), AdvancedQuestionnaire.objects.get(
        is_active=True
    )


def _draft(audit_call, member):
    return audit_services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )


def _detail(application) -> str:
    return reverse("audits:application_detail", args=[application.pk])


def _admin_change(application) -> str:
    return reverse("admin:funding_application_change", args=[application.pk])


def _section(page: str) -> str:
    start = page.index('class="assessments-behind"')
    end = page.index("</table>", page.index("</table>", start) + 1)
    return page[start:end]


def _path(surveys, member, staff_user, *, advanced: bool = True):
    first, second = surveys
    completed_first_level(first, member.enterprise, member.user, score=1)
    if advanced:
        completed_advanced(second, member.enterprise, staff_user, status="not_planned")


def test_the_detail_page_shows_the_assessments_behind_the_application(
    client, surveys, audit_call, member, staff_user, submit
):
    _path(surveys, member, staff_user)
    application = submit(fill_draft(_draft(audit_call, member)), member.user)
    # Completed after the submission: not behind it.
    completed_first_level(surveys[0], member.enterprise, member.user, score=4)
    client.force_login(member.user)
    page = client.get(_detail(application)).content.decode()
    section = _section(page)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert section.count(today) == 2  # one first level, one advanced
    assert "25,0" in section  # the first level: every answer 1 of 4 (Italian decimals)
    assert "100,0" not in section  # the later one is left out
    assert "Apprendista" in section


def _submitted(audit_call, member, submit):
    application = submit(fill_draft(_draft(audit_call, member)), member.user)
    # Submitted a little later: the assessments the test makes now are behind it.
    application.submitted_at = timezone.now() + dt.timedelta(minutes=5)
    application.save(update_fields=["submitted_at"])
    return application


def test_the_detail_page_says_when_there_is_none(client, surveys, audit_call, member, submit):
    application = _submitted(audit_call, member, submit)
    client.force_login(member.user)
    section = _section(client.get(_detail(application)).content.decode())
    assert section.count('colspan="3"') == 1 and section.count('colspan="4"') == 1


def test_the_detail_page_keeps_its_queries_constant(
    client, surveys, audit_call, member, staff_user, submit, django_assert_max_num_queries
):
    application = _submitted(audit_call, member, submit)
    client.force_login(member.user)
    client.get(_detail(application))
    with django_assert_max_num_queries(40) as none:
        client.get(_detail(application))
    for _ in range(2):
        _path(surveys, member, staff_user)
    completed_first_level(surveys[0], member.enterprise, member.user)
    with django_assert_max_num_queries(len(none.captured_queries)):
        page = client.get(_detail(application)).content.decode()
    assert _section(page).count("<tr><td>") == 3 + 2  # BEHIND_LIMIT first level, 2 advanced


def test_the_admin_change_page_shows_them_in_constant_queries(
    client, surveys, audit_call, member, staff_user, submit, django_assert_max_num_queries
):
    application = _submitted(audit_call, member, submit)
    client.login(email=staff_user.email, password=PASSWORD)
    url = _admin_change(application)
    client.get(url)
    with django_assert_max_num_queries(120) as none:
        page = client.get(url).content.decode()
    assert "assessments-behind" in page
    for _ in range(2):
        _path(surveys, member, staff_user)
    with django_assert_max_num_queries(len(none.captured_queries)):
        page = client.get(url).content.decode()
    section = _section(page)
    assert section.count(timezone.localdate().strftime("%d/%m/%Y")) == 4
