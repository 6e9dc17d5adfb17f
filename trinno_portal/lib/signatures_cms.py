"""The cryptographic half of trinno_portal.lib.signatures: one CMS SignerInfo (of a .p7m,
or embedded in a PDF) checked with pyHanko and pyhanko-certvalidator, each outcome kept
apart so that the report names the check that failed.

Kept apart from signatures.py so that the report types read without the asn1 plumbing.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.qualified_asn1 import get_qc_statements
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import (
    async_validate_cms_signature,
    extract_self_reported_ts,
    extract_tst_data_iter,
    message_imprint_checker,
    validate_tst_signed_data,
)
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel, TimestampSignatureStatus
from pyhanko_certvalidator import ValidationContext

from trinno_portal.lib.signatures import Check, CheckResult, Outcome, TrustInput

logger = logging.getLogger(__name__)

_CHAIN_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND",
    "CHAIN_CONSTRAINTS_FAILURE",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    "NO_SIGNING_CERTIFICATE_FOUND",
    "CRYPTO_CONSTRAINTS_FAILURE",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
    "GENERIC",
}
_REVOKED = {"REVOKED_NO_POE", "REVOKED_CA_NO_POE"}
_VALIDITY = {"EXPIRED", "NOT_YET_VALID", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"}
_ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)


@dataclass(frozen=True)
class SignedLayer:
    """One signer's outcome; `content` is what a .p7m layer wraps (None when the signed
    content is not there, or for a PDF signature)."""

    checks: tuple[CheckResult, ...]
    signer_name: str = ""
    signer_tax_code: str = ""
    issuer: str = ""
    certificate_serial: str = ""
    not_before: datetime | None = None
    not_after: datetime | None = None
    declared_signing_time: datetime | None = None
    timestamp_time: datetime | None = None
    validation_time: datetime | None = None
    content: bytes | None = None


def _name_value(name: asn1_x509.Name, key: str) -> str:
    value = name.native.get(key, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)


def tax_code_of(certificate: asn1_x509.Certificate) -> str:
    """The holder's codice fiscale: subject serialNumber "TINIT-<CF>" (ETSI EN 319 412-1
    section 5.1.3, semantics identifier for a natural person's national tax number)."""
    serial = _name_value(certificate.subject, "serial_number").strip().upper()
    return serial[len("TINIT-") :] if serial.startswith("TINIT-") else ""


def _signer_name(certificate: asn1_x509.Certificate) -> str:
    given = _name_value(certificate.subject, "given_name")
    surname = _name_value(certificate.subject, "surname")
    return f"{given} {surname}".strip() or _name_value(certificate.subject, "common_name")


def _is_qualified(certificate: asn1_x509.Certificate) -> bool:
    try:
        statements = get_qc_statements(certificate)
        return any(s["statement_id"].native == "qc_compliance" for s in statements)
    except _ASN1_ERRORS:
        return False


def _has_non_repudiation(certificate: asn1_x509.Certificate) -> bool:
    usage = certificate.key_usage_value
    return usage is not None and "non_repudiation" in usage.native


def _embedded_revocation(signed_data: cms.SignedData) -> tuple[list[bytes], list[bytes]]:
    """CRLs and OCSP responses the signer embedded (RFC 5652 RevocationInfoChoices,
    RFC 5940 for OCSP)."""
    crls: list[bytes] = []
    ocsps: list[bytes] = []
    try:
        for choice in signed_data["crls"] or []:
            if choice.name == "crl":
                crls.append(choice.chosen.dump())
            elif choice.chosen["other_rev_info_format"].dotted == "1.3.6.1.5.5.7.16.2":
                ocsps.append(choice.chosen["other_rev_info"].dump())
    except _ASN1_ERRORS:
        pass
    return crls, ocsps


def _context(trust: TrustInput, *, moment: datetime, mode: str, crls=(), ocsps=()):
    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in trust.anchors],
        crls=[*trust.crls, *crls],
        ocsps=[*trust.ocsps, *ocsps],
        moment=moment,
        allow_fetching=trust.fetch_revocation,
        revocation_mode=mode,
        # Judging at a past time-stamp with today's CRL: a CRL issued after that moment
        # still tells whether the certificate had been revoked before it.
        retroactive_revinfo=True,
    )


async def _timestamp(signer_info, trust: TrustInput, now: datetime, crls, ocsps):
    """The trusted time of the signature time-stamp token (ETSI EN 319 122-1
    signature-time-stamp), or None; and whether a token was there but not trusted."""

    tokens = list(extract_tst_data_iter(signer_info, signed=False))
    if not tokens:
        return None, False
    for token in tokens:
        try:
            kwargs = await validate_tst_signed_data(
                token,
                _context(trust, moment=now, mode="soft-fail", crls=crls, ocsps=ocsps),
                message_imprint_checker(signer_info),
            )
            status = TimestampSignatureStatus(**kwargs)
        except Exception:  # noqa: BLE001 - a malformed token is an untrusted token
            logger.info("time-stamp token not verifiable", exc_info=True)
            continue
        if status.intact and status.valid and status.trusted:
            return status.timestamp, False
    return None, True


