"""The application workflow as data: states, and transitions with who may make each.

One table for every scheme (audits, catalogue services, vouchers), written with the
shared engine (trinno_portal/lib/workflow.py, the courses' table too). Each transition is
carried out by trinno_portal.funding.transitions.transition_run, a guarded UPDATE
(funding/engine.py) that only succeeds from one of the listed sources, so that two
clicks, two tabs or two officers can never apply the same transition twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trinno_portal.lib.workflow import Transition, Workflow
from trinno_portal.lib.workflow import transition as _t


# Status labels have a context of their own: in Italian an application (la domanda) is
# "Approvata", while a course (il corso) is "Approvato" under the same English word.
class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    ELIGIBLE = "eligible", pgettext_lazy("application status", "Eligible")
    NOT_ELIGIBLE = "not_eligible", pgettext_lazy("application status", "Not eligible")
    UNDER_ASSESSMENT = "under_assessment", pgettext_lazy("application status", "Under assessment")
    INFO_REQUESTED = "info_requested", pgettext_lazy("application status", "Information requested")
    # Law 241/1990 art. 10-bis: the reasons for rejecting were sent, the applicant may answer.
    PREAVVISO = "preavviso", pgettext_lazy("application status", "Notice of intended rejection")
    RANKED = "ranked", pgettext_lazy("application status", "Ranked")
    APPROVED = "approved", pgettext_lazy("application status", "Approved")
    REJECTED = "rejected", pgettext_lazy("application status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")
    IN_PROGRESS = "in_progress", pgettext_lazy("application status", "Project in progress")
    FINAL_REPORT = "final_report", pgettext_lazy("application status", "Final report submitted")
    MONITORING = "monitoring", pgettext_lazy("application status", "Monitoring")
    CLOSED = "closed", pgettext_lazy("application status", "Closed")


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    STAFF = "staff", _("Arezzo Innovazione staff")
    SYSTEM = "system", _("The portal")


S, A = Status, Actor
# Open states: an applicant may still withdraw, staff may still reject.
_OPEN = {S.SUBMITTED, S.ELIGIBLE, S.UNDER_ASSESSMENT, S.INFO_REQUESTED, S.RANKED}
# States from which staff may give notice of an intended rejection (law 241/1990 art.
# 10-bis); docs/procedure.md.
_PREAVVISO_FROM = {S.ELIGIBLE, S.UNDER_ASSESSMENT, S.RANKED, S.NOT_ELIGIBLE}

APPLICATION_WORKFLOW = Workflow(
    [
        _t("submit", {S.DRAFT}, S.SUBMITTED, {A.APPLICANT}, _("Submit")),
        _t("withdraw", {S.DRAFT, S.PREAVVISO} | _OPEN, S.WITHDRAWN, {A.APPLICANT}, _("Withdraw")),
        _t("mark_eligible", {S.SUBMITTED}, S.ELIGIBLE, {A.SYSTEM}, _("Mark eligible")),
        _t(
            "mark_not_eligible",
            {S.SUBMITTED},
            S.NOT_ELIGIBLE,
            {A.SYSTEM},
            _("Mark not eligible"),
        ),
        _t(
            "start_assessment",
            {S.ELIGIBLE},
            S.UNDER_ASSESSMENT,
            {A.STAFF},
            _("Start assessment"),
        ),
        _t(
            "request_info",
            {S.SUBMITTED, S.ELIGIBLE, S.UNDER_ASSESSMENT, S.RANKED},
            S.INFO_REQUESTED,
            {A.STAFF},
            _("Request information"),
            needs_reason=True,
        ),
        _t(
            "answer_info",
            {S.INFO_REQUESTED},
            S.UNDER_ASSESSMENT,
            {A.APPLICANT},
            _("Send the answer"),
            needs_reason=True,
        ),
        # Soccorso istruttorio unanswered by its reply deadline (funding/deadlines.py:
        # info_answer_days): the assessment goes on with what is on file.
        _t(
            "expire_info",
            {S.INFO_REQUESTED},
            S.UNDER_ASSESSMENT,
            {A.SYSTEM},
            _("Close the unanswered request"),
            needs_reason=True,
        ),
        _t(
            "send_preavviso",
            _PREAVVISO_FROM,
            S.PREAVVISO,
            {A.STAFF},
            _("Send notice of intended rejection"),
            needs_reason=True,
        ),
        _t(
            "answer_preavviso",
            {S.PREAVVISO},
            S.UNDER_ASSESSMENT,
            {A.APPLICANT},
            _("Send the observations"),
            needs_reason=True,
        ),
        _t(
            "expire_preavviso",
            {S.PREAVVISO},
            S.UNDER_ASSESSMENT,
            {A.SYSTEM},
            _("Close the notice without observations"),
            needs_reason=True,
        ),
        _t("rank", {S.ELIGIBLE, S.UNDER_ASSESSMENT}, S.RANKED, {A.SYSTEM, A.STAFF}, _("Rank")),
        _t(
            "approve",
            {S.ELIGIBLE, S.UNDER_ASSESSMENT, S.RANKED},
            S.APPROVED,
            {A.STAFF},
            _("Approve"),
        ),
        _t(
            "reject",
            _OPEN | {S.NOT_ELIGIBLE},
            S.REJECTED,
            {A.STAFF},
            _("Reject"),
            needs_reason=True,
        ),
        _t("start_project", {S.APPROVED}, S.IN_PROGRESS, {A.APPLICANT}, _("Sign the letter")),
        _t(
            "submit_final_report",
            {S.IN_PROGRESS},
            S.FINAL_REPORT,
            {A.APPLICANT},
            _("Submit the final report"),
        ),
        _t(
            "accept_final_report",
            {S.FINAL_REPORT},
            S.MONITORING,
            {A.STAFF},
            _("Accept the final report"),
        ),
        # Back to the project with the reason, for a new report (a voucher's payment
        # request refused: the person files a corrected one).
        _t(
            "refuse_final_report",
            {S.FINAL_REPORT},
            S.IN_PROGRESS,
            {A.STAFF},
            _("Refuse the final report"),
            needs_reason=True,
        ),
        _t("close", {S.MONITORING}, S.CLOSED, {A.STAFF}, _("Close")),
    ]
)
TRANSITIONS: dict[str, Transition] = APPLICATION_WORKFLOW.transitions

# States in which the applicant is waiting for nobody but themselves.
APPLICANT_EDITABLE = frozenset({S.DRAFT})
# States whose grant holds budget.
COMMITTED_STATES = frozenset({S.APPROVED, S.IN_PROGRESS, S.FINAL_REPORT, S.MONITORING, S.CLOSED})


def grant_is_conceded(status: str) -> bool:
    """Whether an application's grant is conceded or only proposed: the eligibility job
    computes the amount, the approval concedes it. Pages say "proposed" before that, so
    that an eligible voucher never reads "granted" (law 241/1990: the concession is an act).
    """
    return status in COMMITTED_STATES


def transitions_from(status: str, actor: str) -> list[Transition]:
    """The transitions an actor may make from a status, in table order."""
    return APPLICATION_WORKFLOW.transitions_from(status, actor)
