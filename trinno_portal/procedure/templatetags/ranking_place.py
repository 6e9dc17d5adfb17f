"""`{% ranking_place application as place %}`: the application's position in its frozen
or approved ranking, for the applicant's page (two queries, none without a ranking)."""

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext as _

from trinno_portal.funding.models import RankingEntry, RankingState
from trinno_portal.funding.workflow import Status
from trinno_portal.procedure.models import RankingExclusion

register = template.Library()

_NOT_RANKED = {
    Status.DRAFT,
    Status.SUBMITTED,
    Status.ELIGIBLE,
    Status.NOT_ELIGIBLE,
    Status.UNDER_ASSESSMENT,
    Status.INFO_REQUESTED,
    Status.PREAVVISO,
    Status.WITHDRAWN,
}


@dataclass(frozen=True)
class Place:
    entry: RankingEntry
    total: int
    outcome: str
    reason: str = ""


@register.simple_tag
def ranking_place(application) -> Place | None:
    # Before the freeze nothing is ranked yet: no query on those pages.
    if application is None or application.status in _NOT_RANKED:
        return None
    entry = (
        RankingEntry.objects.filter(application=application)
        .exclude(ranking__state=RankingState.PREVIEW)
        .select_related("ranking__call")
        .order_by("-ranking__period_start")
        .first()
    )
    if entry is None:
        return None
    total = entry.ranking.entries.count()
    exclusion = RankingExclusion.objects.filter(
        ranking_id=entry.ranking_id, application=application
    ).first()
    if exclusion is not None:
        return Place(entry, total, _("Not eligible for funding"), exclusion.get_reason_display())
    if entry.funded:
        return Place(entry, total, _("Funded"))
    return Place(entry, total, _("Eligible, not funded for lack of funds"))
