"""The verification of CAdES and PAdES files against a CA hierarchy made by the tests."""

import io
import os
from datetime import timedelta

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.signatures.pki import LEGAL_REP_CF, NOW, OTHER_CF, blank_pdf
from trinno_portal.lib.signatures import (
    Check,
    Format,
    Outcome,
    signer_check,
    verify_signed_file,
)
from trinno_portal.lib.signatures_pki import sign_cades, sign_pades

DOCUMENT = b"%PDF-1.7 stand-in for the application form"


def failed(report):
    return {result.check for result in report.failed}


def test_it_accepts_a_valid_cades(pki):
    report = verify_signed_file(
        sign_cades(DOCUMENT, signer=pki.signer, chain=pki.chain), trust=pki.trust(), now=NOW
    )
    assert report.valid, report.failed
    assert report.format is Format.CADES
    assert report.revocation_checked
    assert report.content == DOCUMENT
    (signature,) = report.signatures
    assert signature.signer_tax_code == LEGAL_REP_CF
    assert signature.signer_name == "Mario Rossi"
    assert signature.issuer == "Test Qualified CA"
    assert signature.validation_time == NOW
    # The declared signing time is reported (the signer's clock), never used to judge.
    assert signature.declared_signing_time is not None
    assert report.as_dict()["trust_list_date"] == NOW.date().isoformat()


def test_it_accepts_a_valid_pades(pki):
    pdf = blank_pdf()
    report = verify_signed_file(
        sign_pades(pdf, signer=pki.signer, chain=pki.chain), trust=pki.trust(), now=NOW
    )
    assert report.valid, report.failed
    assert report.format is Format.PADES
    assert report.signatures[0].outcome(Check.UNCHANGED) is Outcome.PASSED
    assert report.signatures[0].signer_tax_code == LEGAL_REP_CF
    assert report.signatures[0].declared_signing_time is not None


def test_it_refuses_content_changed_after_signing(pki):
    signed = sign_cades(DOCUMENT, signer=pki.signer, chain=pki.chain)
    tampered = signed.replace(b"stand-in", b"stand-up")
    assert tampered != signed
    report = verify_signed_file(tampered, trust=pki.trust(), now=NOW)
    assert not report.valid
    assert Check.INTEGRITY in failed(report)


def test_it_refuses_an_expired_signer_certificate(pki):
    report = verify_signed_file(
        sign_cades(DOCUMENT, signer=pki.expired, chain=pki.chain), trust=pki.trust(), now=NOW
    )
    assert failed(report) == {Check.VALIDITY}
    assert report.signatures[0].outcome(Check.REVOCATION) is Outcome.NOT_CHECKED


def test_it_judges_validity_at_a_trusted_timestamp(pki):
    # Signed and time-stamped while the certificate was valid: still valid after expiry.
    signed = sign_cades(
        DOCUMENT,
        signer=pki.expired,
        chain=pki.chain,
        tsa=pki.tsa,
        timestamp_at=NOW - timedelta(days=60),
    )
    report = verify_signed_file(signed, trust=pki.trust(), now=NOW)
    assert report.valid, report.failed
    signature = report.signatures[0]
    assert signature.validation_time == NOW - timedelta(days=60)
    assert signature.outcome(Check.TIMESTAMP) is Outcome.PASSED


def test_it_ignores_a_timestamp_from_an_untrusted_tsa(pki):
    from trinno_portal.lib.signatures_pki import issue_tsa

    rogue_tsa = issue_tsa(
        issuer=pki.rogue_root,
        not_before=NOW - timedelta(days=900),
        not_after=NOW + timedelta(days=900),
    )
    signed = sign_cades(
        DOCUMENT,
        signer=pki.expired,
        chain=pki.chain,
        tsa=rogue_tsa,
        timestamp_at=NOW - timedelta(days=60),
    )
    report = verify_signed_file(signed, trust=pki.trust(), now=NOW)
    assert {Check.TIMESTAMP, Check.VALIDITY} <= failed(report)
    assert report.signatures[0].validation_time == NOW


def test_it_refuses_a_revoked_certificate(pki):
    report = verify_signed_file(
        sign_cades(DOCUMENT, signer=pki.revoked, chain=pki.chain), trust=pki.trust(), now=NOW
    )
    assert failed(report) == {Check.REVOCATION}
    assert report.revocation_checked


def test_a_certificate_revoked_after_the_timestamp_is_still_valid(pki):
    signed = sign_cades(
        DOCUMENT,
        signer=pki.revoked,
        chain=pki.chain,
        tsa=pki.tsa,
        timestamp_at=NOW - timedelta(days=10),
    )
    report = verify_signed_file(signed, trust=pki.trust(), now=NOW)
    assert report.valid, report.failed


