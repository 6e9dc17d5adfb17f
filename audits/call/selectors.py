"""Reads of the audit scheme."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from audits.call import rules
from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Call, LedgerSource, Scheme


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


def audit_grants_running(
    enterprise_ids: Iterable[int], *, exclude: int | None = None
) -> list[Application]:
    """The audit applications of these enterprises whose grant still runs (rules.GRANT_RUNNING),
    newest first, in one query; `exclude` leaves out the draft being written."""
    running = (
        Application.objects.filter(
            scheme=Scheme.AUDIT,
            enterprise_id__in=list(enterprise_ids),
            status__in=rules.GRANT_RUNNING,
        )
        .select_related("enterprise")
        .order_by("-created_at")
    )
    if exclude is not None:
        running = running.exclude(pk=exclude)
    return list(running)


def audit_review_context(application: Application) -> dict:
    """What the review before submission shows besides the shared parts."""
    funding = rules.audit_funding(
        application.enterprise.size_class,
        application.total_cost or Decimal(0),
        application.call.rules,
    )
    return {
        "funding": funding,
        "cost_items": list(application.cost_items.all()),
        "declared_aid": list(application.de_minimis_entries.filter(source=LedgerSource.DECLARED)),
        "documents": list(application.documents.all()),
    }


def audit_pdf_context(application: Application) -> dict:
    """What the receipt and the letter of assignment show."""
    return {
        "application": application,
        "audit": application.audit,
        "cost_items": list(application.cost_items.all()),
        "documents": list(application.documents.all()),
    }


def audit_letter_context(application: Application) -> dict:
    """The letter of assignment: the receipt's data, its date and the proposal's deadline."""
    letter_on = timezone.localdate(application.approved_at) if application.approved_at else None
    return {
        **audit_pdf_context(application),
        "letter_on": letter_on,
        "proposal_days": rules.PROPOSAL_DAYS,
        "proposal_due": rules.proposal_due(letter_on) if letter_on else None,
    }
