import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audits.selfassessment.models import (
    Answer,
    Area,
    AreaAdvice,
    AreaResult,
    Assessment,
    Option,
    Question,
    Questionnaire,
)
from audits.selfassessment.selectors import (
    assessment_result,
    latest_completed_assessment,
)
from audits.selfassessment.services import (
    assessment_answers_save,
    assessment_complete,
    assessment_start,
    assessment_unanswered_question_ids,
    selfassessment_fixtures_load,
)

from .helpers import answers_for

pytestmark = pytest.mark.django_db


def test_it_loads_the_questionnaire_idempotently():
    first = selfassessment_fixtures_load()
    counts = [
        Model.objects.count() for Model in (Questionnaire, Area, Question, Option, AreaAdvice)
    ]
    assert selfassessment_fixtures_load() == first
    assert [
        Model.objects.count() for Model in (Questionnaire, Area, Question, Option, AreaAdvice)
    ] == counts
    assert counts[1] == 10
    assert 20 <= counts[2] <= 30
    assert counts[3] == counts[2] * 5
    assert counts[4] == 10 * 5
    assert set(Option.objects.values_list("score", flat=True)) == {0, 1, 2, 3, 4}
    assert not Question.objects.filter(text_en="").exists()
    assert not Option.objects.filter(text_it="").exists()


def test_it_makes_a_new_version_the_only_one_in_use(questionnaire):
    Questionnaire.objects.filter(pk=questionnaire.pk).update(version="old")
    selfassessment_fixtures_load()
    assert Questionnaire.objects.filter(is_active=True).count() == 1
    assert not Questionnaire.objects.get(version="old").is_active


def test_it_saves_half_way_and_resumes_the_same_assessment(questionnaire, enterprise, applicant):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    half = answers_for(questionnaire, 2, half=True)
    assert assessment_answers_save(assessment=assessment, answers=half) == len(half)

    resumed = assessment_start(enterprise=enterprise, user=applicant)
    assert resumed.pk == assessment.pk
    assert resumed.completed_at is None
    assert Answer.objects.filter(assessment=resumed).count() == len(half)
    assert len(assessment_unanswered_question_ids(assessment=resumed)) == (
        Question.objects.count() - len(half)
    )


def test_it_replaces_an_answer_given_again(questionnaire, enterprise, applicant):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    low = answers_for(questionnaire, 0, half=True)
    assessment_answers_save(assessment=assessment, answers=low)
    assessment_answers_save(assessment=assessment, answers=answers_for(questionnaire, 3, half=True))
    assert set(assessment.answers.values_list("option__score", flat=True)) == {3}
    assert assessment.answers.count() == len(low)


def test_it_refuses_an_option_of_another_question(questionnaire, enterprise, applicant):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    first, second = Question.objects.order_by("pk")[:2]
    with pytest.raises(ValidationError):
        assessment_answers_save(
            assessment=assessment, answers={first.pk: second.options.first().pk}
        )
    assert not assessment.answers.exists()


def test_it_refuses_to_complete_with_questions_unanswered(questionnaire, enterprise, applicant):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    assessment_answers_save(assessment=assessment, answers=answers_for(questionnaire, 2, half=True))
    with pytest.raises(ValidationError):
        assessment_complete(assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.completed_at is None


def test_it_completes_with_scores_levels_and_advice(questionnaire, enterprise, applicant):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    answers = answers_for(questionnaire, 3)
    # The purchasing area answers 0: the weakest area, Esordiente.
    purchasing = Area.objects.get(questionnaire=questionnaire, code="purchasing")
    for question in purchasing.questions.all():
        answers[question.pk] = question.options.get(score=0).pk
    assessment_answers_save(assessment=assessment, answers=answers)

    done = assessment_complete(assessment=assessment)

    done.refresh_from_db()
    assert done.completed_at is not None
    # Nine areas at 75.0 and one at 0.0: (9 * 75) / 10 = 67.5, Esperto.
    assert done.overall_score == Decimal("67.5")
    assert done.level == "esperto"
    results = {r.area.code: r for r in AreaResult.objects.filter(assessment=done)}
    assert len(results) == 10
    assert results["purchasing"].score == Decimal("0.0")
    assert results["purchasing"].level == "esordiente"
    assert results["production"].score == Decimal("75.0")
    outcome = assessment_result(done)
    assert [item.area.code for item in outcome.advice] == ["purchasing", "logistics", "production"]
    assert (
        outcome.advice[0].text == AreaAdvice.objects.get(area=purchasing, level="esordiente").text
    )


def test_it_completes_only_once(questionnaire, enterprise, applicant):
    assessment = assessment_start(enterprise=enterprise, user=applicant)
    assessment_answers_save(assessment=assessment, answers=answers_for(questionnaire, 1))
    stale = Assessment.objects.get(pk=assessment.pk)
    assessment_complete(assessment=assessment)
    with pytest.raises(ValidationError):
        assessment_complete(assessment=stale)
    with pytest.raises(ValidationError):
        assessment_answers_save(assessment=assessment, answers=answers_for(questionnaire, 4))
    assert AreaResult.objects.filter(assessment=assessment).count() == 10


def test_it_redoes_in_a_new_assessment_and_keeps_the_past_one(
    questionnaire, enterprise, applicant, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
    first = assessment_start(enterprise=enterprise, user=applicant)
    assessment_answers_save(assessment=first, answers=answers_for(questionnaire, 0))
    assessment_complete(assessment=first)
    assert latest_completed_assessment(enterprise) == first

    time_machine.move_to(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC))
    second = assessment_start(enterprise=enterprise, user=applicant)
    assert second.pk != first.pk
    # The redo starts empty; the first keeps its answers and its result.
    assert not second.answers.exists()
    assert latest_completed_assessment(enterprise) == first
    assessment_answers_save(assessment=second, answers=answers_for(questionnaire, 4))
    assessment_complete(assessment=second)

    first.refresh_from_db()
    assert (first.level, first.overall_score) == ("esordiente", Decimal("0.0"))
    assert first.answers.count() == Question.objects.count()
    assert latest_completed_assessment(enterprise) == second
    assert second.level == "campione"


def test_it_has_no_latest_result_for_an_enterprise_that_only_started(
    questionnaire, enterprise, applicant
):
    assessment_start(enterprise=enterprise, user=applicant)
    assert latest_completed_assessment(enterprise) is None


def test_it_refuses_to_start_without_a_questionnaire(enterprise, applicant):
    from audits.selfassessment.models import Questionnaire

    Questionnaire.objects.all().delete()  # the roles fixture loads the real one
    with pytest.raises(ValidationError):
        assessment_start(enterprise=enterprise, user=applicant)
