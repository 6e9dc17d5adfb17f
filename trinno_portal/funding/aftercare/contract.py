"""What a scheme says about its life after approval (Scheme.aftercare).

Kept apart from the services so that funding/schemes.py can name the type without
importing the dispatcher (which imports the schemes).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise

from trinno_portal.funding.models import Application


@dataclass(frozen=True)
class GrantTerms:
    """What the final grant is recomputed from (aftercare.rules.final_grant): the rate
    of the approval, the cost it capped, and the minimum cost below which no grant is
    due (0: none)."""

    rate_percent: Decimal
    cost_cap: Decimal
    minimum_cost: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class Aftercare:
    """The shared life after approval, in one scheme's terms: the grant agreement and
    its acceptance, the implementation period, the final report with invoices and proof
    of payment, the final grant recomputed on eligible costs actually paid, the budget
    released, the monitoring period and closure (docs/aftercare.md)."""

    # The kind of grant agreement ("letter of assignment", "grant agreement") and the
    # PDF template the applicant downloads.
    agreement_kind: str
    agreement_label: str | Promise
    agreement_template: str
    # The signed copy must be uploaded (a document of kind `signed_kind`) before the
    # agreement is accepted.
    signed_acceptance_required: bool
    # The final grant rule's inputs for one approved application (the audit's read its
    # size class's row of the call's funding table).
    grant_terms: Callable[[Application], GrantTerms]
    # The invoices and the proofs of payment must be uploaded before the report is
    # filed. The audit's report never asked for them (they are offered on its page), and
    # moving it onto the shared machinery did not change what its applicants must do.
    proofs_required: bool = True
    # The kind of the signed copy's document (the audit's letter keeps "signed_letter"),
    # what the PDF shows besides the application (the audit's letter: its date and the
    # provider's deadline), and the PDF's file name before the protocol number.
    signed_kind: str = "signed_agreement"
    agreement_context: Callable[[Application], dict] | None = None
    agreement_filename: str = "accordo"
    # Months when the call's rules say nothing (funding/deadlines.py reads
    # project_months and monitoring_months first).
    implementation_months: int = 6
    monitoring_months: int = 6
    # The scheme's words on the applicant's pages ("signed_first": the refusal of an
    # acceptance without the signed copy).
    words: dict[str, str | Promise] = field(default_factory=dict)
