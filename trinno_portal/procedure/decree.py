"""The acts of an approved monthly ranking: its concession decree (number, date, legal
basis; funded, eligible but not funded for lack of funds, not eligible; the COR of each
grant) and the evaluation committee's minutes (verbale), both as PDF (docs/procedure.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Ranking, RankingEntry
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.pdf import render_pdf
from trinno_portal.procedure.models import (
    ConcessionDecree,
    CriterionScore,
    DecreeCounter,
    EvaluatorAssignment,
    RankingExclusion,
)
from trinno_portal.procedure.selectors import call_procedure
from trinno_portal.rna.selectors import grant_cor

DECREE_TEMPLATE = "pdf/concession_decree.html"
MINUTES_TEMPLATE = "pdf/committee_minutes.html"


def decree_number_take(*, year: int) -> int:
    """The next decree number of `year`. Must run inside the approving transaction: the
    counter row stays locked until the commit, so two approvals at the same instant get
    consecutive numbers (the second waits for the first), and a rolled-back approval
    returns its number (gapless, as the protocol's: funding/services.py protocol_assign)."""
    # The year's first decree creates the row; a concurrent first one may create it too,
    # and get_or_create then reads the row the other committed.
    DecreeCounter.objects.get_or_create(year=year)
    counter = DecreeCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def decree_issue(*, ranking: Ranking, by: User) -> ConcessionDecree:
    """The ranking's decree, with the next number of the year (once: a second call
    returns the same decree)."""
    existing = ConcessionDecree.objects.select_for_update().filter(ranking=ranking).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    return ConcessionDecree.objects.create(
        ranking=ranking,
        year=today.year,
        number=decree_number_take(year=today.year),
        issued_on=today,
        legal_basis=ranking.call.legal_basis,
        issued_by=by,
    )


@dataclass(frozen=True)
class Line:
    """One application as the decree and the public ranking list it."""

    position: int | None
    application: Application
    score: Decimal | None
    grant: Decimal
    reason: str = ""
    cor: str = ""


@dataclass
class Outcome:
    funded: list[Line] = field(default_factory=list)
    unfunded: list[Line] = field(default_factory=list)  # eligible, no funds left
    excluded: list[Line] = field(default_factory=list)  # not eligible, with the reason

    @property
    def funded_total(self) -> Decimal:
        return sum((line.grant for line in self.funded), Decimal(0))


def ranking_outcome(ranking: Ranking) -> Outcome:
    """The three groups of the ranking's applications, in four queries: the entries,
    their exclusions, and the month's applications refused at admission."""
    exclusions = {
        e.application_id: e
        for e in RankingExclusion.objects.filter(ranking=ranking).select_related("application")
    }
    entries = (
        RankingEntry.objects.filter(ranking=ranking)
        .select_related("application__enterprise", "application__person")
        .select_related("application__aid_grant")
        .order_by("position")
    )
    outcome = Outcome()
    for entry in entries:
        application = entry.application
        excluded = exclusions.get(application.pk)
        line = Line(entry.position, application, entry.score, entry.grant_amount)
        if excluded is not None:
            reason = excluded.get_reason_display()
            if excluded.threshold is not None and excluded.reason == "below_threshold":
                reason = _("Merit score below the call's minimum of %(threshold)s") % {
                    "threshold": number_format(excluded.threshold, decimal_pos=2)
                }
            outcome.excluded.append(_with(line, reason=reason))
        elif entry.funded and application.approved_at is not None:
            outcome.funded.append(_with(line, cor=grant_cor(application)))
        elif entry.funded:
            outcome.excluded.append(
                _with(line, reason=_("The concession was refused at approval (see the history)."))
            )
        else:
            outcome.unfunded.append(line)
    refused = (
        Application.objects.filter(
            call_id=ranking.call_id,
            status=Status.NOT_ELIGIBLE,
            submitted_at__date__gte=ranking.period_start,
            submitted_at__date__lte=ranking.period_end,
        )
        .select_related("enterprise", "person")
        .order_by("submitted_at", "pk")
    )
    for application in refused:
        outcome.excluded.append(
            Line(
                None,
                application,
                None,
                application.grant_amount or Decimal(0),
                reason=_("Did not pass the admissibility check."),
            )
        )
    return outcome


def _with(line: Line, **changes) -> Line:
    return Line(**{**line.__dict__, **changes})


def decree_pdf(decree: ConcessionDecree, *, public: bool = False) -> bytes:
    """The decree as PDF. `public`: the copy published under /graduatorie/, with the
    applicants' names only where the call allows them (CallProcedure.ranking_names_public;
    GDPR art. 5(1)(c)); the office's copy has them all."""
    ranking = decree.ranking
    procedure = call_procedure(ranking.call_id)
    return render_pdf(
        DECREE_TEMPLATE,
        {
            "decree": decree,
            "ranking": ranking,
            "call": ranking.call,
            "procedure": procedure,
            "outcome": ranking_outcome(ranking),
            "date": decree.issued_on,
            "names": not public or (procedure is not None and procedure.ranking_names_public),
        },
    )


@dataclass(frozen=True)
class Sheet:
    evaluator: User
    declared_at: object
    submitted_at: object
    scores: list[CriterionScore]


def minutes_pdf(ranking: Ranking) -> bytes:
    """The committee's minutes: the criteria, who evaluated what and when they declared no
    conflict of interest, every sheet with its comments, the consolidated scores and the
    outcome of each application."""
    outcome = ranking_outcome(ranking)
    ids = [line.application.pk for line in outcome.funded + outcome.unfunded + outcome.excluded]
    sheets: dict[int, list[Sheet]] = defaultdict(list)
    assignments = (
        EvaluatorAssignment.objects.filter(application_id__in=ids)
        .select_related("evaluator")
        .prefetch_related("scores__criterion")
        .order_by("application_id", "evaluator__full_name", "pk")
    )
    evaluators: dict[int, Sheet] = {}
    for a in assignments:
        sheet = Sheet(a.evaluator, a.declared_at, a.submitted_at, list(a.scores.all()))
        sheets[a.application_id].append(sheet)
        evaluators.setdefault(a.evaluator_id, sheet)
    lines = sorted(
        outcome.funded + outcome.unfunded + outcome.excluded,
        key=lambda line: (line.position is None, line.position or 0),
    )
    decree = ConcessionDecree.objects.filter(ranking=ranking).first()
    return render_pdf(
        MINUTES_TEMPLATE,
        {
            "ranking": ranking,
            "call": ranking.call,
            "procedure": call_procedure(ranking.call_id),
            "criteria": list(ranking.call.criteria.all()),
            "committee": [s.evaluator for s in evaluators.values()],
            "rows": [(line, sheets.get(line.application.pk, [])) for line in lines],
            "outcome": outcome,
            "decree": decree,
            "date": ranking.frozen_at or timezone.now(),
        },
    )
