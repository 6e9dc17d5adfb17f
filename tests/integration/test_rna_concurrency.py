"""Two concessions to one single undertaking at once (PostgreSQL): the de minimis check
of each sees the other, so together they never pass the ceiling."""

from decimal import Decimal

import pytest
from django.utils import timezone

from trinno_portal.accounts.models import EnterpriseLink, LinkKind
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import (
    Application,
    Call,
    DeMinimisEntry,
    Envelope,
    LedgerSource,
    Regulation,
)
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Status
from trinno_portal.rna.models import AidGrant, AidMeasure

from ..factories import ApplicationFactory, EnterpriseFactory, UserFactory
from .test_concurrency import _postgresql_only, _run_concurrently  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_concessions_to_one_single_undertaking_stay_under_the_ceiling(audit_call):
    Envelope.objects.filter(call=audit_call).update(amount=Decimal("1000000"))
    Call.objects.filter(pk=audit_call.pk).update(total_budget=Decimal("5000000"))
    # Two calls: the budget's row locks (one call's envelopes) do not serialize them.
    other = Call.objects.get(pk=audit_call.pk)
    other.pk, other.code, other.protocol_prefix = None, "audit-bis", "AUB"
    other.save()
    for envelope in Envelope.objects.filter(call=audit_call):
        envelope.pk, envelope.call = None, other
        envelope.save()
    AidMeasure.objects.create(call=other, car="99999", office="Ufficio", responsible_officer="R")
    parent, child = EnterpriseFactory(), EnterpriseFactory()
    EnterpriseLink.objects.create(
        enterprise=child,
        name=parent.legal_name,
        vat_number=parent.vat_number,
        kind=LinkKind.LINKED,
        holding_percent=Decimal("100"),
        staff_awu=Decimal("5"),
        turnover=Decimal("1"),
        balance_sheet=Decimal("1"),
    )
    DeMinimisEntry.objects.create(
        enterprise=parent,
        source=LedgerSource.DECLARED,
        granting_body="Camera di Commercio",
        regulation=Regulation.GENERAL_2023,
        granted_on=timezone.localdate(),
        amount=Decimal("200000.00"),
    )
    # Either fits (260,000), both do not (320,000).
    ids = [
        ApplicationFactory(
            call=call,
            enterprise=enterprise,
            status=Status.ELIGIBLE,
            grant_amount=Decimal("60000.00"),
            submitted_at=timezone.now(),
            protocol_number=f"U-{i}",
        ).pk
        for i, (enterprise, call) in enumerate([(parent, audit_call), (child, other)])
    ]
    officer = UserFactory(is_staff=True)

    def approve(pk):
        return application_approve(application=Application.objects.get(pk=pk), by=officer)

    results = _run_concurrently(approve, [(pk,) for pk in ids])

    assert sum(isinstance(r, Application) for r in results) == 1, results
    assert sum(isinstance(r, FundingError) for r in results) == 1, results
    assert AidGrant.objects.count() == 1
    assert Application.objects.filter(status=Status.APPROVED).count() == 1
