"""Writes of the audit application: the draft, step by step, and its submission.

Every step saves under the draft's version (trinno_portal.funding.services.application_touch):
a form opened in a second tab, or after the application was submitted, is refused with a
message and saves nothing.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.call import rules
from audits.call.models import AuditApplication, FinalReport, Invoice
from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.funding.aftercare.rules import PaidInvoice, invoice_line
from trinno_portal.funding.deminimis import DeclaredAid
from trinno_portal.funding.effects import EffectLine, FinalAmount
from trinno_portal.funding.journey.services import (
    draft_de_minimis_replace,
    draft_start,
    draft_step_complete,
    draft_step_save,
)
from trinno_portal.funding.models import (
    Application,
    Call,
    CostItem,
    LedgerSource,
    Scheme,
)
from trinno_portal.funding.services import (
    FundingError,
    application_touch,
    budget_release,
)
from trinno_portal.funding.transitions import transition_run
from trinno_portal.funding.workflow import Actor
from trinno_portal.rna.services import grant_final_amount_record
from trinno_portal.signatures.final_report import signed_final_report_problem
from trinno_portal.signatures.stamp_duty import stamp_duty_declare

# The steps of the application form, in order: (code, title).
STEPS: tuple[tuple[str, object], ...] = (
    ("project", gettext_lazy("Project")),
    ("provider", gettext_lazy("Provider")),
    ("costs", gettext_lazy("Costs")),
    ("de_minimis", gettext_lazy("De minimis")),
    ("stamp", gettext_lazy("Stamp duty")),
    ("documents", gettext_lazy("Documents")),
)
REQUIRED_DOCUMENTS: dict[str, object] = {
    "quote": gettext_lazy("Provider's quote"),
}
OPTIONAL_DOCUMENTS: dict[str, object] = {
    "requirements": gettext_lazy("Provider's qualifications"),
    "other": gettext_lazy("Other document"),
}
INFO_DOCUMENTS: dict[str, object] = {"info_answer": gettext_lazy("Answer to a request")}
LETTER_DOCUMENTS: dict[str, object] = {"signed_letter": gettext_lazy("Signed letter of assignment")}
REPORT_DOCUMENTS: dict[str, object] = {
    "invoice": gettext_lazy("Invoice"),
    "payment_proof": gettext_lazy("Proof of payment"),
}


def steps_for(call: Call) -> list[tuple[str, object]]:
    needs_stamp = call.rules.get("requires_stamp_duty", True)
    return [(code, title) for code, title in STEPS if code != "stamp" or needs_stamp]


def audit_application_start(*, call: Call, enterprise: Enterprise, user: User) -> Application:
    """The enterprise's draft for the call: the existing one, or a new one."""
    return draft_start(
        call=call,
        enterprise=enterprise,
        user=user,
        scheme=Scheme.AUDIT,
        detail=lambda application: AuditApplication.objects.create(
            application=application, service_code=call.rules.get("service_code", "A.1")
        ),
    )


def audit_project_update(
    *,
    application: Application,
    version: int,
    project_summary: str,
    planned_start: dt.date,
    planned_end: dt.date,
) -> None:
    draft_step_save(
        application=application,
        version=version,
        detail=application.audit,
        step="project",
        project_summary=project_summary,
        planned_start=planned_start,
        planned_end=planned_end,
    )


def audit_provider_update(
    *,
    application: Application,
    version: int,
    provider_name: str,
    provider_vat_number: str,
    provider_requirements: str,
) -> None:
    draft_step_save(
        application=application,
        version=version,
        detail=application.audit,
        step="provider",
        provider_name=provider_name,
        provider_vat_number=provider_vat_number,
        provider_requirements=provider_requirements,
    )


@transaction.atomic
def audit_costs_replace(
    *, application: Application, version: int, items: Sequence[tuple[str, Decimal]]
) -> Decimal:
    """Replace the planned cost items; the total is the planned investment."""
    application_touch(application=application, version=version)
    application.cost_items.all().delete()
    CostItem.objects.bulk_create(
        CostItem(application=application, description=d, amount=a, position=i)
        for i, (d, a) in enumerate(items)
    )
    total = sum((a for _d, a in items), Decimal("0.00"))
    Application.objects.filter(pk=application.pk).update(total_cost=total)
    application.total_cost = total
    audit = application.audit
    draft_step_complete(audit, "costs")
    audit.save()
    return total


def audit_de_minimis_replace(
    *, application: Application, version: int, declared: bool, aid: Sequence[DeclaredAid]
) -> None:
    """Replace the de minimis aid declared with this application."""
    draft_de_minimis_replace(
        application=application,
        version=version,
        detail=application.audit,
        declared=declared,
        aid=aid,
    )


