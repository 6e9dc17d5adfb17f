"""Reads of the self-assessment. Object-level access lives here: an enterprise and its
assessments are reached only through the user's memberships, 404 otherwise."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from audits.selfassessment import rules
from audits.selfassessment.models import (
    AdvancedAssessment,
    Answer,
    Area,
    AreaAdvice,
    AreaResult,
    Assessment,
    Question,
)
from trinno_portal.accounts.models import Enterprise, User


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


def advanced_assessments_of(enterprise: Enterprise) -> QuerySet[AdvancedAssessment]:
    return AdvancedAssessment.objects.filter(enterprise=enterprise).select_related("assessor")


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
