"""Writes of the self-assessment: loading the questionnaires, starting (or resuming) an
assessment, saving answers half-way, and completing it with its scores; the same for the
advanced assessment staff run with the enterprise, whose completion also stores its
recommendation."""

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.selfassessment import rules, selectors
from audits.selfassessment.models import (
    AdvancedArea,
    AdvancedAreaResult,
    AdvancedAssessment,
    AdvancedDimensionResult,
    AdvancedQuestionnaire,
    Answer,
    Area,
    AreaAdvice,
    AreaResult,
    Assessment,
    DimensionAnswer,
    DimensionQuestion,
    Option,
    Question,
    Questionnaire,
    StrategyDimension,
    Technology,
    TechnologyAnswer,
)
from catalogue.editions.models import Edition, Service
from catalogue.editions.selectors import edition_in_force
from trinno_portal.accounts.models import Enterprise, User

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "selfassessment.json"
ADVANCED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "advanced_assessment.json"


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


# --- The advanced assessment -------------------------------------------------------


@transaction.atomic
def advanced_fixtures_load(*, path: Path = ADVANCED_FIXTURE) -> str:
    """Load (or refresh) the survey of fixtures/advanced_assessment.json and make it the
    one in use. Idempotent: rows are matched by version and codes."""
    data = json.loads(path.read_text(encoding="utf-8"))
    AdvancedQuestionnaire.objects.exclude(version=data["version"]).filter(is_active=True).update(
        is_active=False
    )
    questionnaire, _created = AdvancedQuestionnaire.objects.update_or_create(
        version=data["version"],
        defaults={
            "title_it": data["title"]["it"],
            "title_en": data["title"]["en"],
            "illustrative": bool(data.get("illustrative")),
            "source": data.get("source", ""),
            "is_active": True,
        },
    )
    technologies = {}
    for position, item in enumerate(data["technologies"], start=1):
        technologies[item["code"]], _created = Technology.objects.update_or_create(
            questionnaire=questionnaire,
            code=item["code"],
            defaults={
                "name_it": item["name"]["it"],
                "name_en": item["name"]["en"],
                "position": position,
            },
        )
    for position, item in enumerate(data["areas"], start=1):
        area, _created = AdvancedArea.objects.update_or_create(
            questionnaire=questionnaire,
            code=item["code"],
            defaults={
                "name_it": item["name"]["it"],
                "name_en": item["name"]["en"],
                "position": position,
                "catalogue_codes": list(item["catalogue_codes"]),
            },
        )
        area.technologies.set([technologies[code] for code in item["technologies"]])
    questions = 0
    for position, item in enumerate(data["dimensions"], start=1):
        dimension, _created = StrategyDimension.objects.update_or_create(
            questionnaire=questionnaire,
            code=item["code"],
            defaults={
                "name_it": item["name"]["it"],
                "name_en": item["name"]["en"],
                "position": position,
            },
        )
        for question_position, question in enumerate(item["questions"], start=1):
            DimensionQuestion.objects.update_or_create(
                dimension=dimension,
                code=question["code"],
                defaults={
                    "text_it": question["text"]["it"],
                    "text_en": question["text"]["en"],
                    "position": question_position,
                },
            )
            questions += 1
    return (
        f"advanced questionnaire {questionnaire.version}: {len(data['areas'])} areas, "
        f"{len(technologies)} technologies, {len(data['dimensions'])} dimensions, "
        f"{questions} questions"
    )


def advanced_assessment_start(
    *, enterprise: Enterprise, assessor: User, assessed_on: dt.date | None = None
) -> AdvancedAssessment:
    """The enterprise's advanced assessment in progress, or a new one on the survey in
    use, tied to its latest completed first-level self-assessment: the advanced step
    follows the first (seed, Activity 3), and its result is read beside it."""
    in_progress = AdvancedAssessment.objects.filter(
        enterprise=enterprise, completed_at__isnull=True
    )
    existing = in_progress.first()
    if existing is not None:
        return existing
    questionnaire = AdvancedQuestionnaire.objects.filter(is_active=True).first()
    if questionnaire is None:
        raise ValidationError(_("The advanced assessment questionnaire is not available yet."))
    first_level = selectors.latest_completed_assessment(enterprise)
    if first_level is None:
        raise ValidationError(
            _(
                "The enterprise has not completed the first-level self-assessment yet: "
                "the advanced assessment follows it."
            )
        )
    try:
        with transaction.atomic():
            return AdvancedAssessment.objects.create(
                enterprise=enterprise,
                assessor=assessor,
                assessed_on=assessed_on or timezone.localdate(),
                questionnaire=questionnaire,
                first_level=first_level,
            )
    except IntegrityError:
        return in_progress.get()


def _editable(assessment: AdvancedAssessment) -> None:
    if assessment.is_completed or not assessment.is_survey:
        raise ValidationError(_("This advanced assessment is completed and can no longer change."))


