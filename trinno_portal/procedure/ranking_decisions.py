"""What an approved ranking decides for the applications it does not fund.

The concession decree has three groups (procedure/decree.py: ranking_outcome): the funded
ones are approved one by one (funding/approval.py); the others are rejected, each with its
own reasons and the ways of appeal (services.application_reject, law 241/1990 art. 3), so
that the applicant is told (the "reject" notification and its PEC) and the procedure's
clock ends. The workflow has no state of its own for "eligible, not funded for lack of
funds": under decision 0006 nobody below the budget line of a monthly ranking is funded
later, so for the applicant it is a refusal, with the decree's number and its reason
(docs/decisions/0036-ranking-outcomes.md). No notice of intended rejection is owed: a
ranking is a competitive procedure (art. 10-bis, last sentence; rules.preavviso_owed).
"""

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Ranking, RankingEntry
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.money import format_eur
from trinno_portal.procedure.models import ConcessionDecree, ExclusionReason, RankingExclusion
from trinno_portal.procedure.services import application_reject


def _reason(
    entry: RankingEntry, exclusion: RankingExclusion | None, decree: ConcessionDecree
) -> str:
    params = {
        "decree": str(decree),
        "date": decree.issued_on.strftime("%d/%m/%Y"),
        "month": entry.ranking.period_start.strftime("%m/%Y"),
        "position": entry.position,
        "score": number_format(entry.score, decimal_pos=2),
    }
    if exclusion is not None and exclusion.reason == ExclusionReason.BELOW_THRESHOLD:
        return _(
            "The merit score of %(score)s is below the call's minimum of %(threshold)s: the "
            "application, at position %(position)s of the ranking of %(month)s, cannot be "
            "funded (concession decree no. %(decree)s of %(date)s)."
        ) % {**params, "threshold": number_format(exclusion.threshold or 0, decimal_pos=2)}
    if exclusion is not None:
        return (
            _(
                "The application has no consolidated merit score: at position %(position)s of the "
                "ranking of %(month)s it is not among the fundable ones (concession decree no. "
                "%(decree)s of %(date)s)."
            )
            % params
        )
    return _(
        "The application is eligible but not funded for lack of funds: the budget available "
        "to the ranking of %(month)s (%(available)s) was used by the applications ranked "
        "above position %(position)s (concession decree no. %(decree)s of %(date)s)."
    ) % {**params, "available": format_eur(entry.ranking.available_at_freeze or 0)}


def ranking_refusals_decide(
    *, ranking: Ranking, decree: ConcessionDecree, by: User
) -> list[tuple[str, bool, str]]:
    """Reject every ranked application of the approved `ranking` that it does not fund
    (below the minimum, not scored, or below the budget line); report per item. An entry
    that moved on since the freeze (withdrawn, under a request for information) is left
    to its own course; a funded one whose approval failed stays ranked for the officer."""
    exclusions = {e.application_id: e for e in RankingExclusion.objects.filter(ranking=ranking)}
    entries = (
        RankingEntry.objects.filter(ranking=ranking, application__status=Status.RANKED)
        .exclude(funded=True)
        .select_related("application__call", "ranking")
        .order_by("position")
    )
    report = []
    for entry in entries:
        with translation.override(settings.LANGUAGE_CODE):  # the record's language
            reason = _reason(entry, exclusions.get(entry.application_id), decree)
        try:
            application_reject(
                application=entry.application, by=by, reason=reason, competitive=True
            )
            report.append((str(entry.application), True, _("Rejected")))
        except FundingError as exc:
            report.append((str(entry.application), False, str(exc)))
    return report