def _declared_time(signer_info) -> datetime | None:
    try:
        return extract_self_reported_ts(signer_info)
    except _ASN1_ERRORS:
        return None


async def _pkix(signed_data, raw_digest, trust, moment, mode, crls, ocsps):
    return await async_validate_cms_signature(
        signed_data,
        raw_digest=raw_digest,
        validation_context=_context(trust, moment=moment, mode=mode, crls=crls, ocsps=ocsps),
        # Key usage is judged on its own below (NON_REPUDIATION), not inside the path
        # validation, so that the report tells the two apart.
        key_usage_settings=KeyUsageConstraints(key_usage=set()),
    )


async def verify_signer(
    signed_data: cms.SignedData,
    *,
    raw_digest: bytes | None,
    trust: TrustInput,
    now: datetime,
    extra_checks: tuple[CheckResult, ...] = (),
    content: bytes | None = None,
) -> SignedLayer:
    signer_info = signed_data["signer_infos"][0]

    certificate = extract_certificate_info(signed_data).signer_cert
    crls, ocsps = _embedded_revocation(signed_data)
    tst_time, tst_untrusted = await _timestamp(signer_info, trust, now, crls, ocsps)
    moment = tst_time or now
    checks: list[CheckResult] = list(extra_checks)

    status = await _pkix(signed_data, raw_digest, trust, moment, "require", crls, ocsps)
    problem = status.trust_problem_indic.name if status.trust_problem_indic else None
    revocation = Outcome.PASSED
    if problem and problem not in _REVOKED | _VALIDITY:
        # Perhaps no CRL or OCSP answer covers the chain (pyhanko-certvalidator reports
        # that as a chain failure): judge the rest without it, and say so.
        status = await _pkix(signed_data, raw_digest, trust, moment, "soft-fail", crls, ocsps)
        problem = status.trust_problem_indic.name if status.trust_problem_indic else None
        revocation = Outcome.NOT_CHECKED
    if problem in _REVOKED or status.revoked:
        revocation = Outcome.FAILED
    elif problem in _VALIDITY:
        # The path validation stopped at the expired certificate: revocation not judged.
        revocation = Outcome.NOT_CHECKED

    intact = bool(status.intact and status.valid)
    checks.append(
        CheckResult(
            Check.INTEGRITY,
            Outcome.PASSED if intact else Outcome.FAILED,
            "" if intact else "the signed content or the signature does not match",
        )
    )
    if tst_untrusted:
        checks.append(CheckResult(Check.TIMESTAMP, Outcome.FAILED, "time-stamp not trusted"))
    elif tst_time:
        checks.append(CheckResult(Check.TIMESTAMP, Outcome.PASSED, tst_time.isoformat()))

    not_before = certificate.not_valid_before
    not_after = certificate.not_valid_after
    in_period = not_before <= moment <= not_after
    checks.append(
        CheckResult(
            Check.VALIDITY,
            Outcome.PASSED if in_period and problem not in _VALIDITY else Outcome.FAILED,
            f"{not_before.date().isoformat()} - {not_after.date().isoformat()}",
        )
    )
    if not intact:
        checks.append(CheckResult(Check.CHAIN, Outcome.NOT_CHECKED, "integrity failed"))
        checks.append(CheckResult(Check.REVOCATION, Outcome.NOT_CHECKED, "integrity failed"))
    else:
        chain_ok = problem is None or problem in _REVOKED | _VALIDITY
        checks.append(
            CheckResult(
                Check.CHAIN,
                Outcome.PASSED if chain_ok else Outcome.FAILED,
                "" if chain_ok else "no chain to a trusted provider",
            )
        )
        checks.append(
            CheckResult(
                Check.REVOCATION,
                revocation,
                {
                    Outcome.PASSED: "not revoked",
                    Outcome.FAILED: "revoked",
                    Outcome.NOT_CHECKED: "no CRL or OCSP answer available"
                    if problem not in _VALIDITY
                    else "not judged: the certificate was not valid then",
                }[revocation],
            )
        )
    qualified = _is_qualified(certificate)
    checks.append(CheckResult(Check.QUALIFIED, Outcome.PASSED if qualified else Outcome.FAILED))
    non_repudiation = _has_non_repudiation(certificate)
    checks.append(
        CheckResult(Check.NON_REPUDIATION, Outcome.PASSED if non_repudiation else Outcome.FAILED)
    )
    return SignedLayer(
        checks=tuple(checks),
        signer_name=_signer_name(certificate),
        signer_tax_code=tax_code_of(certificate),
        issuer=_name_value(certificate.issuer, "common_name") or certificate.issuer.human_friendly,
        certificate_serial=format(certificate.serial_number, "x"),
        not_before=not_before,
        not_after=not_after,
        declared_signing_time=_declared_time(signer_info),
        timestamp_time=tst_time,
        validation_time=moment,
        content=content,
    )


