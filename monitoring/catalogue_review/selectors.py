"""Reads of Activity 1's process: a recommendation report with its proposals and their
evidence, in a fixed number of queries whatever the number of proposals."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from audits.selfassessment.models import AdvancedAssessment
from trinno_portal.funding.models import Application

from .models import CatalogueProposal, Outcome, RecommendationReport


@dataclass
class ReportContent:
    report: RecommendationReport
    accepted: list[CatalogueProposal]
    rejected: list[CatalogueProposal]


def recommendation_report_content(pk: int) -> ReportContent:
    report = get_object_or_404(
        RecommendationReport.objects.select_related("edition", "draft_edition", "created_by"),
        pk=pk,
    )
    proposals = list(
        report.proposals.select_related("service", "review", "proposed_by")
        .prefetch_related(
            "events",
            Prefetch(
                "assessments",
                queryset=AdvancedAssessment.objects.select_related("enterprise"),
            ),
            Prefetch("applications", queryset=Application.objects.only("id", "protocol_number")),
        )
        .order_by("id")
    )
    return ReportContent(
        report=report,
        accepted=[p for p in proposals if p.review.outcome == Outcome.ACCEPTED],
        rejected=[p for p in proposals if p.review.outcome == Outcome.REJECTED],
    )
