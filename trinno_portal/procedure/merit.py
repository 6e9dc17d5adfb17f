"""The merit evaluation's writes and reads: criteria per call, evaluators with their
declaration of no conflict of interest, score sheets and the consolidated score
(procedure/merit_rules.py holds the arithmetic)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Call, Ranking, RankingState
from trinno_portal.funding.notifications import news_deliver, notification_send
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import FundingError
from trinno_portal.procedure.merit_rules import (
    Criterion,
    consolidated_score,
    fundable,
    sheet_score,
)
from trinno_portal.procedure.models import (
    CallCriterion,
    CommitteeScore,
    CriterionScore,
    EvaluatorAssignment,
    ExclusionReason,
    RankingExclusion,
    ScoreMode,
)
from trinno_portal.procedure.selectors import call_procedure

EVALUATOR_GROUP = "evaluator"


def call_criteria_ensure(*, call: Call) -> list[CallCriterion]:
    """The call's criteria, created from its scheme's defaults the first time."""
    existing = list(call.criteria.all())
    if existing:
        return existing
    with transaction.atomic():
        return [
            CallCriterion.objects.create(
                call=call,
                code=c.code,
                name=_in(c.label, "it"),
                name_en=_in(c.label, "en"),
                weight=c.weight,
                max_score=c.max_score,
                position=i,
            )
            for i, c in enumerate(scheme_for(call.scheme).merit_criteria)
        ]


def _in(label, language: str) -> str:
    with override(language):
        return str(label)


@transaction.atomic
def evaluator_assign(*, application: Application, evaluator: User) -> EvaluatorAssignment:
    """Assign `evaluator` (a user of the group `evaluator`) to `application`, once; a new
    assignment tells the evaluator, by e-mail and in the portal, after the commit."""
    if not evaluator.groups.filter(name=EVALUATOR_GROUP).exists():
        raise FundingError(_("%(user)s is not an evaluator.") % {"user": evaluator})
    # The first assignment puts the call on merit: its ranking reads the consolidated score.
    call_criteria_ensure(call=application.call)
    assignment, created = EvaluatorAssignment.objects.get_or_create(
        application=application, evaluator=evaluator
    )
    if created:
        transaction.on_commit(lambda: notification_send(assignment_notify, assignment))
    return assignment


_ASSIGNED_TITLE = gettext_lazy("Merit evaluation assigned: application %(protocol)s")
_ASSIGNED_BODY = gettext_lazy(
    "You are an evaluator of application %(protocol)s to the call “%(call)s”. The "
    "application opens to you once you declare that you have no conflict of interest "
    "(law 241/1990 art. 6-bis); then score each criterion with its comment."
)


def assignment_notify(assignment: EvaluatorAssignment) -> None:
    """Tell the evaluator of the assignment, through the portal's one writer of news
    (funding/notifications.py: news_deliver): the portal's notification and the e-mail
    with the link to the score sheet."""
    application = assignment.application
    evaluator = assignment.evaluator
    words = {}
    for language in ("it", "en"):
        with override(language):
            params = {
                "protocol": application.protocol_number or "—",
                "call": application.call.display_title,
            }
            words[language] = {
                "title": str(_ASSIGNED_TITLE) % params,
                "body": str(_ASSIGNED_BODY) % params,
                "detail_label": "",
                "deadline_line": "",
            }
    with override(settings.LANGUAGE_CODE):
        link = reverse("evaluation:sheet", args=[application.pk])
    news_deliver(
        application=application,
        users=[evaluator] if evaluator.is_active else [],
        addresses=[evaluator.email] if evaluator.is_active and evaluator.email else [],
        kind="evaluator_assigned",
        italian=words["it"],
        english=words["en"],
        link=link,
    )


def evaluators_assign(
    *, applications: Iterable[Application], evaluators: Iterable[User]
) -> list[EvaluatorAssignment]:
    """Assign every one of `evaluators` to every one of `applications` (the admin's bulk
    action); the pairs already assigned are kept as they are, and nobody is told twice."""
    evaluators = list(evaluators)
    return [
        evaluator_assign(application=application, evaluator=evaluator)
        for application in applications
        for evaluator in evaluators
    ]


def evaluator_candidates() -> QuerySet[User]:
    """The users who may be assigned: active members of the group `evaluator`."""
    return User.objects.filter(groups__name=EVALUATOR_GROUP, is_active=True).order_by(
        "full_name", "email"
    )


def assignment_for(user: User, application_pk: int) -> EvaluatorAssignment:
    """The user's assignment on the application, or 404: an evaluator sees only what
    they are assigned."""
    assignment = (
        EvaluatorAssignment.objects.select_related("application__call")
        .filter(evaluator=user, application_id=application_pk)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def conflict_declare(*, assignment: EvaluatorAssignment) -> EvaluatorAssignment:
    EvaluatorAssignment.objects.filter(pk=assignment.pk, declared_at__isnull=True).update(
        declared_at=timezone.now()
    )
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def score_sheet_save(
    *, assignment: EvaluatorAssignment, scores: Mapping[int, tuple[int, str]]
) -> EvaluatorAssignment:
    """Record the evaluator's score and comment for every criterion of the call, all or
    nothing: refused before the declaration, after submission, or with a score out of
    range or a criterion without its comment."""
    if assignment.declared_at is None:
        raise FundingError(_("Declare that you have no conflict of interest first."))
    if assignment.submitted_at is not None:
        raise FundingError(_("This score sheet was already submitted."))
    criteria = list(assignment.application.call.criteria.all())
    for criterion in criteria:
        score, comment = scores.get(criterion.pk, (None, ""))
        if score is None or not 0 <= score <= criterion.max_score:
            raise FundingError(
                _("Score “%(criterion)s” from 0 to %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
        if not comment.strip():
            raise FundingError(_("Comment on “%(criterion)s”.") % {"criterion": criterion.name})
    CriterionScore.objects.bulk_create(
        [
            CriterionScore(
                assignment=assignment,
                criterion=c,
                score=scores[c.pk][0],
                comment=scores[c.pk][1].strip(),
            )
            for c in criteria
        ]
    )
    EvaluatorAssignment.objects.filter(pk=assignment.pk).update(submitted_at=timezone.now())
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def committee_score_record(
    *, application: Application, score: Decimal, note: str, by: User
) -> CommitteeScore:
    """Record (or correct, until the ranking is frozen) the committee's agreed score."""
    if score < 0:
        raise FundingError(_("A score cannot be negative."))
    if application.ranking_entries.exclude(ranking__state=RankingState.PREVIEW).exists():
        raise FundingError(_("The application is in a frozen ranking: its score is final."))
    row, _created = CommitteeScore.objects.update_or_create(
        application=application,
        defaults={"score": score, "note": note, "recorded_by": by, "recorded_at": timezone.now()},
    )
    return row


