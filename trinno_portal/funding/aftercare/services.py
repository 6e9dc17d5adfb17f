"""Writes of the life after approval, for every scheme with Scheme.aftercare.

Each move goes through the dispatcher (funding.dispatch.application_act) and so through
funding.transitions.transition_run: the agreement's acceptance and the acceptance of the
final report are the scheme's services for "start_project" and "accept_final_report"
(SchemeTransition.service), called by the dispatcher in the same transaction.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from trinno_portal.accounts.models import User
from trinno_portal.funding.aftercare.contract import Aftercare
from trinno_portal.funding.aftercare.models import (
    GrantAgreement,
    ProjectFinalReport,
    ProjectInvoice,
)
from trinno_portal.funding.aftercare.rules import FinalGrant, PaidInvoice, final_grant
from trinno_portal.funding.deadlines import add_months
from trinno_portal.funding.models import Application, LedgerSource
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.services import FundingError, budget_release
from trinno_portal.funding.transitions import transition_run
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.rna.services import grant_final_amount_record
from trinno_portal.signatures.final_report import signed_final_report_problem

SIGNED_AGREEMENT = "signed_agreement"
INVOICE = "invoice"
PAYMENT_PROOF = "payment_proof"


def aftercare_of(application: Application) -> Aftercare:
    aftercare = scheme_for(application.scheme).aftercare
    if aftercare is None:
        raise FundingError(_("This application has no grant agreement on the portal."))
    return aftercare


def implementation_months(application: Application, aftercare: Aftercare) -> int:
    """The call's project_months (as funding/deadlines.py reads it), else the scheme's."""
    value = application.call.rules.get("project_months")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return aftercare.implementation_months


@transaction.atomic
def agreement_accept(*, application: Application, by: User, reason: str = "") -> Application:
    """The applicant accepts the grant agreement (the signed copy uploaded first where
    the scheme asks for it): the implementation period starts today."""
    aftercare = aftercare_of(application)
    if (
        aftercare.signed_acceptance_required
        and not application.documents.filter(kind=aftercare.signed_kind).exists()
    ):
        # The scheme's own sentence where the label does not fit the shared one (the
        # gender of the Italian noun: "la lettera ... firmata").
        refusal = aftercare.words.get("signed_first") or _(
            "Upload the signed %(agreement)s first."
        ) % {"agreement": aftercare.agreement_label}
        raise FundingError(str(refusal))
    application = transition_run(
        application=application, transition="start_project", by=by, reason=reason
    )
    today = timezone.localdate()
    GrantAgreement.objects.create(
        application=application,
        kind=aftercare.agreement_kind,
        accepted_at=timezone.now(),
        accepted_by=by,
        starts_on=today,
        ends_on=add_months(today, implementation_months(application, aftercare)),
    )
    return application


@transaction.atomic
def final_report_submit(
    *,
    application: Application,
    by: User,
    summary: str,
    results: str,
    invoices: Sequence[PaidInvoice],
) -> Application:
    """File the final report with its invoices; the proofs are uploaded documents."""
    # Imported here: the dispatcher imports the schemes, whose services import this.
    from trinno_portal.funding.dispatch import application_act

    aftercare = aftercare_of(application)
    if application.status != Status.IN_PROGRESS:
        raise FundingError(_("The final report can be filed only while the project runs."))
    if not invoices:
        raise FundingError(_("Add at least one invoice."))
    if aftercare.proofs_required:
        kinds = set(application.documents.values_list("kind", flat=True))
        if INVOICE not in kinds or PAYMENT_PROOF not in kinds:
            raise FundingError(_("Upload the invoices and the proofs of payment first."))
    unsigned = signed_final_report_problem(application)
    if unsigned:
        raise FundingError(unsigned)
    ProjectFinalReport.objects.update_or_create(
        application=application,
        defaults={
            "summary": summary,
            "results": results,
            "submitted_at": timezone.now(),
            "recomputation": None,
        },
    )
    application.project_invoices.all().delete()
    ProjectInvoice.objects.bulk_create(
        ProjectInvoice(application=application, position=n, **vars(i))
        for n, i in enumerate(invoices)
    )
    return application_act(
        application=application, transition="submit_final_report", by=by, actor=Actor.APPLICANT
    )


def final_grant_of(application: Application) -> FinalGrant:
    """The final grant the report's invoices give, before or after acceptance."""
    aftercare = aftercare_of(application)
    return final_grant(
        terms=aftercare.grant_terms(application),
        approved=application.grant_amount or Decimal("0.00"),
        invoices=[
            PaidInvoice(i.number, i.issued_on, i.supplier, i.amount, i.paid_on)
            for i in application.project_invoices.all()
        ],
        applied_on=timezone.localdate(application.submitted_at),
    )


@transaction.atomic
def final_report_accept(
    *, application: Application, by: User | None, reason: str = ""
) -> Application:
    """Accept the final report: the grant is recomputed on eligible costs actually paid,
    the recomputation kept for the applicant, and what is no longer needed goes back to
    the budget."""
    result = final_grant_of(application)
    # The reasons in every language of the portal, as the eligibility outcomes keep
    # theirs: the applicant reads them in theirs, whichever staff accepted in.
    recomputation = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            recomputation[code] = final_grant_of(application).as_json()
    application = transition_run(
        application=application,
        transition="accept_final_report",
        by=by,
        reason=reason,
        extra={"final_grant": result.amount},
    )
    ProjectFinalReport.objects.filter(application=application).update(recomputation=recomputation)
    budget_release(
        application=application,
        amount=result.released,
        by=by,
        reason=_("Final grant lower than approved"),
    )
    application.de_minimis_entries.filter(source=LedgerSource.PORTAL).update(amount=result.amount)
    # A lower final grant is a variation of the aid in the RNA.
    grant_final_amount_record(application=application, amount=result.amount)
    return application