@transaction.atomic
def advanced_answers_save(
    *,
    assessment: AdvancedAssessment,
    technologies: Mapping[tuple[int, int], str],
    dimensions: Mapping[int, int],
    notes: str | None = None,
) -> int:
    """Record {(area id, technology id): status} and {question id: score 0-4}, replacing
    earlier answers; what is left out keeps its answer. Returns the number saved."""
    _editable(assessment)
    pairs = set(
        AdvancedArea.technologies.through.objects.filter(
            advancedarea__questionnaire_id=assessment.questionnaire_id
        ).values_list("advancedarea_id", "technology_id")
    )
    if not set(technologies) <= pairs:
        raise ValidationError(_("A technology is not asked about in that area."))
    if any(status not in rules.TECHNOLOGY_POINTS for status in technologies.values()):
        raise ValidationError(_("Unknown technology status."))
    questions = set(
        DimensionQuestion.objects.filter(
            dimension__questionnaire_id=assessment.questionnaire_id, pk__in=list(dimensions)
        ).values_list("pk", flat=True)
    )
    if set(dimensions) - questions:
        raise ValidationError(_("A question does not belong to this questionnaire."))
    if any(not 0 <= score <= rules.MAX_OPTION_SCORE for score in dimensions.values()):
        raise ValidationError(_("A score is outside 0 to 4."))
    TechnologyAnswer.objects.bulk_create(
        [
            TechnologyAnswer(
                assessment=assessment, area_id=area_id, technology_id=tech_id, status=status
            )
            for (area_id, tech_id), status in technologies.items()
        ],
        update_conflicts=True,
        unique_fields=["assessment", "area", "technology"],
        update_fields=["status"],
    )
    DimensionAnswer.objects.bulk_create(
        [
            DimensionAnswer(assessment=assessment, question_id=question_id, score=score)
            for question_id, score in dimensions.items()
        ],
        update_conflicts=True,
        unique_fields=["assessment", "question"],
        update_fields=["score"],
    )
    if notes is not None:
        AdvancedAssessment.objects.filter(pk=assessment.pk).update(findings=notes)
        assessment.findings = notes
    return len(technologies) + len(dimensions)


def advanced_missing_count(*, assessment: AdvancedAssessment) -> int:
    """How many technologies and statements are still unanswered."""
    asked = (
        AdvancedArea.technologies.through.objects.filter(
            advancedarea__questionnaire_id=assessment.questionnaire_id
        ).count()
        + DimensionQuestion.objects.filter(
            dimension__questionnaire_id=assessment.questionnaire_id
        ).count()
    )
    return asked - assessment.technology_answers.count() - assessment.dimension_answers.count()


def _recommended_services(area_codes: list[list[str]]) -> list[Service]:
    """The services of the edition in force with these codes, in the areas' order."""
    codes = list(dict.fromkeys(code for codes in area_codes for code in codes))
    try:
        edition = edition_in_force()
    except Edition.DoesNotExist:
        return []
    by_code = {s.code: s for s in Service.objects.filter(edition=edition, code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


@transaction.atomic
def advanced_assessment_complete(*, assessment: AdvancedAssessment) -> AdvancedAssessment:
    """Compute and store the scores, the levels and the recommendation. Every technology
    and statement must be answered, for the same reason as the first level's."""
    _editable(assessment)
    if advanced_missing_count(assessment=assessment):
        raise ValidationError(_("Answer every technology and every statement to see the result."))
    areas = list(AdvancedArea.objects.filter(questionnaire_id=assessment.questionnaire_id))
    dimensions = list(
        StrategyDimension.objects.filter(questionnaire_id=assessment.questionnaire_id)
    )
    statuses: dict[int, list[str]] = {area.pk: [] for area in areas}
    for area_id, status in assessment.technology_answers.values_list("area_id", "status"):
        statuses[area_id].append(status)
    scores: dict[int, list[int]] = {dimension.pk: [] for dimension in dimensions}
    for dimension_id, score in assessment.dimension_answers.values_list(
        "question__dimension_id", "score"
    ):
        scores[dimension_id].append(score)
    per_area, per_dimension, overall = rules.advanced_scores(statuses, scores)
    if overall is None:
        raise ValidationError(_("Answer every technology and every statement to see the result."))
    below = rules.areas_to_strengthen(list(per_area.items()))
    by_pk = {area.pk: area for area in areas}
    services = _recommended_services([by_pk[pk].catalogue_codes for pk in below])
    audit = rules.audit_recommended(below, audit_taken=selectors.audit_taken(assessment.enterprise))
    now = timezone.now()
    level = rules.maturity_level(overall)
    # Guarded update: two officers pressing "complete" at once complete it only once.
    updated = AdvancedAssessment.objects.filter(pk=assessment.pk, completed_at__isnull=True).update(
        completed_at=now, overall_score=overall, level=level, audit_recommended=audit
    )
    if not updated:
        raise ValidationError(_("This advanced assessment is completed and can no longer change."))
    AdvancedAreaResult.objects.bulk_create(
        AdvancedAreaResult(
            assessment=assessment, area_id=pk, score=score, level=rules.maturity_level(score)
        )
        for pk, score in per_area.items()
        if score is not None
    )
    AdvancedDimensionResult.objects.bulk_create(
        AdvancedDimensionResult(
            assessment=assessment, dimension_id=pk, score=score, level=rules.maturity_level(score)
        )
        for pk, score in per_dimension.items()
        if score is not None
    )
    assessment.recommended_services.set(services)
    assessment.completed_at, assessment.overall_score = now, overall
    assessment.level, assessment.audit_recommended = level, audit
    return assessment


def advanced_notes_update(*, assessment: AdvancedAssessment, notes: str) -> None:
    """The staff's notes may be corrected after completion: they are not the result."""
    AdvancedAssessment.objects.filter(pk=assessment.pk).update(findings=notes)
    assessment.findings = notes
