"""Reads of the RNA app: a grant's COR, the single undertaking's ledger."""

from __future__ import annotations

from django.db.models import Q

from trinno_portal.accounts.models import Enterprise, EnterpriseLink, LinkKind
from trinno_portal.funding.models import Application, DeMinimisEntry
from trinno_portal.rna.models import AidGrant
from trinno_portal.rna.rules import LedgerLine


def grant_cor(application: Application) -> str:
    """The COR of the grant of `application` ("" if it was not registered, or the RNA's
    answer has not come back yet). The concession decree prints it (art. 52(7) law
    234/2012: an act without it does not take effect)."""
    try:
        return application.aid_grant.cor
    except AidGrant.DoesNotExist:
        return ""


def single_undertaking_ids(enterprise: Enterprise) -> list[int]:
    """The enterprise and the enterprises of the portal linked to it (Reg. (EU)
    2023/2831, art. 2(2)), either way round: those it declares as linked, and those
    that declare it."""
    declared = (
        EnterpriseLink.objects.filter(enterprise=enterprise, kind=LinkKind.LINKED)
        .exclude(vat_number="")
        .values("vat_number")
    )
    declaring = EnterpriseLink.objects.filter(
        vat_number=enterprise.vat_number, kind=LinkKind.LINKED
    ).values("enterprise_id")
    ids = Enterprise.objects.filter(
        Q(pk=enterprise.pk) | Q(vat_number__in=declared) | Q(pk__in=declaring)
    ).values_list("pk", flat=True)
    return sorted(ids)


def ledger_lines(enterprise_ids: list[int]) -> list[LedgerLine]:
    return [
        LedgerLine(*row)
        for row in DeMinimisEntry.objects.filter(enterprise_id__in=enterprise_ids).values_list(
            "enterprise_id", "source", "granting_body", "granted_on", "amount", "application_id"
        )
    ]
