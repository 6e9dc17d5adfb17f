"""Pure helpers to issue certificates and CRLs shaped like an Italian qualified provider's,
and to sign a file with them (CAdES attached .p7m, PAdES).

Two users: the embedded default, which makes a demo CA and a demo signer in var/ so that
a newcomer can sign a document (`manage.py sign_demo`), and the tests, which build a CA
hierarchy with the variations they need (expired, revoked, no non-repudiation...). Nothing
here is ever trusted in production: the production trust store comes from the EU trusted
lists (docs/security.md).

A qualified signing certificate (ETSI EN 319 412-2 and -5) carries the key usage
nonRepudiation, the qcStatements extension with QcCompliance, and in the subject the
holder's codice fiscale as serialNumber "TINIT-<CF>" (ETSI EN 319 412-1 section 5.1.3).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from trinno_portal.lib.signatures import run_sync

# DER of QcStatements ::= SEQUENCE { QcStatement { id-etsi-qcs-QcCompliance } }
# (0.4.0.1862.1.1, ETSI EN 319 412-5 section 4.2.1).
QC_COMPLIANCE_DER = bytes.fromhex("300a3008060604008e460101")
QC_STATEMENTS_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

    @property
    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def cert_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def issue_ca(
    *,
    common_name: str,
    not_before: datetime,
    not_after: datetime,
    issuer: Issued | None = None,
    organization: str = "Demo Trust Service Provider",
) -> Issued:
    """A CA certificate: self-signed when `issuer` is None, else issued by it."""
    key = new_key()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    return Issued(builder.sign(signer_key, hashes.SHA256()), key)


def issue_signer(
    *,
    issuer: Issued,
    given_name: str,
    surname: str,
    tax_code: str,
    not_before: datetime,
    not_after: datetime,
    non_repudiation: bool = True,
    qualified: bool = True,
) -> Issued:
    """A natural person's signing certificate, qualified unless told otherwise."""
    key = new_key()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
            x509.NameAttribute(NameOID.SURNAME, surname),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"TINIT-{tax_code}"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{given_name} {surname}"),
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not non_repudiation,
                content_commitment=non_repudiation,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    if qualified:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(QC_STATEMENTS_OID, QC_COMPLIANCE_DER), critical=False
        )
    return Issued(builder.sign(issuer.key, hashes.SHA256()), key)


def issue_tsa(*, issuer: Issued, not_before: datetime, not_after: datetime) -> Issued:
    """A time-stamping unit's certificate (RFC 3161: critical EKU timeStamping). RSA:
    pyHanko's local time-stamper signs with RSA only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Demo TSA")]))
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    return Issued(builder.sign(issuer.key, hashes.SHA256()), key)


def issue_crl(
    *,
    issuer: Issued,
    this_update: datetime,
    next_update: datetime,
    revoked: tuple[tuple[x509.Certificate, datetime], ...] = (),
    number: int = 1,
) -> bytes:
    """A DER CRL of `issuer` listing the `revoked` certificates with their revocation time."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.certificate.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    for certificate, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(certificate.serial_number)
            .revocation_date(when)
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _pyhanko_signer(signer: Issued, chain: tuple[Issued, ...]):
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key_der = signer.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(signer.cert_der),
        signing_key=keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(item.cert_der) for item in chain]
        ),
    )


def _timestamper(tsa: Issued | None, chain: tuple[Issued, ...], at: datetime | None = None):
    if tsa is None:
        return None
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key_der = tsa.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.cert_der),
        tsa_key=keys.PrivateKeyInfo.load(key_der),
        certs_to_embed=[asn1_x509.Certificate.load(item.cert_der) for item in chain],
        fixed_dt=at,
    )


def sign_cades(
    data: bytes,
    *,
    signer: Issued,
    chain: tuple[Issued, ...] = (),
    tsa: Issued | None = None,
    timestamp_at: datetime | None = None,
) -> bytes:
    """`data` wrapped in an attached CAdES signature (the DER of a .p7m)."""
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    pyhanko_signer = _pyhanko_signer(signer, chain)
    timestamper = _timestamper(tsa, chain, timestamp_at)
    content_info = run_sync(
        pyhanko_signer.async_sign_general_data(
            data,
            "sha256",
            detached=False,
            use_cades=True,
            timestamper=timestamper,
            # The signer's own clock, as signing tools write it (it proves nothing).
            signed_attr_settings=PdfCMSSignedAttributes(signing_time=datetime.now(UTC)),
        )
    )
    return content_info.dump()


def sign_pades(
    pdf: bytes,
    *,
    signer: Issued,
    chain: tuple[Issued, ...] = (),
    tsa: Issued | None = None,
    field_name: str = "Signature1",
    timestamp_at: datetime | None = None,
) -> bytes:
    """`pdf` with a PAdES signature appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=_pyhanko_signer(signer, chain),
        timestamper=_timestamper(tsa, chain, timestamp_at),
    )
    output = run_sync(pdf_signer.async_sign_pdf(writer))
    return output.getvalue()


def load_issued(cert_pem: bytes, key_pem: bytes) -> Issued:
    """An Issued read back from PEM files (the demo signer in var/)."""
    key = serialization.load_pem_private_key(key_pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ValueError("expected an EC or RSA private key")
    return Issued(x509.load_pem_x509_certificate(cert_pem), key)


def demo_validity(now: datetime) -> tuple[datetime, datetime]:
    return now - timedelta(days=1), now + timedelta(days=3650)
