"""Monthly rankings for calls with no deadline.

The month's eligible applications are ordered by the call's score (higher first), then
by submission time to the second, then by id (a total order: two runs give the same
ranking). A call with merit criteria ranks on the consolidated merit score
(procedure/merit.py); an application without one, or below the call's minimum, keeps its
place but cannot be funded and does not draw the budget line. The others are funded in
that order while the budget lasts; the first one that does not fit draws the
budget line, and nobody below it is funded, even if a smaller grant would fit: the order
of the ranking is the order of rights (docs/decisions/0006-ranking.md).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import Application, Call, Ranking, RankingEntry, RankingState
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.lib.bulk import rows_insert
from trinno_portal.lib.money import ZERO
from trinno_portal.procedure.decree import decree_issue
from trinno_portal.procedure.merit import merit_outcomes, ranking_exclusions_record
from trinno_portal.procedure.ranking_decisions import ranking_refusals_decide


@dataclass(frozen=True)
class Candidate:
    application_id: int
    score: Decimal
    submitted_at: dt.datetime
    grant: Decimal
    fundable: bool = True  # False: no merit score, or one below the call's minimum


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    position: int
    cumulative: Decimal
    funded: bool


def rank(candidates: Sequence[Candidate], available: Decimal) -> list[Ranked]:
    # Ties on the score go to the earlier submission counted in whole seconds, as the
    # call's text has it; within the same second, the lower id (the protocol's order).
    ordered = sorted(
        candidates,
        key=lambda c: (-c.score, c.submitted_at.replace(microsecond=0), c.application_id),
    )
    result, cumulative, line_drawn = [], ZERO, False
    for position, candidate in enumerate(ordered, start=1):
        if not candidate.fundable:
            result.append(Ranked(candidate, position, cumulative, False))
            continue
        cumulative += candidate.grant
        funded = not line_drawn and cumulative <= available
        if not funded:
            line_drawn = True
        result.append(Ranked(candidate, position, cumulative, funded))
    return result


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    next_month = (start + dt.timedelta(days=32)).replace(day=1)
    return start, next_month - dt.timedelta(days=1)


def _period_filter(start: dt.date, end: dt.date) -> dict:
    tz = timezone.get_current_timezone()
    return {
        "submitted_at__gte": dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        "submitted_at__lt": dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    }


@transaction.atomic
def ranking_build(*, call: Call, period_start: dt.date) -> Ranking:
    """Build (or rebuild) the preview of a period's ranking. A frozen one never changes."""
    start, end = month_bounds(period_start)
    ranking, _created = Ranking.objects.select_for_update().get_or_create(
        call=call, period_start=start, defaults={"period_end": end}
    )
    if ranking.state != RankingState.PREVIEW:
        raise FundingError(_("This ranking is frozen and can no longer change."))
    scheme = scheme_for(call.scheme)
    # Rows, not model instances: loading instances was most of the time of a large month.
    fields = ["pk", "submitted_at", "grant_amount", *scheme.score_fields]
    rows = Application.objects.filter(
        call=call,
        status__in=[Status.ELIGIBLE, Status.UNDER_ASSESSMENT],
        **_period_filter(start, end),
    ).values(*fields)
    rows = list(rows)
    merit = merit_outcomes(call, [r["pk"] for r in rows])
    candidates = [
        Candidate(
            r["pk"],
            scheme.score(r) if merit is None else merit[r["pk"]].score or ZERO,
            r["submitted_at"],
            r["grant_amount"] or ZERO,
            fundable=merit is None or merit[r["pk"]].exclusion is None,
        )
        for r in rows
    ]
    call.refresh_from_db(fields=["committed"])
    ranking.entries.all().delete()
    rows_insert(
        RankingEntry,
        (
            "ranking_id",
            "application_id",
            "position",
            "score",
            "grant_amount",
            "cumulative",
            "funded",
        ),
        (
            (
                ranking.pk,
                r.candidate.application_id,
                r.position,
                r.candidate.score,
                r.candidate.grant,
                r.cumulative,
                r.funded,
            )
            for r in rank(candidates, call.available)
        ),
    )
    ranking_exclusions_record(ranking=ranking, outcomes=merit or {})
    ranking.available_at_freeze = call.available
    ranking.save(update_fields=["available_at_freeze"])
    return ranking


@transaction.atomic
def ranking_freeze(*, ranking: Ranking, by: User) -> Ranking:
    """Freeze the preview: its entries are ranked and it is read-only from now on."""
    updated = Ranking.objects.filter(pk=ranking.pk, state=RankingState.PREVIEW).update(
        state=RankingState.FROZEN, frozen_at=timezone.now(), frozen_by=by
    )
    if not updated:
        raise FundingError(_("This ranking is already frozen."))
    for entry in ranking.entries.select_related("application"):
        application_act(application=entry.application, transition="rank", by=by, actor=Actor.STAFF)
    ranking.refresh_from_db()
    return ranking


def ranking_approve_funded(*, ranking: Ranking, by: User) -> list[tuple[str, bool, str]]:
    """Approve the funded entries of a frozen ranking, one by one, issue its decree and
    reject the entries it does not fund (procedure/ranking_decisions.py); report per item."""
    if ranking.state != RankingState.FROZEN:
        raise FundingError(_("Only a frozen ranking can be approved."))
    report = []
    for entry in ranking.entries.select_related("application__call").filter(funded=True):
        try:
            application_act(
                application=entry.application, transition="approve", by=by, actor=Actor.STAFF
            )
            report.append((str(entry.application), True, _("Approved")))
        except FundingError as exc:
            report.append((str(entry.application), False, str(exc)))
    Ranking.objects.filter(pk=ranking.pk).update(state=RankingState.APPROVED)
    # Approving the ranking is its concession act: the decree, numbered and dated today,
    # decides for the others too: each is rejected with its reason and told so.
    decree = decree_issue(ranking=ranking, by=by)
    report += ranking_refusals_decide(ranking=ranking, decree=decree, by=by)
    return report
