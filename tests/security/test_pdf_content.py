"""PDFs that would run something when staff open them, and PDF polyglots, are refused
(lib/files.py: pdf_refusal; funding/documents.py: document_check)."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.audits.conftest import MINIMAL_PDF
from trinno_portal.funding.documents import document_check
from trinno_portal.lib.files import pdf_refusal


def _pdf(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    "body",
    [
        b"1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj",
        b"1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj",
        b"1 0 obj << /S /J#61vaScript /JS (x) >> endobj",  # a name with #xx escapes
        b"1 0 obj << /Type /EmbeddedFile >> endobj",
        b"1 0 obj << /Length 40 /Filter /FlateDecode >>\nstream\n"
        + zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
        + b"\nendstream endobj",  # hidden in a compressed object stream
    ],
)
def test_it_refuses_active_content(body):
    assert pdf_refusal(io.BytesIO(_pdf(body))) == "active"
    with pytest.raises(ValidationError) as refused:
        document_check(SimpleUploadedFile("a.pdf", _pdf(body)))
    assert refused.value.code == "active_content"


@pytest.mark.parametrize(
    "content",
    [
        _pdf(b"1 0 obj << >> endobj") + b"PK\x03\x04zip data after the PDF",
        _pdf(b"1 0 obj << >> endobj <html><script>alert(1)</script></html>"),
        _pdf(b"1 0 obj << >> endobj") + b"PK\x05\x06" + b"\x00" * 18,
    ],
)
def test_it_refuses_polyglots(content):
    assert pdf_refusal(io.BytesIO(content)) == "polyglot"


def test_it_accepts_plain_pdfs():
    assert pdf_refusal(io.BytesIO(MINIMAL_PDF)) is None
    assert pdf_refusal(io.BytesIO(_pdf(b"1 0 obj << /Type /Catalog >> endobj"))) is None


def test_it_accepts_a_pdf_as_weasyprint_writes_it():
    from weasyprint import HTML

    pdf = HTML(string="<h1>Preventivo</h1><p>Audit Industria 4.0</p>").write_pdf()
    assert pdf_refusal(io.BytesIO(pdf)) is None
