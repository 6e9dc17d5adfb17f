"""The application form to sign, downloaded by a member of the applicant; a signed
delegation, downloaded by the legal representative who gave it and the back office."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST, require_safe

from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.selectors import application_for_user
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.files import DocumentType

from . import final_report
from .application_form import application_form_pdf
from .final_report import final_report_signature_required
from .selectors import signed_delegation_for_user


@login_required
@require_GET
def application_form(request: HttpRequest, pk: int) -> HttpResponse:
    # Any application its members can see: the form is its data and declarations as they
    # are now, whether or not the call asks for it signed.
    application = application_for_user(request.user, pk)
    if application.enterprise_id is None:
        raise Http404  # the form is the enterprise's legal representative's
    response = HttpResponse(application_form_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="domanda-{application.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def delegation_download(request: HttpRequest, pk: int) -> FileResponse:
    delegation = signed_delegation_for_user(request.user, pk)
    try:
        handle = delegation.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # An attachment with the type sniffed at upload, as every uploaded document
    # (funding/views_documents.py): never rendered inside the portal's origin.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=delegation.original_name or f"delega{delegation.extension}",
        content_type=(
            delegation.content_type
            if delegation.content_type in {t.value for t in DocumentType}
            else "application/octet-stream"
        ),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def final_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    # The final report's page posts what is typed there (its "download the report to
    # sign" button): the report is not filed yet, so the PDF is made from the page.
    application = application_for_user(request.user, pk)
    if application.status != Status.IN_PROGRESS or not final_report_signature_required(application):
        return redirect(scheme_for(application.scheme).detail_url_name, pk=application.pk)
    response = HttpResponse(
        final_report.final_report_pdf(application, request.POST), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="relazione-finale-{application.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