@dataclass(frozen=True)
class MeritOutcome:
    """What the ranking needs of an application's merit: its consolidated score and, if
    it cannot be funded whatever the budget, why."""

    score: Decimal | None
    exclusion: str | None  # an ExclusionReason, or None: fundable


def merit_outcomes(
    call: Call, applications: QuerySet | Iterable[int]
) -> dict[int, MeritOutcome] | None:
    """The merit outcome of each of the call's `applications` (a queryset of them, or
    their ids), in four queries whatever their number; None when the call has no merit
    criteria (its ranking keeps the scheme's own score)."""
    rows = list(call.criteria.all())
    if not rows:
        return None
    criteria = [Criterion(c.code, c.weight, c.max_score) for c in rows]
    codes = {c.pk: c.code for c in rows}
    procedure = call_procedure(call.pk)
    threshold = procedure.merit_threshold if procedure else None
    committee = procedure is not None and procedure.score_mode == ScoreMode.COMMITTEE
    ids = (
        list(applications.values_list("pk", flat=True))
        if isinstance(applications, QuerySet)
        else list(applications)
    )
    agreed: dict[int, Decimal] = {}
    sheets: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    if committee:
        agreed = dict(
            CommitteeScore.objects.filter(application_id__in=ids).values_list(
                "application_id", "score"
            )
        )
    else:
        scored = CriterionScore.objects.filter(
            assignment__application_id__in=ids, assignment__submitted_at__isnull=False
        ).values_list("assignment__application_id", "assignment_id", "criterion_id", "score")
        for application_id, assignment_id, criterion_id, score in scored:
            if criterion_id in codes:
                sheets[application_id][assignment_id][codes[criterion_id]] = score
    outcomes = {}
    for pk in ids:
        score = consolidated_score(
            [sheet_score(criteria, sheet) for sheet in sheets[pk].values()],
            agreed=agreed.get(pk),
            committee=committee,
        )
        if score is None:
            exclusion = ExclusionReason.NOT_SCORED
        elif not fundable(score, threshold):
            exclusion = ExclusionReason.BELOW_THRESHOLD
        else:
            exclusion = None
        outcomes[pk] = MeritOutcome(score, exclusion)
    return outcomes


def ranking_exclusions_record(*, ranking: Ranking, outcomes: Mapping[int, MeritOutcome]) -> None:
    """Keep why each excluded entry of a (re)built ranking cannot be funded."""
    procedure = call_procedure(ranking.call_id)
    ranking.exclusions.all().delete()
    RankingExclusion.objects.bulk_create(
        RankingExclusion(
            ranking=ranking,
            application_id=pk,
            reason=outcome.exclusion,
            threshold=procedure.merit_threshold if procedure else None,
        )
        for pk, outcome in outcomes.items()
        if outcome.exclusion
    )


def application_merit_score(application: Application) -> Decimal | None:
    """The consolidated score of one application (None: not scored yet)."""
    outcomes = merit_outcomes(application.call, [application.pk])
    return outcomes[application.pk].score if outcomes else None


def assignments_of(user: User) -> list[EvaluatorAssignment]:
    """The evaluator's assignments, the ones still to do first."""
    return list(
        EvaluatorAssignment.objects.filter(evaluator=user)
        .select_related("application__call", "application__enterprise", "application__person")
        .order_by(F("submitted_at").asc(nulls_first=True), "application__submitted_at")
    )
