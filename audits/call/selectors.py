"""Reads of the audit scheme."""

from django.db.models import QuerySet
from django.utils import timezone

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Call, Scheme


def audit_call_open() -> Call | None:
    """The audit call open today (the portal runs one at a time)."""
    today = timezone.localdate()
    return (
        Call.objects.filter(scheme=Scheme.AUDIT, open_on__lte=today)
        .exclude(close_on__lt=today)
        .prefetch_related("envelopes")
        .order_by("-open_on")
        .first()
    )


def audit_applications_of(user: User) -> QuerySet[Application]:
    """The audit applications of every enterprise the user acts for, newest first."""
    return (
        Application.objects.filter(scheme=Scheme.AUDIT, enterprise__memberships__user=user)
        .select_related("call", "enterprise")
        .order_by("-created_at")
    )
