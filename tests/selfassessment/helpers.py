"""Answering helpers for the self-assessment tests."""

from audits.selfassessment.models import Option, Question


def answers_for(questionnaire, score: int, *, half: bool = False) -> dict[int, int]:
    """{question id: option id} choosing the option of `score` for every question (or the
    first half of them)."""
    questions = list(
        Question.objects.filter(area__questionnaire=questionnaire).order_by(
            "area__position", "position"
        )
    )
    if half:
        questions = questions[: len(questions) // 2]
    options = dict(
        Option.objects.filter(question__in=questions, score=score).values_list("question_id", "pk")
    )
    return {q.pk: options[q.pk] for q in questions}


def advanced_answers_for(questionnaire, status: str, score: int, *, only_area: str = ""):
    """({(area id, technology id): status}, {question id: score}) for every technology of
    every area (or, with only_area, `status` there and "in_use" elsewhere) and every
    statement of the advanced questionnaire."""
    from audits.selfassessment.models import AdvancedArea, DimensionQuestion

    technologies = {}
    for area in AdvancedArea.objects.filter(questionnaire=questionnaire).prefetch_related(
        "technologies"
    ):
        chosen = status if not only_area or area.code == only_area else "in_use"
        for technology in area.technologies.all():
            technologies[(area.pk, technology.pk)] = chosen
    dimensions = dict.fromkeys(
        DimensionQuestion.objects.filter(dimension__questionnaire=questionnaire).values_list(
            "pk", flat=True
        ),
        score,
    )
    return technologies, dimensions


def completed_first_level(questionnaire, enterprise, user, score: int = 2):
    from audits.selfassessment.services import (
        assessment_answers_save,
        assessment_complete,
        assessment_start,
    )

    assessment = assessment_start(enterprise=enterprise, user=user)
    assessment_answers_save(assessment=assessment, answers=answers_for(questionnaire, score))
    return assessment_complete(assessment=assessment)


def completed_advanced(
    advanced_questionnaire, enterprise, staff, *, status="planned", score=2, only_area=""
):
    """A completed advanced assessment through the services (a first level must exist)."""
    from audits.selfassessment.models import AdvancedAssessment
    from audits.selfassessment.services import (
        advanced_answers_save,
        advanced_assessment_complete,
        advanced_assessment_start,
    )

    assessment = advanced_assessment_start(enterprise=enterprise, assessor=staff)
    technologies, dimensions = advanced_answers_for(
        advanced_questionnaire, status, score, only_area=only_area
    )
    advanced_answers_save(assessment=assessment, technologies=technologies, dimensions=dimensions)
    advanced_assessment_complete(assessment=assessment)
    return AdvancedAssessment.objects.get(pk=assessment.pk)
