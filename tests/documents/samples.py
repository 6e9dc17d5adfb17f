"""Real byte samples for the document tests: a PDF made by WeasyPrint, CAdES signed
files made with `cryptography`, and things that must be refused."""

import datetime as dt
import functools

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.7 %%EOF</body></html>"


@functools.cache
def pdf_bytes() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Preventivo</h1><p>Manifattura Aretina srl</p>").write_pdf()


@functools.cache
def _signer() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Mario Rossi")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def _signed(encoding: serialization.Encoding) -> bytes:
    certificate, key = _signer()
    builder = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(pdf_bytes())
        .add_signer(certificate, key, hashes.SHA256())
    )
    return builder.sign(encoding, [])


@functools.cache
def p7m_der_bytes() -> bytes:
    """A CAdES-style attached signature of the PDF above, DER (what Dike or ArubaSign make)."""
    return _signed(serialization.Encoding.DER)


@functools.cache
def p7m_pem_bytes() -> bytes:
    return _signed(serialization.Encoding.PEM)


def p7m_base64_bytes() -> bytes:
    """The base64 form without PEM armour, as some tools save it."""
    lines = p7m_pem_bytes().decode().strip().splitlines()
    return "\n".join(lines[1:-1]).encode() + b"\n"


def p7m_ber_indefinite_bytes() -> bytes:
    """A SignedData written with BER indefinite lengths (0x30 0x80)."""
    der = p7m_der_bytes()
    # Re-wrap the ContentInfo's content with an indefinite length and an end-of-contents.
    header_length = 2 + (der[1] & 0x7F)
    return b"\x30\x80" + der[header_length:] + b"\x00\x00"


def certificate_der_bytes() -> bytes:
    """DER that is not a SignedData (a certificate): must be refused."""
    certificate, _ = _signer()
    return certificate.public_bytes(serialization.Encoding.DER)
