"""Pure rules of the RNA's checks: the single undertaking's de minimis aid, and the
deadline of the confirmation of a concession."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from trinno_portal.funding.rules import AidReceived, RuleOutcome, rule_de_minimis

# DM 115/2017, art. 9(1): the granting body confirms the concession in the Register
# within 20 days of the date of the act.
CONFIRMATION_DAYS = 20


@dataclass(frozen=True)
class LedgerLine:
    """One line of a ledger of the single undertaking, as the check reads it."""

    enterprise_id: int
    source: str  # "declared" or "portal" (funding.models.LedgerSource)
    granting_body: str
    granted_on: dt.date
    amount: Decimal
    application_id: int | None = None


def single_undertaking_aid(lines: Iterable[LedgerLine], *, excluding: int) -> list[AidReceived]:
    """The aid received by the single undertaking (Reg. (EU) 2023/2831, art. 2(2): the
    enterprise with its linked enterprises), each aid counted once.

    The same aid from another body is declared again with each application of an
    enterprise; it counts once (same enterprise, body, date and amount). The portal's
    own grants are counted from the portal's record, and the grant of application
    `excluding` (the one being conceded) is left out: the caller adds it."""
    seen: set[tuple] = set()
    aid = []
    for line in lines:
        if line.source == "portal":
            if line.application_id == excluding:
                continue
            key = ("portal", line.application_id)
        else:
            key = (
                line.enterprise_id,
                line.granting_body.strip().lower(),
                line.granted_on,
                line.amount,
            )
        if key in seen:
            continue
        seen.add(key)
        aid.append(AidReceived(line.granted_on, line.amount))
    return aid


def concession_de_minimis(aid: list[AidReceived], grant: Decimal, on: dt.date) -> RuleOutcome:
    """The ceiling on the concession date (Reg. (EU) 2023/2831, art. 3(2): 300,000 EUR
    over three years), the same rule as the eligibility check at submission."""
    return rule_de_minimis(aid, grant, on)


def confirmation_due(granted_on: dt.date) -> dt.date:
    return granted_on + dt.timedelta(days=CONFIRMATION_DAYS)


def is_freelancer_tax_code(tax_code: str) -> bool:
    """A natural person's codice fiscale (16 characters: a freelancer's, who is an
    undertaking for the aid rules) rather than a company's (11 digits)."""
    return len(tax_code.strip()) == 16