def test_it_says_when_revocation_could_not_be_checked(pki):
    report = verify_signed_file(
        sign_cades(DOCUMENT, signer=pki.signer, chain=pki.chain),
        trust=pki.trust(crls=False),
        now=NOW,
    )
    assert not report.revocation_checked
    assert report.signatures[0].outcome(Check.REVOCATION) is Outcome.NOT_CHECKED
    assert report.signatures[0].outcome(Check.CHAIN) is Outcome.PASSED


def test_it_refuses_an_untrusted_root(pki):
    signed = sign_cades(DOCUMENT, signer=pki.rogue_signer, chain=(pki.rogue_root,))
    report = verify_signed_file(signed, trust=pki.trust(), now=NOW)
    assert Check.CHAIN in failed(report)


def test_it_refuses_a_certificate_without_non_repudiation(pki):
    report = verify_signed_file(
        sign_cades(DOCUMENT, signer=pki.no_nr, chain=pki.chain), trust=pki.trust(), now=NOW
    )
    assert failed(report) == {Check.NON_REPUDIATION}


def test_it_refuses_a_certificate_that_is_not_qualified(pki):
    report = verify_signed_file(
        sign_cades(DOCUMENT, signer=pki.unqualified, chain=pki.chain), trust=pki.trust(), now=NOW
    )
    assert failed(report) == {Check.QUALIFIED}


def test_the_signer_check_wants_the_legal_representative(pki):
    report = verify_signed_file(
        sign_cades(DOCUMENT, signer=pki.other_person, chain=pki.chain), trust=pki.trust(), now=NOW
    )
    assert report.valid
    refused = report.with_signer_check(
        signer_check(report, allowed_tax_codes=frozenset({LEGAL_REP_CF}))
    )
    assert failed(refused) == {Check.SIGNER}
    accepted = report.with_signer_check(
        signer_check(report, allowed_tax_codes=frozenset({OTHER_CF.lower()}))
    )
    assert accepted.valid


def test_it_verifies_every_layer_of_a_nested_p7m(pki):
    inner = sign_cades(DOCUMENT, signer=pki.signer, chain=pki.chain)
    outer = sign_cades(inner, signer=pki.other_person, chain=pki.chain)
    report = verify_signed_file(outer, trust=pki.trust(), now=NOW)
    assert report.valid, report.failed
    assert report.content == DOCUMENT
    assert set(report.signer_tax_codes) == {LEGAL_REP_CF, OTHER_CF}

    inner_revoked = sign_cades(DOCUMENT, signer=pki.revoked, chain=pki.chain)
    outer = sign_cades(inner_revoked, signer=pki.signer, chain=pki.chain)
    assert failed(verify_signed_file(outer, trust=pki.trust(), now=NOW)) == {Check.REVOCATION}


def test_it_reads_a_base64_p7m(pki):
    import base64

    signed = base64.encodebytes(sign_cades(DOCUMENT, signer=pki.signer, chain=pki.chain))
    assert verify_signed_file(signed, trust=pki.trust(), now=NOW).valid


def test_it_refuses_random_bytes_behind_a_cades_header(pki):
    header = bytes.fromhex("308006092A864886F70D010702")
    report = verify_signed_file(header + os.urandom(2000), trust=pki.trust(), now=NOW)
    assert not report.valid
    assert failed(report) == {Check.FORMAT}
    assert not report.signatures


def test_it_refuses_an_unsigned_pdf(pki):
    report = verify_signed_file(blank_pdf(), trust=pki.trust(), now=NOW)
    assert report.format is Format.UNSIGNED_PDF
    assert not report.valid
    assert failed(report) == {Check.FORMAT}


def _append_page_text(pdf: bytes) -> bytes:
    """An incremental update that draws on the first page: what a forger appends to a
    signed PDF, leaving the signature's bytes untouched."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (Importo 99999) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_it_refuses_a_pades_changed_by_an_incremental_update(pki):
    signed = sign_pades(blank_pdf(), signer=pki.signer, chain=pki.chain)
    updated = _append_page_text(signed)
    report = verify_signed_file(updated, trust=pki.trust(), now=NOW)
    assert failed(report) == {Check.UNCHANGED}
    # The signature itself is intact: only what came after it is refused.
    assert report.signatures[0].outcome(Check.INTEGRITY) is Outcome.PASSED


def test_a_second_pades_signature_keeps_the_first_valid(pki):
    once = sign_pades(blank_pdf(), signer=pki.signer, chain=pki.chain)
    twice = sign_pades(once, signer=pki.other_person, chain=pki.chain, field_name="Signature2")
    report = verify_signed_file(twice, trust=pki.trust(), now=NOW)
    assert report.valid, report.failed
    assert len(report.signatures) == 2


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 broken", b"\x30\x82\xff\xff" + b"\x00" * 20])
def test_it_never_raises_on_garbage(pki, data):
    report = verify_signed_file(data, trust=pki.trust(), now=NOW)
    assert not report.valid
