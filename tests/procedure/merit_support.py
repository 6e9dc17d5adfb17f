"""Helpers of the merit tests: evaluators and their sheets through the services."""

from django.contrib.auth.models import Group

from tests.factories import UserFactory
from trinno_portal.procedure.merit import (
    EVALUATOR_GROUP,
    conflict_declare,
    evaluator_assign,
    score_sheet_save,
)


def make_evaluator(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=EVALUATOR_GROUP)[0])
    return user


def scored(application, evaluator, value: int, comment: str = "Motivato."):
    """The evaluator assigned, declared and submitting `value` on every criterion (the
    audit's defaults are scored 0..10, so `value` * 10 is the sheet's score)."""
    assignment = evaluator_assign(application=application, evaluator=evaluator)
    conflict_declare(assignment=assignment)
    criteria = application.call.criteria.all()
    return score_sheet_save(
        assignment=assignment, scores={c.pk: (value, comment) for c in criteria}
    )
