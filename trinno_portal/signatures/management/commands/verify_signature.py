"""Verify a signed file (.p7m or signed PDF) and print the report as JSON: for staff who
receive a signed file by PEC. Exit 0 only when the signature is valid, trusted and not
revoked (revocation checked); 1 otherwise; 2 for a file that cannot be read."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trinno_portal.lib.signatures import TrustInput, verify_signed_file
from trinno_portal.signatures.selectors import trust_input


def _certificates(path: Path) -> list[bytes]:
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    found: list[bytes] = []
    for file in files:
        data = file.read_bytes()
        if b"-----BEGIN CERTIFICATE-----" in data:
            found += [c.public_bytes(Encoding.DER) for c in x509.load_pem_x509_certificates(data)]
        else:
            try:
                found.append(x509.load_der_x509_certificate(data).public_bytes(Encoding.DER))
            except ValueError:
                continue  # not a certificate: skipped, like any other file in the folder
    return found


def _crl(path: Path) -> bytes:
    data = path.read_bytes()
    try:
        if b"-----BEGIN X509 CRL-----" in data:
            return x509.load_pem_x509_crl(data).public_bytes(Encoding.DER)
        return x509.load_der_x509_crl(data).public_bytes(Encoding.DER)
    except ValueError as exc:
        raise CommandError(f"{path}: not a CRL (DER or PEM)") from exc


class Command(BaseCommand):
    help = "Verify a CAdES (.p7m) or PAdES (signed PDF) file and print the report as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--trust-store",
            type=Path,
            help="a PEM/DER certificate file or a folder of them, trusted instead of the "
            "portal's trust store",
        )
        parser.add_argument(
            "--crl", type=Path, action="append", default=[], help="a CRL file (DER or PEM)"
        )
        parser.add_argument(
            "--fetch",
            action="store_true",
            default=None,
            help="fetch CRLs and OCSP answers from the certificates' addresses",
        )

    def handle(self, *args, file: Path, trust_store: Path | None, crl: list[Path], **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        crls = tuple(_crl(path) for path in crl)
        fetch = settings.SIGNATURE_FETCH_REVOCATION if options["fetch"] is None else True
        if trust_store is not None:
            if not trust_store.exists():
                raise CommandError(f"{trust_store}: no such file or folder")
            anchors = tuple(_certificates(trust_store))
            if not anchors:
                raise CommandError(f"{trust_store}: no certificate found")
            trust = TrustInput(anchors=anchors, crls=crls, fetch_revocation=fetch)
        else:
            trust = trust_input(extra_crls=crls)
            trust = TrustInput(
                anchors=trust.anchors,
                crls=trust.crls,
                trust_list_date=trust.trust_list_date,
                fetch_revocation=fetch,
            )
        report = verify_signed_file(data, trust=trust, now=datetime.now(UTC))
        self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        if not (report.valid and report.revocation_checked):
            raise SystemExit(1)
