"""Reads of the self-assessment. Object-level access lives here: an enterprise and its
assessments are reached only through the user's memberships, 404 otherwise."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from audits.call.rules import GRANT_RUNNING
from audits.selfassessment import rules
from audits.selfassessment.models import (
    AdvancedArea,
    AdvancedAreaResult,
    AdvancedAssessment,
    AdvancedDimensionResult,
    Answer,
    Area,
    AreaAdvice,
    AreaResult,
    Assessment,
    DimensionQuestion,
    Question,
    StrategyDimension,
)
from catalogue.editions.models import Service
from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.funding.models import Application
from trinno_portal.funding.scheme_codes import Scheme


def enterprises_of(user: User) -> QuerySet[Enterprise]:
    if not user.is_authenticated:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(memberships__user=user)


def enterprises_with_selfassessment_status(user: User) -> QuerySet[Enterprise]:
    """The user's enterprises, each annotated with its assessment in progress
    (in_progress_pk) and its latest completed one (latest_pk, latest_level,
    latest_completed_at, latest_score): one query whatever their number."""
    completed = Assessment.objects.filter(
        enterprise=OuterRef("pk"), completed_at__isnull=False
    ).order_by("-completed_at", "-pk")
    in_progress = Assessment.objects.filter(enterprise=OuterRef("pk"), completed_at__isnull=True)
    return (
        enterprises_of(user)
        .annotate(
            in_progress_pk=Subquery(in_progress.values("pk")[:1]),
            latest_pk=Subquery(completed.values("pk")[:1]),
            latest_level=Subquery(completed.values("level")[:1]),
            latest_score=Subquery(completed.values("overall_score")[:1]),
            latest_completed_at=Subquery(completed.values("completed_at")[:1]),
        )
        .order_by("legal_name", "pk")
    )


def enterprise_for_member(user: User, pk: int) -> Enterprise:
    try:
        return enterprises_of(user).get(pk=pk)
    except Enterprise.DoesNotExist as exc:
        raise Http404 from exc


def assessment_for_member(user: User, pk: int) -> Assessment:
    """The assessment if the user is a member of its enterprise, else 404 (never 403)."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Assessment.objects.select_related("enterprise", "questionnaire").get(
            pk=pk, enterprise__memberships__user=user
        )
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


def latest_completed_assessment(enterprise: Enterprise) -> Assessment | None:
    """The enterprise's most recent completed self-assessment (for the audit application)."""
    return (
        Assessment.objects.filter(enterprise=enterprise, completed_at__isnull=False)
        .order_by("-completed_at", "-pk")
        .first()
    )


def assessment_in_progress(enterprise: Enterprise) -> Assessment | None:
    return Assessment.objects.filter(enterprise=enterprise, completed_at__isnull=True).first()


def assessment_history(enterprise: Enterprise) -> QuerySet[Assessment]:
    """Every assessment of the enterprise, newest first (in progress included)."""
    return Assessment.objects.filter(enterprise=enterprise).select_related("started_by")


def questionnaire_areas(assessment: Assessment) -> list[Area]:
    """The areas of the assessment's questionnaire with their questions and options
    prefetched: three queries whatever the size of the questionnaire."""
    return list(
        Area.objects.filter(questionnaire_id=assessment.questionnaire_id).prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "pk").prefetch_related("options"),
            )
        )
    )


def assessment_answers(assessment: Assessment) -> dict[int, int]:
    """{question id: option id} of the answers given so far."""
    return dict(
        Answer.objects.filter(assessment=assessment).values_list("question_id", "option_id")
    )


@dataclass(frozen=True)
class AreaOutcome:
    area: Area
    score: Decimal
    level: str
    level_label: str


@dataclass(frozen=True)
class AdviceItem:
    area: Area
    level_label: str
    text: str


@dataclass(frozen=True)
class AssessmentResult:
    areas: list[AreaOutcome]
    advice: list[AdviceItem]


def assessment_result(assessment: Assessment) -> AssessmentResult:
    """The stored area results in questionnaire order, and the advice for the weakest
    areas at their level (rules_selfassessment.weakest_areas). Two queries."""
    results = list(
        AreaResult.objects.filter(assessment=assessment)
        .select_related("area")
        .order_by("area__position", "area__pk")
    )
    outcomes = [AreaOutcome(r.area, r.score, r.level, r.get_level_display()) for r in results]
    weakest = rules.weakest_areas([(o.area.pk, o.score) for o in outcomes])
    by_area = {o.area.pk: o for o in outcomes}
    wanted = [(by_area[pk].area, by_area[pk].level) for pk in weakest]
    texts = {
        (advice.area_id, advice.level): advice
        for advice in AreaAdvice.objects.filter(area_id__in=weakest)
    }
    advice = [
        AdviceItem(area, by_area[area.pk].level_label, texts[(area.pk, level)].text)
        for area, level in wanted
        if (area.pk, level) in texts
    ]
    return AssessmentResult(areas=outcomes, advice=advice)


# --- The advanced assessment -------------------------------------------------------

# An audit counts as taken once granted: approved, running, reported or closed
# (audits/call/rules.py: GRANT_RUNNING, and the states after it).
AUDIT_TAKEN = GRANT_RUNNING | {"monitoring", "closed"}
# The assessments behind an application: the few most recent, enough to read the path.
BEHIND_LIMIT = 3


