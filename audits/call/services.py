"""Writes of the audit application: the draft, step by step, and its submission. The
letter of assignment (a kind of grant agreement), the final report, its invoices and the
final grant are the shared ones (funding/aftercare/services.py), in the audit's terms
(audits/call/scheme.py).

Every step saves under the draft's version (trinno_portal.funding.services.application_touch):
a form opened in a second tab, or after the application was submitted, is refused with a
message and saves nothing.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.call.models import AuditApplication
from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.funding.deminimis import DeclaredAid
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
    Scheme,
)
from trinno_portal.funding.services import application_touch
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
