"""A call's published documents: kept in the admin, listed on the scheme's public call
page, downloaded by anyone; only a plain PDF is accepted (lib/uploads.py)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.audits.conftest import MINIMAL_PDF
from trinno_portal.funding.fixtures import call_documents_demo_load
from trinno_portal.funding.models import Call, CallDocument, CallDocumentKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _document(call, title="Testo del bando", *, kind=CallDocumentKind.CALL_TEXT, position=0):
    upload = SimpleUploadedFile("bando.pdf", MINIMAL_PDF, content_type="application/pdf")
    document = CallDocument(
        call=call, kind=kind, title=title, title_en="Call text", file=upload, position=position
    )
    document.full_clean()
    document.save()
    return document


def test_it_stores_the_file_under_a_random_name(audit_call):
    document = _document(audit_call)
    assert document.file.name.startswith("calls/documents/")
    assert "bando" not in document.file.name
    assert document.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n not a pdf",
        MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</JS(app.alert(1))>>"),
    ],
    ids=["png-renamed", "javascript"],
)
def test_it_refuses_what_is_not_a_plain_pdf(audit_call, content):
    upload = SimpleUploadedFile("bando.pdf", content, content_type="application/pdf")
    document = CallDocument(call=audit_call, title="Bando", file=upload)
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "file" in error.value.message_dict


def test_it_lists_the_documents_on_each_schemes_public_call_page(
    client, audit_call, catalogue_call, voucher_call
):
    pages = {audit_call: "audits:call", catalogue_call: "catalogue:call"}
    pages[voucher_call] = "vouchers:course_list"
    for call, page in pages.items():
        annex = _document(call, "Allegato A", kind=CallDocumentKind.ANNEX, position=2)
        text = _document(call, f"Bando {call.code}", position=1)
        html = client.get(reverse(page)).content.decode()
        assert html.index(text.get_absolute_url()) < html.index(annex.get_absolute_url())
        assert f"Bando {call.code}" in html


def test_it_lists_the_english_title_on_english_pages(client, audit_call):
    _document(audit_call)
    assert "Call text" in client.get("/en/audit/bando/").content.decode()


def test_it_does_not_list_the_documents_of_a_closed_call(client, audit_call):
    document = _document(audit_call)
    audit_call.close_on = timezone.localdate() - dt.timedelta(days=1)
    audit_call.save()
    html = client.get(reverse("audits:call")).content.decode()
    assert document.get_absolute_url() not in html


def test_it_lets_anyone_download_a_document_as_a_pdf_attachment(client, audit_call):
    document = _document(audit_call)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Testo_del_bando')
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_it_answers_404_for_a_missing_document_or_file(client, audit_call):
    assert client.get(reverse("funding:call_document", args=[999])).status_code == 404
    document = _document(audit_call)
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_staff_add_a_document_on_the_calls_admin_page(admin_client, audit_call):
    url = reverse("admin:funding_call_change", args=[audit_call.pk])
    page = admin_client.get(url)
    assert b"documents-TOTAL_FORMS" in page.content


def test_the_demo_gives_each_call_a_generated_call_text_once(client, audit_call):
    calls = Call.objects.count()
    assert call_documents_demo_load() == f"{calls} demo call texts"
    assert call_documents_demo_load() == "0 demo call texts"
    document = audit_call.documents.get()
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert client.get(document.get_absolute_url()).status_code == 200
