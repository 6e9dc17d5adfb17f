"""The final report signed, where the call's rules list `final_report` under
"signatures" (fixtures/calls_*.json): the report's page asks for the signed report among
its documents (verified at upload like every signed document, services.signed_upload_check)
and the report cannot be filed without it.

The portal writes the report to sign: the page's "download the report to sign" button
posts what is typed there to `final_report_pdf`, which returns it as a PDF on the
agency's letterhead; the legal representative signs that file and uploads it."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import SignatureVerification
from .selectors import signature_requirement

FINAL_REPORT_KIND = "final_report"


def final_report_signature_required(application) -> bool:
    return signature_requirement(rules=application.call.rules, kind=FINAL_REPORT_KIND) is not None


def final_report_kinds(application) -> dict[str, object]:
    """The upload choice for the signed report, where the call requires it."""
    if not final_report_signature_required(application):
        return {}
    return {FINAL_REPORT_KIND: gettext_lazy("Final report, digitally signed")}


def signed_final_report_problem(application) -> str | None:
    """Why the final report cannot be filed yet for want of its signed copy, or None."""
    if not final_report_signature_required(application):
        return None
    if SignatureVerification.objects.filter(
        document__application=application, document__kind=FINAL_REPORT_KIND, valid=True
    ).exists():
        return None
    return _(
        "Upload the final report signed digitally by the legal representative before submitting it."
    )


def final_report_reference(*, application, summary: str, results: str, invoices) -> str:
    """Which report the PDF is: the application and a digest of what it says, written in
    the PDF's Keywords so that staff can tell two versions of the report apart."""
    import hashlib

    lines = [summary, results] + [
        "|".join(str(row.get(f, "")) for f in ("number", "issued_on", "supplier", "amount"))
        for row in invoices
    ]
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    return f"trinno-final-report:{application.pk}:{digest}"


def final_report_data(application, data) -> dict[str, object]:
    """The report as typed on its page (`data`: the page's POST), before it is filed: the
    activities, the invoices that are valid as typed (those with an error are left out,
    and counted) and their total."""
    from trinno_portal.funding.aftercare import forms

    form = forms.FinalReportForm(data)
    form.is_valid()
    applied_on = {"applied_on": timezone.localdate(application.submitted_at)}
    invoices = forms.InvoiceFormSet(data, prefix="inv", form_kwargs=applied_on)
    invoices.is_valid()
    rows, left_out = [], 0
    for invoice in invoices.forms:
        if not invoice.has_changed():
            continue
        cleaned = getattr(invoice, "cleaned_data", None) or {}
        if cleaned.get("DELETE"):
            continue
        if invoice.errors:
            left_out += 1
            continue
        rows.append(cleaned)
    return {
        "summary": form.cleaned_data.get("summary", ""),
        "results": form.cleaned_data.get("results", ""),
        "invoices": rows,
        "left_out": left_out,
        "total": sum((row["amount"] for row in rows), Decimal("0.00")),
    }


def final_report_pdf(application, data) -> bytes:
    """The final report to sign, as a PDF on the agency's letterhead: what was done, the
    results, the invoices and their total, and the legal representative's declaration
    (DPR 445/2000 art. 47) that they are true."""
    from trinno_portal.accounts.models import MemberRole
    from trinno_portal.lib.pdf import render_pdf

    report = final_report_data(application, data)
    legal_rep = (
        application.enterprise.memberships.filter(role=MemberRole.LEGAL_REPRESENTATIVE)
        .select_related("user")
        .first()
        if application.enterprise
        else None
    )
    return render_pdf(
        "signatures/pdf/final_report.html",
        {
            **report,
            "application": application,
            "enterprise": application.enterprise,
            "legal_representative": legal_rep.user.get_full_name() if legal_rep else "",
            "reference": final_report_reference(
                application=application,
                summary=report["summary"],
                results=report["results"],
                invoices=report["invoices"],
            ),
            "generated_at": timezone.now(),
        },
    )
