"""Pure helpers for uploaded documents: recognise a PDF or a CAdES signed file (.p7m) by
its bytes, clean a user's file name, hash a file without loading it whole.

An upload is judged by its content only: the extension and the browser's Content-Type
are the user's word, and a PNG renamed .pdf (or an .exe) must never reach staff as a PDF.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from enum import StrEnum
from typing import IO

from django.conf import settings

DEFAULT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
HEAD_BYTES = 4096
# The PDF specification puts the trailer's %%EOF in the last 1024 bytes; readers
# tolerate some trailing garbage, so look a little further.
TAIL_BYTES = 2048
_CHUNK = 64 * 1024

_UTF8_BOM = b"\xef\xbb\xbf"
_PDF_MAGIC = b"%PDF-"
_PDF_EOF = b"%%EOF"
# The DER encoding of OID 1.2.840.113549.1.7.2 (id-signedData, RFC 5652 section 5.1).
_SIGNED_DATA_OID = bytes.fromhex("06092A864886F70D010702")
# A ContentInfo is a SEQUENCE (0x30) whose length is indefinite (0x80, BER as written by
# many Italian signing tools) or long-form on 2 to 4 bytes (0x82-0x84); the OID follows it.
_DER_SEQUENCE_LENGTHS = {0x80: 0, 0x82: 2, 0x83: 3, 0x84: 4}
_PEM_HEADER = re.compile(rb"-----BEGIN (?:PKCS7|PKCS #7 SIGNED DATA|CMS)-----")
_BASE64_CHARS = re.compile(rb"[^A-Za-z0-9+/=]")


class DocumentType(StrEnum):
    PDF = "application/pdf"
    P7M = "application/pkcs7-mime"

    @property
    def content_type(self) -> str:
        return self.value

    @property
    def extension(self) -> str:
        return ".pdf" if self is DocumentType.PDF else ".p7m"


def document_max_bytes() -> int:
    """The upload size cap: settings.DOCUMENT_MAX_BYTES, else 10 MB."""
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", DEFAULT_DOCUMENT_MAX_BYTES))


def _is_pdf(head: bytes, tail: bytes) -> bool:
    start = head.lstrip(b" \t\r\n\f\x00")
    if start.startswith(_UTF8_BOM):
        start = start[len(_UTF8_BOM) :].lstrip(b" \t\r\n\f")
    return start.startswith(_PDF_MAGIC) and _PDF_EOF in tail


def _is_der_signed_data(data: bytes) -> bool:
    if len(data) < 2 + len(_SIGNED_DATA_OID) or data[0] != 0x30:
        return False
    length_bytes = _DER_SEQUENCE_LENGTHS.get(data[1])
    if length_bytes is None:
        return False
    # The contentType OID is the first element of the ContentInfo sequence.
    offset = 2 + length_bytes
    return data[offset : offset + len(_SIGNED_DATA_OID)] == _SIGNED_DATA_OID


def _decode_base64_head(text: bytes) -> bytes | None:
    """The first bytes of a base64 text (PEM body or bare), or None if it is not base64."""
    text = text.split(b"-----", 1)[0][:512]  # stop at a PEM footer
    compact = _BASE64_CHARS.sub(b"", text)
    # Only whitespace may be dropped: any other stray character means this is not base64.
    if len(compact) != len(re.sub(rb"\s", b"", text)):
        return None
    compact = compact[: len(compact) // 4 * 4]
    if len(compact) < 24:
        return None
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None


def _is_p7m(head: bytes) -> bool:
    if _is_der_signed_data(head):
        return True
    text = head.lstrip()
    if match := _PEM_HEADER.match(text):
        text = text[match.end() :]
    decoded = _decode_base64_head(text)
    return decoded is not None and _is_der_signed_data(decoded)


def sniff_document(head: bytes, tail: bytes | None = None) -> DocumentType | None:
    """What the bytes are: a PDF, a CAdES signed file, or None (refuse it).

    Pass the whole content as `head`, or its first HEAD_BYTES and its last TAIL_BYTES
    (see read_head_and_tail) for a large file.
    """
    if tail is None:
        tail = head[-TAIL_BYTES:]
    if _is_pdf(head, tail):
        return DocumentType.PDF
    if _is_p7m(head):
        return DocumentType.P7M
    return None


def read_head_and_tail(fileobj: IO[bytes]) -> tuple[bytes, bytes]:
    """The first and last bytes of a seekable file; the position is put back to 0."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0, 2)
    end = fileobj.tell()
    fileobj.seek(max(0, end - TAIL_BYTES))
    tail = fileobj.read(TAIL_BYTES)
    fileobj.seek(0)
    return head, tail