def audit_taken(enterprise: Enterprise) -> bool:
    return Application.objects.filter(
        scheme=Scheme.AUDIT, enterprise=enterprise, status__in=AUDIT_TAKEN
    ).exists()


def advanced_for_staff(pk: int) -> AdvancedAssessment:
    try:
        return AdvancedAssessment.objects.select_related(
            "enterprise", "questionnaire", "first_level", "assessor"
        ).get(pk=pk)
    except AdvancedAssessment.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class AdvancedSurvey:
    areas: list[AdvancedArea]
    dimensions: list[StrategyDimension]


def advanced_survey(assessment: AdvancedAssessment) -> AdvancedSurvey:
    """The survey's areas with their technologies and its dimensions with their
    statements: four queries whatever its size."""
    areas = AdvancedArea.objects.filter(questionnaire_id=assessment.questionnaire_id)
    dimensions = StrategyDimension.objects.filter(questionnaire_id=assessment.questionnaire_id)
    return AdvancedSurvey(
        areas=list(areas.prefetch_related("technologies")),
        dimensions=list(
            dimensions.prefetch_related(
                Prefetch("questions", queryset=DimensionQuestion.objects.order_by("position"))
            )
        ),
    )


def advanced_answers(
    assessment: AdvancedAssessment,
) -> tuple[dict[tuple[int, int], str], dict[int, int]]:
    """({(area id, technology id): status}, {question id: score}) answered so far."""
    technologies = {
        (area_id, tech_id): status
        for area_id, tech_id, status in assessment.technology_answers.values_list(
            "area_id", "technology_id", "status"
        )
    }
    return technologies, dict(assessment.dimension_answers.values_list("question_id", "score"))


def _with_results(queryset: QuerySet[AdvancedAssessment]) -> QuerySet[AdvancedAssessment]:
    return queryset.prefetch_related(
        Prefetch(
            "area_results",
            queryset=AdvancedAreaResult.objects.select_related("area").order_by("area__position"),
        ),
        Prefetch(
            "dimension_results",
            queryset=AdvancedDimensionResult.objects.select_related("dimension").order_by(
                "dimension__position"
            ),
        ),
        Prefetch("recommended_services", queryset=Service.objects.select_related("edition")),
    )


def advanced_assessments_of(enterprise: Enterprise) -> list["AdvancedOutcome"]:
    """The enterprise's completed advanced assessments, newest first, with their results
    and recommended services: four queries whatever their number. The one in progress
    is staff's work and is not shown to the enterprise."""
    completed = AdvancedAssessment.objects.filter(enterprise=enterprise, completed_at__isnull=False)
    return [advanced_outcome(assessment) for assessment in _with_results(completed)]


def advanced_with_results(pk: int) -> AdvancedAssessment:
    try:
        return _with_results(
            AdvancedAssessment.objects.select_related("enterprise", "first_level", "assessor")
        ).get(pk=pk)
    except AdvancedAssessment.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class AdvancedOutcome:
    assessment: AdvancedAssessment
    areas: list[AdvancedAreaResult]
    dimensions: list[AdvancedDimensionResult]
    to_strengthen: list[AdvancedAreaResult]
    services: list[Service]


def advanced_outcome(assessment: AdvancedAssessment) -> AdvancedOutcome:
    """The stored result and recommendation of an assessment read with _with_results:
    no further query."""
    areas = list(assessment.area_results.all())
    below = set(rules.areas_to_strengthen([(r.pk, r.score) for r in areas]))
    return AdvancedOutcome(
        assessment=assessment,
        areas=areas,
        dimensions=list(assessment.dimension_results.all()),
        to_strengthen=sorted((r for r in areas if r.pk in below), key=lambda r: r.score),
        services=list(assessment.recommended_services.all()),
    )


def first_level_scores(assessment: AdvancedAssessment) -> dict[str, Decimal]:
    """{area code: score} of the first-level assessment it follows, to read beside it."""
    if assessment.first_level_id is None:
        return {}
    return dict(
        AreaResult.objects.filter(assessment_id=assessment.first_level_id).values_list(
            "area__code", "score"
        )
    )


@dataclass(frozen=True)
class AssessmentsBehind:
    first_level: list[Assessment]
    advanced: list[AdvancedAssessment]


def assessments_behind(application: Application) -> AssessmentsBehind:
    """The enterprise's completed assessments up to the application's submission (or
    today, for a draft), newest first: the path that led to it. Two queries."""
    if application.enterprise_id is None:
        return AssessmentsBehind([], [])
    until = application.submitted_at or timezone.now()
    first_level = Assessment.objects.filter(
        enterprise_id=application.enterprise_id, completed_at__lte=until
    ).order_by("-completed_at", "-pk")[:BEHIND_LIMIT]
    advanced = AdvancedAssessment.objects.filter(
        enterprise_id=application.enterprise_id,
        completed_at__isnull=False,
        assessed_on__lte=timezone.localdate(until),
    ).order_by("-assessed_on", "-pk")[:BEHIND_LIMIT]
    return AssessmentsBehind(list(first_level), list(advanced))
