"""The embedded default's demo CA and demo signer, made at load_portal_data --demo into
settings.SIGNATURE_DEMO_DIR (var/signatures/, never committed), so that a newcomer can
sign a document: `manage.py sign_demo FILE` (README, "Signing a document").

Trusted only where DEMO_MODE is on (selectors.trust_input).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trinno_portal.accounts.models import MemberRole, Membership, Person, PersonStatus
from trinno_portal.lib.signatures_pki import (
    Issued,
    demo_validity,
    issue_ca,
    issue_crl,
    issue_signer,
    load_issued,
)

from .models import TrustSource
from .services import revocation_list_add, trusted_certificate_add

# A made-up codice fiscale (valid check character) for the demo legal representative.
DEMO_TAX_CODE = "DMOLGL80A01A390A"
FILES = ("root.pem", "root-key.pem", "ca.pem", "ca-key.pem", "signer.pem", "signer-key.pem")


def demo_dir() -> Path:
    return Path(settings.SIGNATURE_DEMO_DIR)


def _write(folder: Path, name: str, data: bytes, *, secret: bool = False) -> None:
    path = folder / name
    path.write_bytes(data)
    if secret:
        path.chmod(0o600)


def _make(folder: Path, now: dt.datetime) -> None:
    not_before, not_after = demo_validity(now)
    root = issue_ca(common_name="TRINNO Demo Root CA", not_before=not_before, not_after=not_after)
    ca = issue_ca(
        common_name="TRINNO Demo Qualified CA",
        not_before=not_before,
        not_after=not_after,
        issuer=root,
    )
    signer = issue_signer(
        issuer=ca,
        given_name="Demo",
        surname="Legale Rappresentante",
        tax_code=DEMO_TAX_CODE,
        not_before=not_before,
        not_after=not_before + dt.timedelta(days=3 * 365),
    )
    folder.mkdir(parents=True, exist_ok=True)
    for name, issued in (("root", root), ("ca", ca), ("signer", signer)):
        _write(folder, f"{name}.pem", issued.cert_pem)
        _write(folder, f"{name}-key.pem", issued.key_pem, secret=True)


def demo_chain(folder: Path | None = None) -> tuple[Issued, tuple[Issued, ...]]:
    """The demo signer and its chain (CA, root), read from the demo folder."""
    folder = folder or demo_dir()

    def read(name: str) -> Issued:
        return load_issued(
            (folder / f"{name}.pem").read_bytes(), (folder / f"{name}-key.pem").read_bytes()
        )

    return read("signer"), (read("ca"), read("root"))


@transaction.atomic
def demo_pki_ensure(*, folder: Path | None = None, legal_rep_email: str | None = None) -> str:
    """Make the demo CA and signer once, trust the demo root and load a fresh CRL of each
    CA (a year long, so that revocation is checked in the demo too); give the demo legal
    representative the demo signer's codice fiscale. Idempotent."""
    folder = folder or demo_dir()
    now = timezone.now()
    if not all((folder / name).exists() for name in FILES):
        _make(folder, now)
    signer, (ca, root) = demo_chain(folder)
    trusted_certificate_add(
        der=root.cert_der,
        source=TrustSource.DEMO,
        now=now,
        provider="TRINNO demo",
        service_name="Demo CA",
        service_type="CA/QC",
        territory="IT",
    )
    for issuer in (ca, root):
        revocation_list_add(
            der=issue_crl(
                issuer=issuer,
                this_update=now - dt.timedelta(minutes=5),
                next_update=now + dt.timedelta(days=365),
            )
        )
    if legal_rep_email:
        _demo_legal_rep_tax_code(legal_rep_email)
    return f"{folder} (signer {signer.certificate.subject.rfc4514_string()})"


def _demo_legal_rep_tax_code(email: str) -> None:
    # The accounts keep a person's codice fiscale on the Person profile only (see
    # selectors.allowed_signer_tax_codes); the demo legal representative gets one whose
    # codice fiscale is the demo certificate's.
    membership = (
        Membership.objects.select_related("user", "enterprise")
        .filter(user__email=email.lower(), role=MemberRole.LEGAL_REPRESENTATIVE)
        .first()
    )
    if membership is None or Person.objects.filter(user=membership.user).exists():
        return
    Person.objects.create(
        user=membership.user,
        first_name="Demo",
        last_name="Legale Rappresentante",
        tax_code=DEMO_TAX_CODE,
        birth_date=dt.date(1980, 1, 1),
        residence_address=membership.enterprise.address,
        residence_municipality=membership.enterprise.municipality,
        residence_province=membership.enterprise.province,
        status=PersonStatus.ENTREPRENEUR,
        enterprise=membership.enterprise,
    )
