"""What a scheme says about its payment claims (Scheme.payments).

Kept apart from the services so that funding/schemes.py can name the type without
importing the services (which read the schemes)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from trinno_portal.accounts.models import User
from trinno_portal.funding.aftercare.contract import GrantTerms
from trinno_portal.funding.models import Application
from trinno_portal.funding.payments.rules import Hours


@dataclass(frozen=True)
class PaymentTerms:
    """The scheme's inputs to the shared payment claims (docs/payments.md). The kinds of
    claim, their caps and the second-level sample are the call's data
    (call.rules["payments"]); what varies by scheme is here."""

    # The rate and cap of the grant, the same rule as the final grant's
    # (aftercare.rules.final_grant): a claim pays the rate on its eligible costs.
    grant_terms: Callable[[Application], GrantTerms]
    # The project period costs must fall in (None: open); the default reads the grant
    # agreement (funding/aftercare).
    period: Callable[[Application], tuple[dt.date | None, dt.date | None]] | None = None
    # For a scheme whose costs are catalogue services: whether the supplier with this
    # Partita IVA meets the requirements of the operation's services' providers.
    provider_ok: Callable[[Application, str], bool] | None = None
    # The balance asks for the deliverables (a document of kind "claim_deliverable").
    deliverables_required: bool = True
    # What the scheme calls its deliverable on the claim's upload form (the voucher's:
    # the attendance register or certificate); None: "Deliverable".
    deliverable_label: str | Promise | None = None
    # Why this user may not file a claim on this operation, or None. None: a member of
    # the beneficiary enterprise files it (the voucher's claimant is the person).
    claimant_problem: Callable[[Application, User], str | None] | None = None
    # For a scheme paid on hours attended: the hours the claim carries, frozen at
    # submission and judged by rules.rule_hours (None before they are reported).
    hours: Callable[[Application], Hours | None] | None = None
    # A payment order needs a regular DURC (DM 30 gennaio 2015): an enterprise's. A
    # person reimbursed for a course is no employer and has none.
    durc_required: bool = True
    # Whether the balance claim is the scheme's final report: filing it moves the
    # operation to the final report, refusing it moves it back, and paying it writes the
    # final grant (the amount paid in total) and moves it on to monitoring. True for the
    # voucher, whose workflow has no other final report. False where the final report
    # is a step of its own that already wrote the final grant and moved the operation on
    # (the audit and the catalogue services: funding/aftercare), so the balance moves
    # nothing.
    completes_on_balance: bool = False
