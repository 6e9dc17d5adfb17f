import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.selfassessment.models import AdvancedAssessment
from audits.selfassessment.services import (
    assessment_answers_save,
    assessment_complete,
    assessment_start,
)
from tests.conftest import PASSWORD

from .helpers import answers_for

pytestmark = pytest.mark.django_db


def test_it_keeps_the_notes_of_an_assessment_from_before_the_survey_editable(
    client, staff_user, enterprise
):
    # Rows typed before the survey (audits 0006) hold notes and a level only.
    advanced = AdvancedAssessment.objects.create(
        enterprise=enterprise,
        assessor=staff_user,
        assessed_on=dt.date(2026, 3, 15),
        findings="Produzione pianificata a mano; nessuna macchina connessa.",
        level="apprendista",
        completed_at=timezone.now(),
    )
    client.login(email=staff_user.email, password=PASSWORD)
    url = reverse("admin:audits_advancedassessment_change", args=[advanced.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Produzione pianificata a mano" in page.content.decode()
    response = client.post(url, {"findings": "Corrette le note."})
    assert response.status_code == 302, response.context["adminform"].form.errors
    advanced.refresh_from_db()
    assert (advanced.findings, advanced.level) == ("Corrette le note.", "apprendista")
    assert advanced.assessed_on == dt.date(2026, 3, 15)


def test_it_shows_staff_the_assessments_read_only(
    client, staff_user, questionnaire, enterprise, applicant
):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    assessment_answers_save(assessment=assessment, answers=answers_for(questionnaire, 2))
    assessment_complete(assessment=assessment)
    client.login(email=staff_user.email, password=PASSWORD)
    assert client.get(reverse("admin:audits_assessment_changelist")).status_code == 200
    change = client.get(reverse("admin:audits_assessment_change", args=[assessment.pk]))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert client.get(reverse("admin:audits_assessment_add")).status_code == 403
    assert client.get(reverse("admin:audits_question_changelist")).status_code == 200
