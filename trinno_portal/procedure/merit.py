"""The merit evaluation's writes and reads: criteria per call, evaluators with their
declaration of no conflict of interest, score sheets and the consolidated score
(procedure/merit_rules.py holds the arithmetic)."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import FundingError
from trinno_portal.procedure.merit_rules import Criterion, consolidated_score, sheet_score
from trinno_portal.procedure.models import (
    CallCriterion,
    CriterionScore,
    EvaluatorAssignment,
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
                name=str(c.label),
                name_en=str(c.label),
                weight=c.weight,
                max_score=c.max_score,
                position=i,
            )
            for i, c in enumerate(scheme_for(call.scheme).merit_criteria)
        ]


def evaluator_assign(*, application: Application, evaluator: User) -> EvaluatorAssignment:
    if not evaluator.groups.filter(name=EVALUATOR_GROUP).exists():
        raise FundingError(_("%(user)s is not an evaluator.") % {"user": evaluator})
    assignment, _created = EvaluatorAssignment.objects.get_or_create(
        application=application, evaluator=evaluator
    )
    return assignment


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


def application_merit_score(application: Application) -> Decimal | None:
    """The consolidated score: the mean of the submitted sheets (committee mode: not
    recorded yet, so None)."""
    procedure = call_procedure(application.call_id)
    criteria = [Criterion(c.code, c.weight, c.max_score) for c in application.call.criteria.all()]
    sheets = []
    for assignment in application.evaluator_assignments.filter(
        submitted_at__isnull=False
    ).prefetch_related("scores__criterion"):
        sheets.append(
            sheet_score(criteria, {s.criterion.code: s.score for s in assignment.scores.all()})
        )
    committee = procedure is not None and procedure.score_mode == ScoreMode.COMMITTEE
    return consolidated_score(sheets, committee=committee)
