"""Documents attached to an application: the upload form, and the services that store
and delete them.

A document is accepted for what its bytes are (a PDF, or a CAdES signed .p7m), never for
its name or the browser's Content-Type; it is stored under a random name and its SHA-256
is kept, so that staff can tell later that the file is the one the applicant sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Document
from trinno_portal.funding.selectors import application_visible_to
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.files import (
    DocumentType,
    document_max_bytes,
    pdf_refusal,
    read_head_and_tail,
    sanitize_filename,
    sha256_of,
    sniff_document,
)
from trinno_portal.signatures.application_form import APPLICATION_FORM_KIND
from trinno_portal.signatures.services import (
    signature_verification_store,
    signed_upload_check,
)

# Applicants change documents on a draft; when staff ask for information, the answer
# may come with documents too (the caller passes allowed_statuses for that).
EDITABLE_STATUSES: tuple[str, ...] = (Status.DRAFT,)
ANSWER_STATUSES: tuple[str, ...] = (Status.DRAFT, Status.INFO_REQUESTED)


def _megabytes(size: int) -> str:
    value = round(size / (1024 * 1024), 1)
    return str(int(value)) if value == int(value) else formats.number_format(value)


def document_check(uploaded_file: UploadedFile) -> DocumentType:
    """The type of an uploaded file, judged by its size and content; ValidationError if
    it is refused. Used by the form (to show the message inline) and the service."""
    limit = document_max_bytes()
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)s MB."),
            code="too_large",
            params={"mb": _megabytes(limit)},
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    head, tail = read_head_and_tail(uploaded_file)
    document_type = sniff_document(head, tail)
    if document_type is None:
        raise ValidationError(_("The file is not a PDF or a signed .p7m file."), code="bad_type")
    if document_type is DocumentType.PDF and pdf_refusal(uploaded_file) is not None:
        raise ValidationError(
            _(
                "The PDF contains scripts, actions, attached files or another file type: "
                "save it again as a plain PDF (for instance by printing it to PDF)."
            ),
            code="active_content",
        )
    return document_type


class DocumentUploadForm(forms.Form):
    """Upload one document of one of the `kinds` the scheme asks for."""

    kind = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.p7m,application/pdf,application/pkcs7-mime"}
        ),
    )

    def __init__(self, *args, kinds: Sequence[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)
        self.fields["file"].help_text = _("A PDF or a signed .p7m file, at most %(mb)s MB.") % {
            "mb": _megabytes(document_max_bytes())
        }
        self.document_type: DocumentType | None = None

    def clean_file(self) -> UploadedFile:
        uploaded_file = self.cleaned_data["file"]
        self.document_type = document_check(uploaded_file)
        return uploaded_file


def document_of(application: Application, raw_pk: str | None) -> Document | None:
    """The application's document with this id as posted, or None for anything that is
    no id of a database row ("abc", forty nines)."""
    text = (raw_pk or "").strip()
    if not text.isdigit() or int(text) >= 2**63:
        return None
    return application.documents.filter(pk=int(text)).first()


def _ensure_applicant(user: User, application: Application) -> None:
    # Views reach the application through application_for_user already; this guards
    # every other caller (a task, a command) against attaching files to someone else's.
    if not application_visible_to(user, application.pk):
        raise PermissionDenied


def _lock_if_in(application: Application, statuses: Iterable[str]) -> bool:
    """Lock the application's row and tell whether its status is one of `statuses`.

    Called inside the writing transaction: the row lock makes a concurrent submission
    wait for this write (or this write see the submission), so a submitted application
    never gains or loses a file. On SQLite the IMMEDIATE transaction serialises writers
    the same way.
    """
    return (
        Application.objects.select_for_update()
        .filter(pk=application.pk, status__in=list(statuses))
        .exists()
    )


def _version_bump(application: Application) -> None:
    # A document is part of the draft: a submission that read the draft before this
    # change finds another version under its row lock and stops (submission.application_submit).
    Application.objects.filter(pk=application.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    application.version = Application.objects.values_list("version", flat=True).get(
        pk=application.pk
    )


def document_upload(
    *,
    application: Application,
    kind: str,
    uploaded_file: UploadedFile,
    user: User,
    allowed_statuses: Iterable[str] = EDITABLE_STATUSES,
) -> Document:
    """Check and store an applicant's document; ValidationError with a translated
    message if the file or the application's status refuses it."""
    _ensure_applicant(user, application)
    document_type = document_check(uploaded_file)
    # Where the call requires this kind signed, the signature is verified before anything
    # is stored, and its report kept with the document (docs/security.md).
    signature_report = signed_upload_check(
        application=application, kind=kind, uploaded_file=uploaded_file
    )
    digest = sha256_of(uploaded_file)
    document = Document(
        application=application,
        kind=kind,
        original_name=sanitize_filename(
            uploaded_file.name or "", extension=document_type.extension, allow_unicode=True
        ),
        content_type=document_type.content_type,
        size=uploaded_file.size,
        sha256=digest,
        uploaded_by=user,
    )
    stored_name = None
    try:
        with transaction.atomic():
            if not _lock_if_in(application, allowed_statuses):
                raise ValidationError(
                    _("This application can no longer be changed."), code="not_editable"
                )
            # The storage picks a random name (models._document_path): the user's name
            # is data, never a path.
            document.file.save("upload", uploaded_file, save=False)
            stored_name = document.file.name
            document.save()
            # The signed application form attests the draft at the version printed on it:
            # its own upload changes nothing it attests, so it does not move the version
            # (any other document does, and the form must then be signed again).
            if document.kind != APPLICATION_FORM_KIND:
                _version_bump(application)
            if signature_report is not None:
                signature_verification_store(document=document, report=signature_report)
    except BaseException:
        # The database rolled back: do not leave an orphan file behind.
        if stored_name:
            document.file.storage.delete(stored_name)
        raise
    return document


def document_delete(*, document: Document, user: User) -> None:
    """Delete a document of a draft application, and its file once the deletion commits."""
    application = document.application
    _ensure_applicant(user, application)
    with transaction.atomic():
        if not _lock_if_in(application, EDITABLE_STATUSES):
            raise ValidationError(
                _("Documents can only be removed while the application is a draft."),
                code="not_editable",
            )
        storage, name = document.file.storage, document.file.name
        document.delete()
        _version_bump(application)
        # Only after the commit: a rollback must find its file still there.
        transaction.on_commit(lambda: storage.delete(name))
