"""A CA hierarchy made by the tests (root -> qualified CA -> signers, a TSA), and small
documents to sign. Built once per session: key generation is the slow part."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pypdf import PdfWriter

from trinno_portal.lib.signatures import TrustInput
from trinno_portal.lib.signatures_pki import (
    Issued,
    issue_ca,
    issue_crl,
    issue_signer,
    issue_tsa,
)

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
LEGAL_REP_CF = "RSSMRA80A01A390R"
OTHER_CF = "BNCLRA85M41D612D"


@dataclass(frozen=True)
class Pki:
    root: Issued
    ca: Issued
    signer: Issued
    expired: Issued
    revoked: Issued
    no_nr: Issued
    unqualified: Issued
    other_person: Issued
    tsa: Issued
    rogue_root: Issued
    rogue_signer: Issued
    crl: bytes
    root_crl: bytes

    def trust(self, *, crls: bool = True) -> TrustInput:
        return TrustInput(
            anchors=(self.root.cert_der,),
            crls=(self.crl, self.root_crl) if crls else (),
            trust_list_date=NOW.date(),
        )

    @property
    def chain(self) -> tuple[Issued, ...]:
        return (self.ca, self.root)


def build_pki() -> Pki:
    long_ago, far = NOW - timedelta(days=3650), NOW + timedelta(days=3650)
    root = issue_ca(common_name="Test Root CA", not_before=long_ago, not_after=far)
    ca = issue_ca(common_name="Test Qualified CA", not_before=long_ago, not_after=far, issuer=root)

    def person(cf=LEGAL_REP_CF, **kwargs):
        period = {"not_before": NOW - timedelta(days=365), "not_after": NOW + timedelta(days=365)}
        period.update({k: kwargs.pop(k) for k in ("not_before", "not_after") if k in kwargs})
        return issue_signer(
            issuer=ca, given_name="Mario", surname="Rossi", tax_code=cf, **period, **kwargs
        )

    signer = person()
    expired = person(not_before=NOW - timedelta(days=800), not_after=NOW - timedelta(days=35))
    revoked = person()
    rogue_root = issue_ca(
        common_name="Rogue Root", not_before=long_ago, not_after=far, organization="Nobody"
    )
    crl = issue_crl(
        issuer=ca,
        this_update=NOW - timedelta(hours=1),
        next_update=NOW + timedelta(days=7),
        revoked=((revoked.certificate, NOW - timedelta(days=2)),),
    )
    root_crl = issue_crl(
        issuer=root, this_update=NOW - timedelta(hours=1), next_update=NOW + timedelta(days=30)
    )
    return Pki(
        root=root,
        ca=ca,
        signer=signer,
        expired=expired,
        revoked=revoked,
        no_nr=person(non_repudiation=False),
        unqualified=person(qualified=False),
        other_person=issue_signer(
            issuer=ca,
            given_name="Laura",
            surname="Bianchi",
            tax_code=OTHER_CF,
            not_before=NOW - timedelta(days=365),
            not_after=NOW + timedelta(days=365),
        ),
        tsa=issue_tsa(issuer=ca, not_before=long_ago, not_after=far),
        rogue_root=rogue_root,
        rogue_signer=issue_signer(
            issuer=rogue_root,
            given_name="Mario",
            surname="Rossi",
            tax_code=LEGAL_REP_CF,
            not_before=NOW - timedelta(days=365),
            not_after=NOW + timedelta(days=365),
        ),
        crl=crl,
        root_crl=root_crl,
    )


def blank_pdf(text: str = "Domanda di contributo") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
