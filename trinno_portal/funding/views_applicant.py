"""What every scheme's applicant pages do the same way: withdraw, answer a request for
information, serve a PDF. Scheme views find the application (404 if not the user's) and
call these; the messages they add are the same in every scheme."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from trinno_portal.funding.dispatch import application_act, application_reply
from trinno_portal.funding.documents import document_upload
from trinno_portal.funding.forms import AnswerForm
from trinno_portal.funding.models import Application
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.procedure.selectors import clock_for, last_preavviso
from trinno_portal.rna.selectors import grant_cor


def applicant_withdraw(request: HttpRequest, application: Application) -> None:
    try:
        application_act(
            application=application,
            transition="withdraw",
            by=request.user,
            actor=Actor.APPLICANT,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("The application was withdrawn."))
    except FundingError as exc:
        messages.error(request, str(exc))


def applicant_reply(
    request: HttpRequest,
    application: Application,
    *,
    transition: str,
    document_kind: str,
    empty_message: str,
    sent_message: str,
) -> bool:
    """The applicant's reply with an optional document (dispatch.application_reply):
    nothing is saved if either part is refused, and the refusal is said on the page."""
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, empty_message)
        return False
    try:
        application_reply(
            application=application,
            by=request.user,
            transition=transition,
            text=form.cleaned_data["text"],
            upload=request.FILES.get("file"),
            document_kind=document_kind,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    except FundingError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, sent_message)
    return True


def applicant_upload(
    request: HttpRequest, application: Application, upload_form, *, allowed_statuses
) -> bool:
    """A document from the page's upload form (funding.forms.DocumentUploadForm), accepted
    in the given statuses; a refusal is put on the form's file field."""
    if not upload_form.is_valid():
        return False
    try:
        document_upload(
            application=application,
            kind=upload_form.cleaned_data["kind"],
            uploaded_file=upload_form.cleaned_data["file"],
            user=request.user,
            allowed_statuses=allowed_statuses,
        )
    except ValidationError as exc:
        upload_form.add_error("file", exc)
        return False
    messages.success(request, _("Document uploaded."))
    return True


def applicant_answer(request: HttpRequest, application: Application) -> None:
    """Answer a request for information; the application then returns to the officer's
    queue."""
    applicant_reply(
        request,
        application,
        transition="answer_info",
        document_kind="info_answer",
        empty_message=_("Write your answer before sending it."),
        sent_message=_("Your answer was sent to Arezzo Innovazione."),
    )


def posted_version(request: HttpRequest) -> int:
    """The draft version a form was opened with. A missing or forged value gives -1, which
    never matches, so application_touch refuses the save instead of guessing."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def pdf_attachment(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def applicant_page_context(application: Application) -> dict:
    """What every scheme's application page shows: outcomes, documents, history, the
    last request for information, and the procedure's officer, clock and notice of
    intended rejection (procedure/)."""
    return {
        "application": application,
        "outcomes": list(application.eligibility_outcomes.all()),
        "history": list(application.status_changes.select_related("by")),
        # With each document's signature report, if any (one query, not one per document).
        "documents": list(application.documents.select_related("signature_verification")),
        "answer_form": AnswerForm(),
        "last_request": application.status_changes.filter(transition="request_info").last(),
        # The RNA's code of the grant (art. 52 law 234/2012): read only once approved.
        "cor": grant_cor(application) if application.approved_at else "",
        "clock": clock_for(application),
        "last_preavviso": (
            last_preavviso(application) if application.status == Status.PREAVVISO else None
        ),
    }