@transaction.atomic
def audit_stamp_update(
    *, application: Application, version: int, serial: str, issued_on: dt.date
) -> None:
    application_touch(application=application, version=version)
    # Unique across the portal (trinno_portal/signatures/stamp_duty.py).
    stamp_duty_declare(application=application, serial=serial, issued_on=issued_on)
    audit = application.audit
    audit.stamp_duty_serial = serial
    draft_step_complete(audit, "stamp")
    audit.save()


def audit_application_problems(application: Application) -> list[str]:
    """What is still missing before the draft can be submitted (empty: ready)."""
    audit = application.audit
    problems = []
    titles = dict(STEPS)
    for code, _title in steps_for(application.call):
        if code != "documents" and code not in audit.completed_steps:
            problems.append(_("Complete the step “%(step)s”.") % {"step": titles[code]})
    if not application.cost_items.exists():
        problems.append(_("Add at least one cost item."))
    if "de_minimis" in audit.completed_steps and not audit.de_minimis_declared:
        problems.append(_("Confirm the de minimis declaration."))
    kinds = set(application.documents.values_list("kind", flat=True))
    for kind, label in REQUIRED_DOCUMENTS.items():
        if kind not in kinds:
            problems.append(_("Upload the document “%(kind)s”.") % {"kind": label})
    return problems


def audit_snapshot(application: Application) -> dict:
    """The figures frozen at submission (funding.submission.application_submit)."""
    enterprise = application.enterprise
    return {"province": enterprise.province, "size_class": enterprise.size_class}


@transaction.atomic
def audit_letter_sign(*, application: Application, by: User, reason: str = "") -> Application:
    """The applicant accepts the letter of assignment (signed copy uploaded first): the
    audit's service for start_project (audits/call/scheme.py)."""
    if not application.documents.filter(kind="signed_letter").exists():
        raise FundingError(_("Upload the signed letter of assignment first."))
    application = transition_run(
        application=application, transition="start_project", by=by, reason=reason
    )
    AuditApplication.objects.filter(pk=application.pk).update(
        letter_signed_at=timezone.now(), letter_signed_by=by
    )
    return application


# An invoice of the final report, as the shared final-report page hands it over.
InvoiceData = PaidInvoice


@transaction.atomic
def audit_final_report_submit(
    *,
    application: Application,
    by: User,
    summary: str,
    results: str,
    invoices: Sequence[InvoiceData],
) -> Application:
    if not invoices:
        raise FundingError(_("Add at least one invoice."))
    # Where the call requires the report signed (rules.signatures.final_report).
    unsigned = signed_final_report_problem(application)
    if unsigned:
        raise FundingError(unsigned)
    FinalReport.objects.update_or_create(
        application=application,
        defaults={"summary": summary, "results": results, "submitted_at": timezone.now()},
    )
    application.audit_invoices.all().delete()
    Invoice.objects.bulk_create(Invoice(application=application, **vars(i)) for i in invoices)
    # Imported here: the dispatcher imports the schemes, and the audit's imports this.
    from trinno_portal.funding.dispatch import application_act

    return application_act(
        application=application, transition="submit_final_report", by=by, actor=Actor.APPLICANT
    )


def audit_final_grant_preview(application: Application) -> FinalAmount:
    """The final grant accepting the report sets: the call's rule on the eligible costs
    paid, each invoice with whether it counts (read by the officer's confirmation too,
    funding/effects.py)."""
    submitted_on = timezone.localdate(application.submitted_at)
    lines = [
        invoice_line(
            PaidInvoice(i.number, i.issued_on, i.supplier, i.amount, i.paid_on), submitted_on
        )
        for i in application.audit_invoices.all()
    ]
    approved = application.grant_amount or Decimal("0.00")
    amount = rules.final_grant(
        application.call.rules,
        application.size_class,
        approved,
        sum((x.counted for x in lines), Decimal("0.00")),
    )
    return FinalAmount(
        amount=amount,
        lines=tuple(
            EffectLine(f"{x.number} · {x.supplier}", x.amount, x.counted, str(x.reason))
            for x in lines
        ),
    )


@transaction.atomic
def audit_final_report_accept(
    *, application: Application, by: User, reason: str = ""
) -> Application:
    """Accept the final report: the grant is recomputed on eligible costs actually paid,
    and what is no longer needed goes back to the budget."""
    approved = application.grant_amount or Decimal("0.00")
    final = audit_final_grant_preview(application).amount
    application = transition_run(
        application=application,
        transition="accept_final_report",
        by=by,
        reason=reason,
        extra={"final_grant": final},
    )
    budget_release(
        application=application,
        amount=approved - final,
        by=by,
        reason=_("Final grant lower than approved"),
    )
    application.de_minimis_entries.filter(source=LedgerSource.PORTAL).update(amount=final)
    # A lower final grant is a variation of the aid in the RNA.
    grant_final_amount_record(application=application, amount=final)
    return application
