"""The pure helpers of trinno_portal.lib.files, on real bytes."""

import hashlib
import io
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trinno_portal.lib.files import (
    DEFAULT_DOCUMENT_MAX_BYTES,
    DocumentType,
    document_max_bytes,
    read_head_and_tail,
    sanitize_filename,
    sha256_of,
    sniff_document,
)

from . import samples


def test_it_recognises_a_real_pdf():
    assert sniff_document(samples.pdf_bytes()) is DocumentType.PDF


def test_it_recognises_a_pdf_after_a_bom_and_whitespace():
    assert sniff_document(b"\xef\xbb\xbf\r\n" + samples.pdf_bytes()) is DocumentType.PDF


def test_it_refuses_a_truncated_pdf():
    # An interrupted upload: the header is there, the trailer is not.
    data = samples.pdf_bytes()
    assert sniff_document(data[: len(data) // 2]) is None


def test_it_reads_a_large_pdf_from_its_head_and_tail():
    data = samples.pdf_bytes()
    padded = data[:-6] + b"\n" + b"%" * 50_000 + b"\n%%EOF\n"
    head, tail = read_head_and_tail(io.BytesIO(padded))
    assert sniff_document(head, tail) is DocumentType.PDF


def test_it_recognises_a_der_signed_p7m():
    assert sniff_document(samples.p7m_der_bytes()) is DocumentType.P7M


def test_it_recognises_a_ber_indefinite_length_p7m():
    assert sniff_document(samples.p7m_ber_indefinite_bytes()) is DocumentType.P7M


def test_it_recognises_a_pem_p7m():
    assert sniff_document(samples.p7m_pem_bytes()) is DocumentType.P7M


def test_it_recognises_a_bare_base64_p7m():
    assert sniff_document(samples.p7m_base64_bytes()) is DocumentType.P7M


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(samples.PNG_BYTES, id="png"),
        pytest.param(samples.EXE_BYTES, id="exe"),
        pytest.param(samples.HTML_BYTES, id="html-mentioning-pdf"),
        pytest.param(b"", id="empty"),
        pytest.param(b"%PDF-", id="bare-magic"),
        pytest.param(b"0\x82\x01\x00" + b"\x00" * 40, id="der-without-oid"),
    ],
)
def test_it_refuses_what_is_not_a_document(data):
    assert sniff_document(data) is None


def test_it_refuses_a_der_certificate():
    assert sniff_document(samples.certificate_der_bytes()) is None


def test_it_refuses_random_bytes():
    for _ in range(200):
        data = os.urandom(2048)
        assert sniff_document(data) is None


@given(st.binary(max_size=4096))
def test_it_never_crashes_on_arbitrary_bytes(data):
    assert sniff_document(data) in (None, DocumentType.PDF, DocumentType.P7M)


def test_it_hashes_in_chunks_and_rewinds():
    data = os.urandom(300_000)  # several chunks
    fileobj = io.BytesIO(data)
    fileobj.seek(1234)
    assert sha256_of(fileobj) == hashlib.sha256(data).hexdigest()
    assert fileobj.tell() == 0


def test_it_reads_the_size_cap_from_settings(settings):
    assert DEFAULT_DOCUMENT_MAX_BYTES == 10 * 1024 * 1024
    settings.DOCUMENT_MAX_BYTES = 1024
    assert document_max_bytes() == 1024
    del settings.DOCUMENT_MAX_BYTES
    assert document_max_bytes() == DEFAULT_DOCUMENT_MAX_BYTES


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Preventivo fornitore.PDF", "Preventivo_fornitore.pdf"),
        ("C:\\Users\\mario\\Desktop\\visura.pdf", "visura.pdf"),
        ("../../etc/passwd", "passwd"),
        ("contratto firmato.pdf.p7m", "contratto_firmato.pdf.p7m"),
        ("Società è più.pdf", "Societa_e_piu.pdf"),
        (".htaccess", "htaccess"),
        ("\x00\x1b[31mrosso\n.pdf", "31mrosso.pdf"),
        ("", "document"),
        ("////", "document"),
        ("...pdf", "pdf"),
    ],
)
def test_it_sanitizes_file_names(name, expected):
    assert sanitize_filename(name) == expected


def test_it_forces_the_sniffed_extension():
    assert sanitize_filename("foto.png", extension=".pdf") == "foto.png.pdf"
    assert sanitize_filename("scan.PDF", extension=".pdf") == "scan.pdf"
    assert sanitize_filename("", extension=".p7m") == "document.p7m"


def test_it_caps_the_length_and_keeps_the_extension():
    name = sanitize_filename("a" * 500 + ".pdf")
    assert len(name) == 100
    assert name.endswith("a.pdf")


@given(st.text(max_size=300), st.sampled_from([None, ".pdf", ".p7m"]))
def test_it_never_returns_a_path_or_an_empty_name(name, extension):
    result = sanitize_filename(name, extension=extension)
    assert result
    assert "/" not in result and "\\" not in result
    assert not result.startswith(".")
    assert ".." not in result
    assert result.isascii() and result.isprintable()
    assert len(result) <= 100
    if extension:
        assert result.endswith(extension)
