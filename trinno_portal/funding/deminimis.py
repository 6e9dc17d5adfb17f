"""The de minimis ledger: aid the applicant declares with an application."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from trinno_portal.funding.models import Application, DeMinimisEntry, LedgerSource


@dataclass(frozen=True)
class DeclaredAid:
    granting_body: str
    measure: str
    regulation: str
    granted_on: dt.date
    amount: Decimal


def de_minimis_declarations_replace(
    *, application: Application, aid: Sequence[DeclaredAid]
) -> None:
    """Replace the aid declared with this application in the enterprise's ledger.

    Call inside the transaction that saves the step (after application_touch)."""
    DeMinimisEntry.objects.filter(application=application, source=LedgerSource.DECLARED).delete()
    DeMinimisEntry.objects.bulk_create(
        DeMinimisEntry(
            enterprise_id=application.enterprise_id,
            application=application,
            source=LedgerSource.DECLARED,
            granting_body=a.granting_body,
            measure=a.measure,
            regulation=a.regulation,
            granted_on=a.granted_on,
            amount=a.amount,
        )
        for a in aid
    )
