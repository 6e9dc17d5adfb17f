import datetime as dt

import pytest
from django.urls import reverse

from audits.selfassessment.models import AdvancedAssessment
from audits.selfassessment.services import (
    assessment_answers_save,
    assessment_complete,
    assessment_start,
)
from tests.conftest import PASSWORD

from .helpers import answers_for

pytestmark = pytest.mark.django_db


def test_it_lets_staff_record_an_advanced_assessment(client, staff_user, enterprise):
    client.login(email=staff_user.email, password=PASSWORD)
    url = reverse("admin:audits_advancedassessment_add")
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "enterprise": enterprise.pk,
            "assessor": staff_user.pk,
            "assessed_on": "2026-03-15",
            "level": "apprendista",
            "findings": "Produzione pianificata a mano; nessuna macchina connessa.",
            "recommended_services": "A.1 audit tecnologico",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    advanced = AdvancedAssessment.objects.get()
    assert (advanced.enterprise, advanced.assessor) == (enterprise, staff_user)
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
