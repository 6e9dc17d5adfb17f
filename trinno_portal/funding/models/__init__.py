"""What every scheme shares: calls and their budget envelopes, applications and their
workflow history, protocol numbers, documents, eligibility outcomes, budget commitments,
monthly rankings and the de minimis ledger.

Scheme apps (audits, catalogue, vouchers) add a one-to-one detail model to Application;
the work queue and the monitoring read this table alone. The models are split by what
they hold (calls, applications, records) and imported here by name: Django loads an
app's models from its `models` module, and the rest of the portal imports them from it.
The staff work queue's models (funding/queue/) and the records of the life after
approval (funding/aftercare/) are imported here for the same reason.
"""

from trinno_portal.funding.aftercare.models import (
    GrantAgreement,
    ProjectFinalReport,
    ProjectInvoice,
)
from trinno_portal.funding.models.agency import AgencyIdentity
from trinno_portal.funding.models.applications import (
    CUP_FORMAT,
    Application,
    CostItem,
    Document,
    EligibilityOutcome,
    StatusChange,
    StatusHistory,
)
from trinno_portal.funding.models.calls import (
    ZERO,
    Call,
    CallDocument,
    CallDocumentKind,
    Envelope,
    EnvelopeKind,
    ProtocolCounter,
    RankingFrequency,
)
from trinno_portal.funding.models.intake import IntakeState, SubmissionIntake
from trinno_portal.funding.models.notifications import Notification
from trinno_portal.funding.models.records import (
    BudgetCommitment,
    DeMinimisEntry,
    LedgerSource,
    Ranking,
    RankingEntry,
    RankingState,
    Regulation,
)
from trinno_portal.funding.queue.models import (
    ApplicationNote,
    DigestSent,
    ExportFormat,
    ExportJob,
    ExportState,
    NoteKind,
)
from trinno_portal.funding.scheme_codes import Scheme
from trinno_portal.funding.workflow import Status

__all__ = [
    "IntakeState",
    "SubmissionIntake",
    "CUP_FORMAT",
    "ZERO",
    "AgencyIdentity",
    "Application",
    "ApplicationNote",
    "BudgetCommitment",
    "Call",
    "CallDocument",
    "CallDocumentKind",
    "CostItem",
    "DeMinimisEntry",
    "DigestSent",
    "Document",
    "EligibilityOutcome",
    "Envelope",
    "EnvelopeKind",
    "ExportFormat",
    "ExportJob",
    "ExportState",
    "GrantAgreement",
    "LedgerSource",
    "NoteKind",
    "Notification",
    "ProjectFinalReport",
    "ProjectInvoice",
    "ProtocolCounter",
    "Ranking",
    "RankingEntry",
    "RankingFrequency",
    "RankingState",
    "Regulation",
    "Scheme",
    "Status",
    "StatusChange",
    "StatusHistory",
]
