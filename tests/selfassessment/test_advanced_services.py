"""The advanced assessment's writes: loading the survey, starting it after the first
level, saving answers, completing it with its result and recommendation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audits.selfassessment.models import (
    AdvancedArea,
    AdvancedAssessment,
    AdvancedQuestionnaire,
    Technology,
    TechnologyAnswer,
)
from audits.selfassessment.services import (
    advanced_answers_save,
    advanced_assessment_complete,
    advanced_assessment_start,
    advanced_fixtures_load,
    advanced_missing_count,
)
from monitoring.models import Measure, Scope
from monitoring.selectors import enterprise_measures
from tests.factories import ApplicationFactory, EnterpriseFactory
from trinno_portal.funding.models import Scheme

from .helpers import advanced_answers_for

pytestmark = pytest.mark.django_db


def _start(enterprise, staff_user):
    return advanced_assessment_start(
        enterprise=enterprise, assessor=staff_user, assessed_on=dt.date(2026, 3, 10)
    )


def test_it_loads_the_survey_once_whatever_the_number_of_loads(advanced_questionnaire):
    before = (AdvancedArea.objects.count(), Technology.objects.count())
    advanced_fixtures_load()
    assert (AdvancedArea.objects.count(), Technology.objects.count()) == before
    assert AdvancedQuestionnaire.objects.filter(is_active=True).count() == 1
    production = AdvancedArea.objects.get(questionnaire=advanced_questionnaire, code="production")
    assert "robotics" in set(production.technologies.values_list("code", flat=True))
    # The areas are the first level's (DESIGN.md section 3), by code.
    assert advanced_questionnaire.areas.count() == 10


def test_it_starts_only_after_a_completed_first_level(
    advanced_questionnaire, questionnaire, enterprise, staff_user
):
    with pytest.raises(ValidationError):
        _start(enterprise, staff_user)
    assert not AdvancedAssessment.objects.exists()


def test_it_ties_the_assessment_to_the_latest_first_level_and_resumes_it(
    advanced_questionnaire, first_level, enterprise, staff_user
):
    assessment = _start(enterprise, staff_user)
    assert assessment.first_level == first_level
    assert assessment.questionnaire == advanced_questionnaire
    assert _start(enterprise, staff_user) == assessment


def test_it_refuses_a_technology_not_asked_about_in_the_area(
    advanced_questionnaire, first_level, enterprise, staff_user
):
    assessment = _start(enterprise, staff_user)
    hr = AdvancedArea.objects.get(questionnaire=advanced_questionnaire, code="hr")
    additive = Technology.objects.get(questionnaire=advanced_questionnaire, code="additive")
    with pytest.raises(ValidationError):
        advanced_answers_save(
            assessment=assessment, technologies={(hr.pk, additive.pk): "in_use"}, dimensions={}
        )
    with pytest.raises(ValidationError):
        technologies, dimensions = advanced_answers_for(advanced_questionnaire, "in_use", 5)
        advanced_answers_save(assessment=assessment, technologies={}, dimensions=dimensions)


def test_it_saves_half_way_and_completes_only_when_all_is_answered(
    advanced_questionnaire, first_level, enterprise, staff_user
):
    assessment = _start(enterprise, staff_user)
    technologies, dimensions = advanced_answers_for(advanced_questionnaire, "planned", 2)
    advanced_answers_save(
        assessment=assessment, technologies=technologies, dimensions={}, notes="Visita in sede"
    )
    assert advanced_missing_count(assessment=assessment) == len(dimensions)
    with pytest.raises(ValidationError):
        advanced_assessment_complete(assessment=assessment)
    # Saving again replaces, it does not add.
    advanced_answers_save(assessment=assessment, technologies=technologies, dimensions=dimensions)
    assert TechnologyAnswer.objects.filter(assessment=assessment).count() == len(technologies)
    done = advanced_assessment_complete(assessment=assessment)
    assert done.overall_score == Decimal("50.0")  # planned everywhere: 50; statements 2/4: 50
    assert done.level == "specialista"
    assert done.findings == "Visita in sede"
    with pytest.raises(ValidationError):
        advanced_assessment_complete(assessment=assessment)
    with pytest.raises(ValidationError):
        advanced_answers_save(assessment=assessment, technologies=technologies, dimensions={})


def test_it_recommends_the_weak_areas_services_and_the_audit_call(
    advanced_questionnaire, first_level, enterprise, staff_user
):
    assessment = _start(enterprise, staff_user)
    # Production not planned at all (0), every other area in use (100).
    technologies, dimensions = advanced_answers_for(
        advanced_questionnaire, "not_planned", 4, only_area="production"
    )
    advanced_answers_save(assessment=assessment, technologies=technologies, dimensions=dimensions)
    done = advanced_assessment_complete(assessment=assessment)
    results = {r.area.code: r.score for r in done.area_results.select_related("area")}
    assert results["production"] == Decimal("0.0")
    assert results["quality"] == Decimal("100.0")
    # fixtures/advanced_assessment.json: production leads to B.2.1, B.5.4, B.5.5, B.1.6,
    # read in the catalogue edition in force (fixtures/catalogue.json, edition 1).
    services = done.recommended_services.all()
    assert sorted(s.code for s in services) == ["B.1.6", "B.2.1", "B.5.4", "B.5.5"]
    assert {s.edition.number for s in services} == {1}
    assert done.audit_recommended is True


def test_it_leaves_the_audit_out_once_one_was_granted(
    advanced_questionnaire, first_level, enterprise, staff_user
):
    ApplicationFactory(
        call__scheme=Scheme.AUDIT, scheme=Scheme.AUDIT, enterprise=enterprise, status="in_progress"
    )
    assessment = _start(enterprise, staff_user)
    technologies, dimensions = advanced_answers_for(advanced_questionnaire, "not_planned", 0)
    advanced_answers_save(assessment=assessment, technologies=technologies, dimensions=dimensions)
    done = advanced_assessment_complete(assessment=assessment)
    assert done.overall_score == Decimal("0.0")
    assert done.audit_recommended is False
    assert done.recommended_services.exists()


def test_it_recommends_nothing_when_every_area_is_strong(
    advanced_questionnaire, first_level, enterprise, staff_user
):
    assessment = _start(enterprise, staff_user)
    technologies, dimensions = advanced_answers_for(advanced_questionnaire, "in_use", 4)
    advanced_answers_save(assessment=assessment, technologies=technologies, dimensions=dimensions)
    done = advanced_assessment_complete(assessment=assessment)
    assert (done.overall_score, done.level) == (Decimal("100.0"), "campione")
    assert not done.recommended_services.exists()
    assert done.audit_recommended is False


def test_indicator_1_still_counts_an_assessment_in_progress_by_its_date(
    advanced_questionnaire, first_level, enterprise, staff_user
):
    # The support is the meeting with the enterprise (assessed_on), finished or not;
    # the first-level assessment was completed today, outside March.
    _start(enterprise, staff_user)
    EnterpriseFactory()
    values = enterprise_measures(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert values[(Measure.ENTERPRISES_SUPPORTED, Scope.TUSCANY)] == Decimal(1)
