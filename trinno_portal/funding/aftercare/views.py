"""The applicant's pages of the life after approval, the same for every scheme with
Scheme.aftercare: the agreement (download, signed upload, acceptance) and the final
report. Thin callers of the services; every page goes through application_for_user
(404 for anybody who is not a member of the applicant enterprise)."""

import functools
from collections.abc import Callable, Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinno_portal.funding.aftercare import forms, services
from trinno_portal.funding.aftercare.contract import Aftercare
from trinno_portal.funding.aftercare.rules import PaidInvoice
from trinno_portal.funding.aftercare.selectors import AFTER_APPROVAL
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.documents import DocumentUploadForm, document_upload
from trinno_portal.funding.models import Application
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.selectors import application_for_user
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.views_applicant import applicant_upload, pdf_attachment
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.lib.pdf import render_pdf
from trinno_portal.rna.selectors import grant_cor
from trinno_portal.signatures.final_report import final_report_kinds

REPORT_DOCUMENTS = {
    services.INVOICE: gettext_lazy("Invoice"),
    services.PAYMENT_PROOF: gettext_lazy("Proof of payment"),
}


class _NotYet(Exception):
    """The applicant's own application has no such page (yet): back to its page."""

    def __init__(self, application: Application) -> None:
        self.application = application


def _application_for(request: HttpRequest, pk: int) -> tuple[Application, Aftercare]:
    application = application_for_user(request.user, pk)  # 404 for anybody else's
    aftercare = scheme_for(application.scheme).aftercare
    if aftercare is None or application.status not in AFTER_APPROVAL:
        raise _NotYet(application)
    return application, aftercare


def _owner_page(view):
    """The owner who opens a page of a later phase is sent to the application's page
    with a word, not a 404: the link may be an old e-mail's or another tab's."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            return view(request, pk)
        except _NotYet as exc:
            messages.info(request, _("This page is not available for the application now."))
            return _detail(exc.application)

    return wrapped


def _detail(application: Application) -> HttpResponse:
    return redirect(scheme_for(application.scheme).detail_url_name, pk=application.pk)


@login_required
@require_GET
@_owner_page
def agreement_download(request: HttpRequest, pk: int) -> HttpResponse:
    application, aftercare = _application_for(request, pk)
    return agreement_pdf(application, aftercare)


def agreement_pdf(application: Application, aftercare: Aftercare) -> HttpResponse:
    """The agreement's PDF, in the scheme's template and words (the audit's letter page
    serves it too)."""
    extra = aftercare.agreement_context(application) if aftercare.agreement_context else {}
    pdf = render_pdf(
        aftercare.agreement_template,
        {
            "application": application,
            "implementation_months": services.implementation_months(application, aftercare),
            "cor": grant_cor(application),
            **extra,
        },
    )
    return pdf_attachment(pdf, f"{aftercare.agreement_filename}-{application.protocol_number}.pdf")


@login_required
@require_POST
@_owner_page
def agreement_accept(request: HttpRequest, pk: int) -> HttpResponse:
    application, aftercare = _application_for(request, pk)
    try:
        if aftercare.signed_acceptance_required:
            label = _("Signed %(agreement)s") % {"agreement": aftercare.agreement_label}
            form = DocumentUploadForm(
                request.POST, request.FILES, kinds=[(aftercare.signed_kind, label)]
            )
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, " ".join(errors))
                return _detail(application)
            document_upload(
                application=application,
                kind=aftercare.signed_kind,
                uploaded_file=form.cleaned_data["file"],
                user=request.user,
                allowed_statuses=[Status.APPROVED],
            )
        application_act(
            application=application,
            transition="start_project",
            by=request.user,
            actor=Actor.APPLICANT,
        )
        messages.success(
            request,
            _("%(agreement)s accepted: the project has started.")
            % {"agreement": str(aftercare.agreement_label).capitalize()},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except FundingError as exc:
        messages.error(request, str(exc))
    return _detail(application)


def final_report_page(
    request: HttpRequest,
    application: Application,
    *,
    document_kinds: Mapping[str, object],
    submit: Callable[[str, str, list[PaidInvoice]], object],
    detail_url_name: str,
) -> HttpResponse:
    """The final report's page of an application in progress: the proofs uploaded (what
    was typed stays across uploads), then the report and its invoices handed to `submit`
    (which raises FundingError to refuse). Shared by this module and the audit's page."""
    detail = redirect(detail_url_name, pk=application.pk)
    if application.status != Status.IN_PROGRESS:
        return detail
    kinds = [(k, str(v)) for k, v in document_kinds.items()]
    upload_form = DocumentUploadForm(kinds=kinds)
    form = forms.FinalReportForm(request.POST or None)
    applied_on = {"applied_on": timezone.localdate(application.submitted_at)}
    invoices = forms.InvoiceFormSet(request.POST or None, prefix="inv", form_kwargs=applied_on)
    if request.method == "POST" and "upload" in request.POST:
        upload_form = DocumentUploadForm(request.POST, request.FILES, kinds=kinds)
        applicant_upload(request, application, upload_form, allowed_statuses=[Status.IN_PROGRESS])
        form = forms.FinalReportForm(initial=request.POST)
        invoices = forms.InvoiceFormSet(
            initial=forms.typed_invoices(request.POST), prefix="inv", form_kwargs=applied_on
        )
    elif request.method == "POST":
        if form.is_valid() and invoices.is_valid():
            rows = [
                PaidInvoice(r["number"], r["issued_on"], r["supplier"], r["amount"], r["paid_on"])
                for r in invoices.filled()
            ]
            try:
                submit(form.cleaned_data["summary"], form.cleaned_data["results"], rows)
            except FundingError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Final report submitted."))
                return detail
        else:
            messages.error(request, _("Please correct the errors below: nothing was saved yet."))
    return render(
        request,
        "funding/aftercare/final_report.html",
        {
            "application": application,
            "form": form,
            "invoices": invoices,
            "upload_form": upload_form,
            "documents": list(application.documents.filter(kind__in=document_kinds)),
            "detail_url_name": detail_url_name,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@_owner_page
def final_report(request: HttpRequest, pk: int) -> HttpResponse:
    application, _aftercare = _application_for(request, pk)

    def submit(summary: str, results: str, invoices: list[PaidInvoice]) -> None:
        services.final_report_submit(
            application=application,
            by=request.user,
            summary=summary,
            results=results,
            invoices=invoices,
        )

    return final_report_page(
        request,
        application,
        document_kinds={**REPORT_DOCUMENTS, **final_report_kinds(application)},
        submit=submit,
        detail_url_name=scheme_for(application.scheme).detail_url_name,
    )
