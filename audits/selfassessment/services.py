"""Writes of the first-level self-assessment: loading the questionnaire, starting (or
resuming) an assessment, saving answers half-way, and completing it with its scores."""

import json
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.selfassessment import rules
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
from trinno_portal.accounts.models import Enterprise, User

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "selfassessment.json"


@transaction.atomic
def selfassessment_fixtures_load(*, path: Path = FIXTURE) -> str:
    """Load (or refresh) the questionnaire of fixtures/selfassessment.json and make it the
    one in use. Idempotent: rows are matched by version, area code, question code and
    option score, so loading twice changes nothing and answers keep their options."""
    data = json.loads(path.read_text(encoding="utf-8"))
    # Deactivate the others first: at most one questionnaire is in use (a constraint).
    Questionnaire.objects.exclude(version=data["version"]).filter(is_active=True).update(
        is_active=False
    )
    questionnaire, _created = Questionnaire.objects.update_or_create(
        version=data["version"],
        defaults={
            "title_it": data["title"]["it"],
            "title_en": data["title"]["en"],
            "is_active": True,
        },
    )
    questions = 0
    for area_position, area_data in enumerate(data["areas"], start=1):
        area, _created = Area.objects.update_or_create(
            questionnaire=questionnaire,
            code=area_data["code"],
            defaults={
                "name_it": area_data["name"]["it"],
                "name_en": area_data["name"]["en"],
                "position": area_position,
            },
        )
        for position, question_data in enumerate(area_data["questions"], start=1):
            question, _created = Question.objects.update_or_create(
                area=area,
                code=question_data["code"],
                defaults={
                    "text_it": question_data["text"]["it"],
                    "text_en": question_data["text"]["en"],
                    "position": position,
                },
            )
            questions += 1
            for option_data in question_data["options"]:
                Option.objects.update_or_create(
                    question=question,
                    score=option_data["score"],
                    defaults={
                        "text_it": option_data["text"]["it"],
                        "text_en": option_data["text"]["en"],
                    },
                )
        for level, texts in area_data["advice"].items():
            AreaAdvice.objects.update_or_create(
                area=area, level=level, defaults={"text_it": texts["it"], "text_en": texts["en"]}
            )
    return (
        f"questionnaire {questionnaire.version}: {len(data['areas'])} areas, {questions} questions"
    )


def assessment_start(*, enterprise: Enterprise, user: User) -> Assessment:
    """The enterprise's assessment in progress, or a new one on the questionnaire in use.

    Starting while one is in progress resumes it, so that "redo" after a completed
    assessment opens a new one and past results stay as they were."""
    in_progress = Assessment.objects.filter(enterprise=enterprise, completed_at__isnull=True)
    existing = in_progress.first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.filter(is_active=True).first()
    if questionnaire is None:
        raise ValidationError(_("The self-assessment questionnaire is not available yet."))
    try:
        # The savepoint lets a concurrent start that won the race be read back.
        with transaction.atomic():
            return Assessment.objects.create(
                enterprise=enterprise,
                questionnaire=questionnaire,
                started_by=user,
                started_at=timezone.now(),
            )
    except IntegrityError:
        return in_progress.get()


@transaction.atomic
def assessment_answers_save(*, assessment: Assessment, answers: Mapping[int, int]) -> int:
    """Record answers {question id: option id}, replacing earlier ones. Questions left out
    keep their answer. Returns the number of answers saved."""
    if assessment.is_completed:
        raise ValidationError(_("This self-assessment is completed and can no longer change."))
    if not answers:
        return 0
    options = {
        option.pk: option
        for option in Option.objects.filter(
            pk__in=answers.values(),
            question__area__questionnaire_id=assessment.questionnaire_id,
        )
    }
    for question_id, option_id in answers.items():
        option = options.get(option_id)
        if option is None or option.question_id != question_id:
            raise ValidationError(_("An answer does not belong to its question."))
    Answer.objects.bulk_create(
        [
            Answer(assessment=assessment, question_id=question_id, option_id=option_id)
            for question_id, option_id in answers.items()
        ],
        update_conflicts=True,
        unique_fields=["assessment", "question"],
        update_fields=["option", "answered_at"],
    )
    return len(answers)


def _answer_scores_by_area(assessment: Assessment) -> dict[Area, list[int]]:
    """Every area of the questionnaire, in order, with the scores of its answers."""
    by_area: dict[Area, list[int]] = {
        area: [] for area in Area.objects.filter(questionnaire_id=assessment.questionnaire_id)
    }
    areas = {area.pk: area for area in by_area}
    for area_id, score in assessment.answers.values_list(
        "question__area_id", "option__score"
    ).order_by("question__area__position", "question__position"):
        by_area[areas[area_id]].append(score)
    return by_area


def assessment_unanswered_question_ids(*, assessment: Assessment) -> set[int]:
    answered = assessment.answers.values("question_id")
    return set(
        Question.objects.filter(area__questionnaire_id=assessment.questionnaire_id)
        .exclude(pk__in=answered)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def assessment_complete(*, assessment: Assessment) -> Assessment:
    """Compute and store the scores and levels. Every question must be answered: a
    maturity level over part of the questionnaire would flatter or wrong the firm."""
    if assessment_unanswered_question_ids(assessment=assessment):
        raise ValidationError(_("Answer every question to see your result."))
    by_area = _answer_scores_by_area(assessment)
    per_area, overall = rules.assessment_scores(
        {area.pk: scores for area, scores in by_area.items()}
    )
    if overall is None:
        raise ValidationError(_("Answer every question to see your result."))
    now = timezone.now()
    level = rules.maturity_level(overall)
    # Guarded update: two members pressing "finish" at once complete it only once.
    updated = Assessment.objects.filter(pk=assessment.pk, completed_at__isnull=True).update(
        completed_at=now, overall_score=overall, level=level
    )
    if not updated:
        raise ValidationError(_("This self-assessment is completed and can no longer change."))
    AreaResult.objects.bulk_create(
        [
            AreaResult(
                assessment=assessment,
                area_id=area_id,
                score=score,
                level=rules.maturity_level(score),
            )
            for area_id, score in per_area.items()
            if score is not None
        ]
    )
    assessment.completed_at, assessment.overall_score, assessment.level = now, overall, level
    return assessment
