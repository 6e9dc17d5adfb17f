"""Erasure requested by one officer and confirmed by another (models.ErasureRequest)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import Enterprise, Person, User

from . import services
from .models import ErasureKind, ErasureRequest, ErasureState


class ErasureRefused(Exception):
    """Why an erasure step cannot be taken, in words for the officer."""


def erasure_request_open(*, kind: str, subject_id: int) -> ErasureRequest | None:
    return (
        ErasureRequest.objects.filter(
            kind=kind, subject_id=subject_id, state=ErasureState.REQUESTED
        )
        .select_related("requested_by")
        .first()
    )


def erasure_request_create(*, kind: str, subject_id: int, by: User) -> ErasureRequest:
    """The first step; asking twice (or two officers at once) leaves one open request."""
    try:
        with transaction.atomic():
            return ErasureRequest.objects.create(kind=kind, subject_id=subject_id, requested_by=by)
    except IntegrityError:
        existing = erasure_request_open(kind=kind, subject_id=subject_id)
        if existing is None:
            raise
        return existing


def _decide(*, erasure_request: ErasureRequest, by: User, state: str) -> None:
    rows = ErasureRequest.objects.filter(pk=erasure_request.pk, state=ErasureState.REQUESTED)
    if state == ErasureState.CONFIRMED:
        rows = rows.exclude(requested_by=by)
    # A guarded update: of two officers confirming at once, one erases.
    if not rows.update(state=state, decided_by=by, decided_at=timezone.now()):
        raise ErasureRefused(_("This erasure request was already confirmed or cancelled."))


@transaction.atomic
def erasure_request_confirm(*, erasure_request: ErasureRequest, by: User) -> None:
    """The second step, by another officer: the subject is anonymised for good."""
    if erasure_request.requested_by_id == by.pk:
        raise ErasureRefused(
            _("Another officer must confirm the erasure you asked for (four-eyes rule).")
        )
    _decide(erasure_request=erasure_request, by=by, state=ErasureState.CONFIRMED)
    if erasure_request.kind == ErasureKind.PERSON:
        services.person_erase(person=Person.objects.get(pk=erasure_request.subject_id))
    else:
        services.enterprise_erase(enterprise=Enterprise.objects.get(pk=erasure_request.subject_id))


def erasure_request_cancel(*, erasure_request: ErasureRequest, by: User) -> None:
    _decide(erasure_request=erasure_request, by=by, state=ErasureState.CANCELLED)