def _one_signer(signed_data: cms.SignedData, signer_info) -> cms.SignedData:
    """The SignedData restricted to one of its parallel signers (pyHanko checks one)."""
    copy: dict[str, Any] = {
        "version": signed_data["version"],
        "digest_algorithms": signed_data["digest_algorithms"],
        "encap_content_info": signed_data["encap_content_info"],
        "signer_infos": cms.SignerInfos([signer_info]),
    }
    for optional in ("certificates", "crls"):
        if signed_data[optional].native is not None:
            copy[optional] = signed_data[optional]
    return cms.SignedData(copy)


async def verify_cms_layer(
    data: bytes, *, trust: TrustInput, now: datetime
) -> list[SignedLayer] | None:
    """Every signer of one attached CMS layer, or None if `data` is not CMS SignedData."""
    try:
        info = cms.ContentInfo.load(data)
        if info["content_type"].native != "signed_data":
            return None
        signed_data = info["content"]
        signer_infos = list(signed_data["signer_infos"])
        encapsulated = signed_data["encap_content_info"]["content"]
        content = None
        if not (encapsulated is core.VOID or encapsulated.native is None):
            content = bytes(encapsulated)
        if not signer_infos:
            return None
    except _ASN1_ERRORS:
        return None
    layers = []
    for signer_info in signer_infos:
        try:
            single = _one_signer(signed_data, signer_info) if len(signer_infos) > 1 else signed_data
            layers.append(
                await verify_signer(
                    single,
                    raw_digest=None if content is not None else b"",
                    trust=trust,
                    now=now,
                    content=content,
                )
            )
        except Exception:  # noqa: BLE001 - malformed input is a failed format, never a 500
            logger.info("CMS signer not verifiable", exc_info=True)
            return None
    return layers


def _sha256(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return digest.finalize()


async def verify_pdf(data: bytes, *, trust: TrustInput, now: datetime) -> list[SignedLayer] | None:
    """Every signature of a PDF, in order; [] for an unsigned PDF, None if unreadable."""

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception:  # noqa: BLE001 - pypdf/pyHanko raise many kinds on broken files
        logger.info("PDF not readable", exc_info=True)
        return None
    crls: list[bytes] = []
    ocsps: list[bytes] = []
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        crls = [ref.get_object().data for ref in dss.crls]
        ocsps = [ref.get_object().data for ref in dss.ocsps]
    except Exception:  # noqa: BLE001 - no DSS, or a broken one: nothing embedded
        logger.debug("no readable DSS", exc_info=True)
    with_dss = replace(trust, crls=(*trust.crls, *crls), ocsps=(*trust.ocsps, *ocsps))
    layers: list[SignedLayer] = []
    last_covers_file = False
    analysed = []
    for embedded in signatures:
        try:
            embedded.compute_integrity_info()
        except (SignatureValidationError, *_ASN1_ERRORS):
            logger.info("PDF signature not analysable", exc_info=True)
            analysed.append(None)
            continue
        analysed.append(embedded)
    if signatures and analysed[-1] is not None:
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        last_covers_file = analysed[-1].coverage == SignatureCoverageLevel.ENTIRE_FILE
    for position, embedded in enumerate(signatures):
        if analysed[position] is None:
            layers.append(
                SignedLayer(
                    checks=(CheckResult(Check.INTEGRITY, Outcome.FAILED, "unreadable signature"),)
                )
            )
            continue
        unchanged = _unchanged_check(
            embedded,
            later_signature_covers_file=position < len(signatures) - 1 and last_covers_file,
        )
        try:
            layer = await verify_signer(
                embedded.signed_data,
                raw_digest=embedded.compute_digest(),
                trust=with_dss,
                now=now,
                extra_checks=(unchanged,),
            )
            if layer.declared_signing_time is None:
                # PAdES declares the signing time in the signature dictionary (/M).
                layer = replace(layer, declared_signing_time=embedded.self_reported_timestamp)
            layers.append(layer)
        except Exception:  # noqa: BLE001 - malformed input is a failed check, never a 500
            logger.info("PDF signature not verifiable", exc_info=True)
            layers.append(
                SignedLayer(checks=(unchanged, CheckResult(Check.INTEGRITY, Outcome.FAILED)))
            )
    return layers


def _unchanged_check(embedded, *, later_signature_covers_file: bool) -> CheckResult:
    """Whether the PDF is still what was signed. An incremental update after a signature
    can change what the reader sees while the signature stays intact: it is accepted only
    when it adds validation data or a time-stamp (LTA updates), or, below a later
    signature that covers the whole file, when it only fills in signature fields."""

    if embedded.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return CheckResult(Check.UNCHANGED, Outcome.PASSED, "the signature covers the whole file")
    diff = embedded.diff_result
    level = diff.modification_level if isinstance(diff, DiffResult) else ModificationLevel.OTHER
    if level <= ModificationLevel.LTA_UPDATES or (
        later_signature_covers_file and level <= ModificationLevel.FORM_FILLING
    ):
        return CheckResult(Check.UNCHANGED, Outcome.PASSED, f"updated after signing: {level.name}")
    return CheckResult(
        Check.UNCHANGED,
        Outcome.FAILED,
        f"the file was changed after signing (incremental update: {level.name})",
    )


def utc_now() -> datetime:
    return datetime.now(UTC)
