"""document_upload, document_delete and DocumentUploadForm."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.factories import ApplicationFactory, MembershipFactory
from trinno_portal.funding.documents import (
    ANSWER_STATUSES,
    DocumentUploadForm,
    document_delete,
    document_upload,
)
from trinno_portal.funding.models import Document
from trinno_portal.funding.workflow import Status

from . import samples

pytestmark = pytest.mark.django_db

KINDS = [("quote", "Preventivo"), ("statement", "Dichiarazione")]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def application(applicant):
    membership = MembershipFactory(user=applicant)
    return ApplicationFactory(enterprise=membership.enterprise, created_by=applicant)


def _upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _messages(excinfo) -> list[str]:
    with translation.override("it"):
        return [str(m) for m in excinfo.value.messages]


def test_it_stores_a_pdf_with_hash_and_clean_name(application, applicant, settings):
    data = samples.pdf_bytes()
    document = document_upload(
        application=application,
        kind="quote",
        uploaded_file=_upload("../Preventivo fornitore è.PDF", data),
        user=applicant,
    )
    document.refresh_from_db()
    assert document.original_name == "Preventivo_fornitore_è.pdf"  # letters kept (NFC)
    assert document.content_type == "application/pdf"
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.uploaded_by == applicant
    stored = Path(settings.MEDIA_ROOT) / document.file.name
    # Stored under a random name of our choosing, never the user's.
    assert document.file.name.startswith(f"documents/{application.pk}/")
    assert document.file.name.endswith(".pdf")
    assert "Preventivo" not in document.file.name
    assert stored.read_bytes() == data


def test_it_stores_a_signed_p7m_whatever_the_browser_says(application, applicant):
    document = document_upload(
        application=application,
        kind="statement",
        uploaded_file=_upload("dichiarazione.pdf.p7m", samples.p7m_der_bytes(), "text/plain"),
        user=applicant,
    )
    assert document.content_type == "application/pkcs7-mime"
    assert document.original_name == "dichiarazione.pdf.p7m"
    assert document.file.name.endswith(".p7m")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.pdf", samples.PNG_BYTES),
        ("setup.pdf", samples.EXE_BYTES),
        ("pagina.pdf", samples.HTML_BYTES),
    ],
    ids=["png", "exe", "html"],
)
def test_it_refuses_a_file_that_is_not_a_document(application, applicant, name, content):
    with pytest.raises(ValidationError) as excinfo:
        document_upload(
            application=application,
            kind="quote",
            uploaded_file=_upload(name, content),
            user=applicant,
        )
    assert _messages(excinfo) == ["Il file non è un PDF né un file firmato .p7m."]
    assert not Document.objects.exists()


def test_it_refuses_a_file_over_ten_megabytes(application, applicant):
    data = samples.pdf_bytes()
    too_big = data[:-6] + b"\n" + b"%" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as excinfo:
        document_upload(
            application=application,
            kind="quote",
            uploaded_file=_upload("grande.pdf", too_big),
            user=applicant,
        )
    assert _messages(excinfo) == ["Il file supera i 10 MB."]


def test_it_honours_the_size_setting(application, applicant, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024 // 2
    data = samples.pdf_bytes()
    big = data[:-6] + b"\n" + b"%" * (1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as excinfo:
        document_upload(
            application=application,
            kind="quote",
            uploaded_file=_upload("grande.pdf", big),
            user=applicant,
        )
    assert _messages(excinfo) == ["Il file supera i 0,5 MB."]


def test_it_refuses_an_empty_file(application, applicant):
    with pytest.raises(ValidationError):
        document_upload(
            application=application,
            kind="quote",
            uploaded_file=_upload("vuoto.pdf", b""),
            user=applicant,
        )


def test_it_refuses_a_submitted_application(application, applicant, settings):
    application.status = Status.SUBMITTED
    application.save()
    with pytest.raises(ValidationError) as excinfo:
        document_upload(
            application=application,
            kind="quote",
            uploaded_file=_upload("a.pdf", samples.pdf_bytes()),
            user=applicant,
        )
    assert excinfo.value.code == "not_editable"
    assert not Document.objects.exists()
    # Nothing left on disk by the refused upload.
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_it_accepts_answers_while_information_is_requested(application, applicant):
    application.status = Status.INFO_REQUESTED
    application.save()
    with pytest.raises(ValidationError):
        document_upload(
            application=application,
            kind="quote",
            uploaded_file=_upload("a.pdf", samples.pdf_bytes()),
            user=applicant,
        )
    document = document_upload(
        application=application,
        kind="quote",
        uploaded_file=_upload("a.pdf", samples.pdf_bytes()),
        user=applicant,
        allowed_statuses=ANSWER_STATUSES,
    )
    assert document.pk


def test_it_refuses_someone_elses_application(application, other_applicant):
    with pytest.raises(PermissionDenied):
        document_upload(
            application=application,
            kind="quote",
            uploaded_file=_upload("a.pdf", samples.pdf_bytes()),
            user=other_applicant,
        )


def test_it_deletes_a_draft_document_and_its_file(
    application, applicant, django_capture_on_commit_callbacks
):
    document = document_upload(
        application=application,
        kind="quote",
        uploaded_file=_upload("a.pdf", samples.pdf_bytes()),
        user=applicant,
    )
    path = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, user=applicant)
    assert not Document.objects.exists()
    assert not path.exists()


def test_it_keeps_documents_of_a_submitted_application(application, applicant):
    document = document_upload(
        application=application,
        kind="quote",
        uploaded_file=_upload("a.pdf", samples.pdf_bytes()),
        user=applicant,
    )
    application.status = Status.SUBMITTED
    application.save()
    with pytest.raises(ValidationError):
        document_delete(document=document, user=applicant)
    assert Document.objects.filter(pk=document.pk).exists()
    assert Path(document.file.path).exists()


def test_it_refuses_to_delete_for_another_applicant(application, applicant, other_applicant):
    document = document_upload(
        application=application,
        kind="quote",
        uploaded_file=_upload("a.pdf", samples.pdf_bytes()),
        user=applicant,
    )
    with pytest.raises(PermissionDenied):
        document_delete(document=document, user=other_applicant)


def test_the_form_shows_the_content_error_inline_and_keeps_the_kind():
    form = DocumentUploadForm(
        data={"kind": "statement"},
        files={"file": _upload("foto.pdf", samples.PNG_BYTES)},
        kinds=KINDS,
    )
    with translation.override("it"):
        assert not form.is_valid()
        assert form.errors["file"] == ["Il file non è un PDF né un file firmato .p7m."]
    assert form.cleaned_data["kind"] == "statement"


def test_the_form_accepts_a_p7m_and_tells_its_type():
    form = DocumentUploadForm(
        data={"kind": "quote"},
        files={"file": _upload("firmato.p7m", samples.p7m_pem_bytes(), "application/pkcs7-mime")},
        kinds=KINDS,
    )
    assert form.is_valid(), form.errors
    assert form.document_type.content_type == "application/pkcs7-mime"


def test_the_form_refuses_an_unknown_kind():
    form = DocumentUploadForm(
        data={"kind": "passport"},
        files={"file": _upload("a.pdf", samples.pdf_bytes())},
        kinds=KINDS,
    )
    assert not form.is_valid()
    assert "kind" in form.errors
