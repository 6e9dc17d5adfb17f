"""Reads of Activity 2's offer side: the province's training agencies with their i4.0
courses by theme, and the training offer against the demand (the vouchers asked and the
self-assessments' weakest business areas). Every figure is grouped in the database: the
page runs the same few queries whatever the number of agencies, courses or vouchers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from audits.selfassessment.models import AreaResult
from monitoring.rules import period_bounds
from trinno_portal.accounts.geography import AREZZO
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.i18n import in_language
from vouchers.call.models import VoucherApplication
from vouchers.offer.models import (
    AccreditationState,
    Course,
    CourseState,
    CourseTheme,
    TrainingAgency,
)

from .models import JointCourseProposal
from .rules import ThemeRow, theme_rows

Through = Course.themes.through


@dataclass
class AgencyRow:
    agency: TrainingAgency
    by_theme: list[int]  # approved courses per theme, in the themes' order
    total: int


@dataclass
class AgencyMap:
    themes: list[CourseTheme]
    agencies: list[AgencyRow]


def _running(start: dt.date, end: dt.date) -> Q:
    """Approved courses whose dates meet the period."""
    return Q(state=CourseState.APPROVED, start_date__lte=end, end_date__gte=start)


def agencies_map(*, province: str = AREZZO, start: dt.date, end: dt.date) -> AgencyMap:
    """The accredited agencies of a province, each with its approved courses of the
    period counted by theme, and their totals (four queries)."""
    themes = list(CourseTheme.objects.order_by("position", "code"))
    agencies = list(
        TrainingAgency.objects.filter(
            province=province, accreditation_state=AccreditationState.ACTIVE
        ).order_by("municipality", "name")
    )
    counts = {
        (row["course__agency_id"], row["coursetheme_id"]): row["n"]
        for row in Through.objects.filter(
            course__agency__province=province,
            course__in=Course.objects.filter(_running(start, end)),
        )
        .values("course__agency_id", "coursetheme_id")
        .annotate(n=Count("course_id"))
    }
    totals = dict(
        Course.objects.filter(_running(start, end), agency__province=province)
        .values("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    rows = [
        AgencyRow(a, [counts.get((a.pk, t.pk), 0) for t in themes], totals.get(a.pk, 0))
        for a in agencies
    ]
    return AgencyMap(themes=themes, agencies=rows)


@dataclass
class WeakArea:
    name: str
    assessments: int  # completed assessments in which the area scored lowest


@dataclass
class OfferReport:
    themes: list[ThemeRow]
    weak_areas: list[WeakArea]
    assessments: int  # completed self-assessments of the period


def _area_name(row: dict) -> str:
    return in_language(row["area__name_it"], row["area__name_en"])


def training_offer_report(*, start: dt.date, end: dt.date) -> OfferReport:
    """Courses by theme against the demand of the period: the vouchers asked for courses
    on each theme (submitted in the period, drafts and withdrawals apart) and, from the
    self-assessments completed in the period, how often each business area was the
    weakest (an area tied for the lowest score counts in each tie)."""
    lower, upper = period_bounds(start, end, timezone.get_current_timezone())
    themes = list(CourseTheme.objects.order_by("position", "code").values_list("code", "name"))
    running = Course.objects.filter(_running(start, end))
    offer = {
        row["coursetheme__code"]: (row["courses"], row["agencies"], row["seats"] or 0)
        for row in Through.objects.filter(course__in=running)
        .values("coursetheme__code")
        .annotate(
            courses=Count("course_id", distinct=True),
            agencies=Count("course__agency_id", distinct=True),
            seats=Sum("course__seats"),
        )
    }
    asked = VoucherApplication.objects.filter(
        application__submitted_at__gte=lower,
        application__submitted_at__lt=upper,
    ).exclude(application__status__in=[Status.DRAFT, Status.WITHDRAWN])
    vouchers = dict(
        Through.objects.filter(course__voucher_applications__in=asked)
        .values("coursetheme__code")
        .annotate(n=Count("course__voucher_applications", distinct=True))
        .values_list("coursetheme__code", "n")
    )
    completed = AreaResult.objects.filter(
        assessment__completed_at__gte=lower, assessment__completed_at__lt=upper
    )
    lowest = (
        AreaResult.objects.filter(assessment_id=OuterRef("assessment_id"))
        .values("assessment_id")
        .annotate(low=Min("score"))
        .values("low")
    )
    weak = (
        completed.annotate(low=Subquery(lowest))
        .filter(score=F("low"))
        .values("area__code", "area__name_it", "area__name_en")
        .annotate(n=Count("assessment_id", distinct=True))
        .order_by("-n", "area__code")
    )
    assessments = completed.values("assessment_id").distinct().count()
    return OfferReport(
        themes=theme_rows(themes, offer, vouchers),
        weak_areas=[WeakArea(_area_name(row), row["n"]) for row in weak],
        assessments=assessments,
    )


def joint_proposals() -> list[JointCourseProposal]:
    """The joint course proposals with their agencies and themes (three queries)."""
    return list(JointCourseProposal.objects.prefetch_related("agencies", "themes"))