def sha256_of(fileobj: IO[bytes]) -> str:
    """The hex SHA-256 of a seekable file, read in chunks; the position is put back to 0."""
    digest = hashlib.sha256()
    fileobj.seek(0)
    while chunk := fileobj.read(_CHUNK):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


MAX_FILENAME_LENGTH = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}$")
_FALLBACK_STEM = "document"


_UNSAFE_UNICODE = re.compile(r"[^\w.-]+")


def sanitize_filename(
    name: str,
    *,
    extension: str | None = None,
    max_length: int = MAX_FILENAME_LENGTH,
    allow_unicode: bool = False,
) -> str:
    """A safe file name for a Content-Disposition header or a listing.

    Drops any folder part (both / and \\), control characters and accents; keeps ASCII
    letters, digits, dot, dash and underscore; never starts with a dot (no hidden file, no
    "..") and is never empty. With `extension` (".pdf"), the name is made to end with it,
    so the name always tells the truth about the content that was sniffed.

    With `allow_unicode` letters and digits of any script are kept ("Società è più.pdf"
    stays readable), in NFC; format characters such as the right-to-left override that
    makes "fdp.exe" look like "exe.pdf" are control characters too, and go. For names
    shown in pages and sent by FileResponse (which encodes them per RFC 6266), never for
    a raw header.
    """
    base = re.split(r"[/\\]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    if allow_unicode:
        base = unicodedata.normalize("NFC", base)
        base = _UNSAFE_UNICODE.sub("_", base.strip()).strip("._-")
    else:
        base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
        base = _UNSAFE.sub("_", base.strip()).strip("._-")
    base = re.sub(r"\.{2,}", ".", base)

    suffix = ""
    if extension:
        suffix = extension.lower() if extension.startswith(".") else f".{extension.lower()}"
        suffix = _UNSAFE.sub("", suffix)
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    elif match := _EXTENSION.search(base.lower()):
        suffix = match.group(0)
        base = base[: -len(suffix)]
        # Keep the signed PDF's double extension: "contratto.pdf.p7m" says what is inside.
        if suffix == ".p7m" and base.lower().endswith(".pdf"):
            suffix, base = ".pdf.p7m", base[:-4]

    stem = base.strip("._-")[: max(1, max_length - len(suffix))].rstrip("._-")
    return f"{stem or _FALLBACK_STEM}{suffix}"


# --- Active content in PDFs ------------------------------------------------------------
# Names that make a reader run something (ISO 32000-1 sec. 12.6 actions, 12.5.6.2 embedded
# files, 8.11 XFA forms): a document filed with the application is read by staff, never
# run. Names may be written with #xx escapes (sec. 7.3.5), and may sit in compressed object
# streams, so both are decoded before looking.
ACTIVE_PDF_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"Launch",
        b"EmbeddedFile",
        b"RichMedia",
        b"XFA",
        b"SubmitForm",
        b"ImportData",
        b"GoToE",
        b"Sound",
        b"Movie",
    }
)
_PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9_.+-]|#[0-9A-Fa-f]{2})+)")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_INFLATE_LIMIT = 50 * 1024 * 1024  # a zip bomb stops here, and is refused
# After the last %%EOF a PDF has whitespace at most: anything else is another file
# appended (a PDF polyglot, e.g. a ZIP whose directory sits at the end).
_TRAILER_SLACK = b" \t\r\n\f\x00"
_OTHER_FORMATS = (b"PK\x05\x06", b"PK\x03\x04", b"<script", b"<html", b"<!DOCTYPE")


def _names(data: bytes) -> set[bytes]:
    found = set()
    for match in _PDF_NAME.finditer(data):
        found.add(re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), match[1]))
    return found


def _inflated(data: bytes):
    import zlib

    budget = _INFLATE_LIMIT
    for match in _PDF_STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            continue
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(data[match.end() : end], budget)
        except zlib.error:
            continue
        budget -= len(out)
        if budget <= 0 or inflater.unconsumed_tail:
            raise ValueError("too much compressed data")
        yield out


def pdf_refusal(fileobj: IO[bytes]) -> str | None:
    """Why a PDF is refused ("active", "polyglot"), or None. Reads the whole file (the
    upload is capped at DOCUMENT_MAX_BYTES); the position is put back to 0."""
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    last_eof = data.rfind(_PDF_EOF)
    if last_eof < 0 or data[last_eof + len(_PDF_EOF) :].strip(_TRAILER_SLACK):
        return "polyglot"
    if any(
        marker in data[:HEAD_BYTES] or marker in data[-TAIL_BYTES:] for marker in _OTHER_FORMATS
    ):
        return "polyglot"
    if _names(data) & ACTIVE_PDF_NAMES:
        return "active"
    try:
        for inflated in _inflated(data):
            if _names(inflated) & ACTIVE_PDF_NAMES:
                return "active"
    except ValueError:
        return "active"
    return None
