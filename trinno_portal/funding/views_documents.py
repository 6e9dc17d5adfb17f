"""Download of an application's document, for its applicants and the back office, and of
a call's published documents, for anyone."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from trinno_portal.funding.models import CallDocument, Document
from trinno_portal.funding.selectors import application_for_user, user_is_back_office
from trinno_portal.lib.files import DocumentType, sanitize_filename


def _get_document_for_user(user, pk: int) -> Document:
    """The document if the user may see its application, else 404 (never 403: no hint
    that it exists)."""
    document = get_object_or_404(Document.objects.select_related("application"), pk=pk)
    if not user_is_back_office(user):
        application_for_user(user, document.application_id)
    return document


@require_safe
@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = _get_document_for_user(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # Always an attachment with the type sniffed at upload: the browser never renders
    # an uploaded file inside the portal's origin (X-Content-Type-Options: nosniff is
    # added by SecurityMiddleware, SECURE_CONTENT_TYPE_NOSNIFF).
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=(
            document.content_type
            if document.content_type in {t.value for t in DocumentType}
            else "application/octet-stream"
        ),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def call_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A call's published document, to anyone: the call text and its annexes are public
    acts. A PDF checked at upload (lib/uploads.py: validate_published_pdf), always sent as
    an attachment named after its title."""
    document = get_object_or_404(CallDocument, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=sanitize_filename(document.display_title, extension=".pdf"),
        content_type=DocumentType.PDF.content_type,
    )
