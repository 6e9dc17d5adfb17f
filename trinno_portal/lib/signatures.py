"""Verify a digitally signed file (firma digitale): CAdES attached .p7m (nested .p7m.p7m
too) and PAdES signed PDFs. Pure: the trust store, the CRLs and the clock come in as
arguments, and the answer is a typed report with every check's outcome.

What is checked follows DPCM 22 February 2013 art. 14 and CAD art. 21 (docs/security.md):
the integrity of the signed content; the signer's certificate chain to a trusted
qualified provider; its validity and revocation, both judged at the time of a trusted
time-stamp token when the file carries one and otherwise now; a qualified certificate
(qcStatements QcCompliance, ETSI EN 319 412-5) with the nonRepudiation key usage
(ETSI EN 319 412-2 section 4.3.2). The signing time a signer declares in the signed
attributes is reported, but it proves nothing to third parties: the signer's own clock.

The cryptography and path validation are pyHanko's and pyhanko-certvalidator's (RFC 5280
path validation, CRL and OCSP processing): decision docs/decisions/0016-signature-library.md.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from trinno_portal.lib.signatures_cms import SignedLayer

_PEM = re.compile(rb"-----BEGIN [A-Z0-9 #]+-----(.*?)-----END [A-Z0-9 #]+-----", re.S)
# A .p7m inside a .p7m: signing again a file that is already signed ("firma multipla
# annidata") wraps it whole; the innermost content is the document.
MAX_NESTING = 5


class Check(StrEnum):
    FORMAT = "format"
    INTEGRITY = "integrity"
    UNCHANGED = "unchanged_after_signing"
    TIMESTAMP = "timestamp"
    CHAIN = "chain"
    VALIDITY = "validity"
    REVOCATION = "revocation"
    QUALIFIED = "qualified"
    NON_REPUDIATION = "non_repudiation"
    SIGNER = "signer"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    # Could not be judged (e.g. no CRL reachable): reported, and never a pass.
    NOT_CHECKED = "not_checked"


class Format(StrEnum):
    CADES = "cades"
    PADES = "pades"
    UNSIGNED_PDF = "unsigned_pdf"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CheckResult:
    check: Check
    outcome: Outcome
    detail: str = ""


@dataclass(frozen=True)
class SignerReport:
    """One signature: who signed, under which certificate, and every check's outcome."""

    checks: tuple[CheckResult, ...]
    signer_name: str = ""
    signer_tax_code: str = ""
    issuer: str = ""
    certificate_serial: str = ""
    not_before: datetime | None = None
    not_after: datetime | None = None
    declared_signing_time: datetime | None = None
    timestamp_time: datetime | None = None
    # The moment validity and revocation were judged at: the time-stamp's, else now.
    validation_time: datetime | None = None

    def outcome(self, check: Check) -> Outcome | None:
        for result in self.checks:
            if result.check is check:
                return result.outcome
        return None

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        # NOT_CHECKED for revocation is reported separately (revocation_checked): the
        # caller decides whether it may pass; any other not-checked counts as failed.
        return tuple(
            result
            for result in self.checks
            if result.outcome is Outcome.FAILED
            or (result.outcome is Outcome.NOT_CHECKED and result.check is not Check.REVOCATION)
        )


@dataclass(frozen=True)
class SignatureReport:
    format: Format
    signatures: tuple[SignerReport, ...]
    checks: tuple[CheckResult, ...] = ()
    trust_list_date: date | None = None
    verified_at: datetime | None = None
    # The signed document itself (the innermost content of a .p7m, the PDF as is).
    content: bytes = field(default=b"", repr=False)

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        own = tuple(result for result in self.checks if result.outcome is not Outcome.PASSED)
        return own + tuple(result for sig in self.signatures for result in sig.failed)

    @property
    def revocation_checked(self) -> bool:
        """Whether a CRL or OCSP answer judged every signer's chain (revoked or not)."""
        return bool(self.signatures) and all(
            sig.outcome(Check.REVOCATION) in (Outcome.PASSED, Outcome.FAILED)
            for sig in self.signatures
        )

    @property
    def valid(self) -> bool:
        """Valid, trusted and not revoked: no check failed (revocation may be unchecked)."""
        return bool(self.signatures) and not self.failed

    @property
    def signer_tax_codes(self) -> tuple[str, ...]:
        return tuple(sig.signer_tax_code for sig in self.signatures if sig.signer_tax_code)

    def with_signer_check(self, result: CheckResult) -> SignatureReport:
        """The report with the portal's own check of who signed (see signer_check)."""
        return SignatureReport(
            format=self.format,
            signatures=self.signatures,
            checks=(*self.checks, result),
            trust_list_date=self.trust_list_date,
            verified_at=self.verified_at,
            content=self.content,
        )

    def as_dict(self) -> dict[str, Any]:
        def when(value: datetime | date | None) -> str | None:
            return value.isoformat() if value else None

        def checks(results: tuple[CheckResult, ...]) -> list[dict[str, str]]:
            return [
                {"check": r.check.value, "outcome": r.outcome.value, "detail": r.detail}
                for r in results
            ]

        return {
            "format": self.format.value,
            "valid": self.valid,
            "revocation_checked": self.revocation_checked,
            "failed_checks": sorted({r.check.value for r in self.failed}),
            "checks": checks(self.checks),
            "trust_list_date": when(self.trust_list_date),
            "verified_at": when(self.verified_at),
            "signatures": [
                {
                    "signer_name": sig.signer_name,
                    "signer_tax_code": sig.signer_tax_code,
                    "issuer": sig.issuer,
                    "certificate_serial": sig.certificate_serial,
                    "not_before": when(sig.not_before),
                    "not_after": when(sig.not_after),
                    "declared_signing_time": when(sig.declared_signing_time),
                    "timestamp_time": when(sig.timestamp_time),
                    "validation_time": when(sig.validation_time),
                    "checks": checks(sig.checks),
                }
                for sig in self.signatures
            ],
        }


@dataclass(frozen=True)
class TrustInput:
    """What the verifier trusts and knows: anchors (DER certificates), CRLs and OCSP
    responses (DER), the date the trust list was loaded."""

    anchors: tuple[bytes, ...]
    crls: tuple[bytes, ...] = ()
    ocsps: tuple[bytes, ...] = ()
    trust_list_date: date | None = None
    # Fetch CRLs and OCSP answers from the addresses in the certificates (network).
    fetch_revocation: bool = False


def _unarmour(data: bytes) -> bytes:
    """DER from a PEM or bare base64 .p7m (both are common from Italian signing tools)."""
    stripped = data.strip()
    match = _PEM.search(stripped)
    if match:
        stripped = match.group(1)
    elif not re.fullmatch(rb"[A-Za-z0-9+/=\s]+", stripped[:4096] or b"-"):
        return data
    try:
        return base64.b64decode(re.sub(rb"\s", b"", stripped), validate=True)
    except (binascii.Error, ValueError):
        return data


def _is_pdf(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n\f\x00")[:5] == b"%PDF-"


def _layer_report(layer: SignedLayer) -> SignerReport:
    return SignerReport(
        checks=layer.checks,
        signer_name=layer.signer_name,
        signer_tax_code=layer.signer_tax_code,
        issuer=layer.issuer,
        certificate_serial=layer.certificate_serial,
        not_before=layer.not_before,
        not_after=layer.not_after,
        declared_signing_time=layer.declared_signing_time,
        timestamp_time=layer.timestamp_time,
        validation_time=layer.validation_time,
    )


def verify_signed_file(data: bytes, *, trust: TrustInput, now: datetime) -> SignatureReport:
    """The verification report of a CAdES (.p7m) or PAdES (signed PDF) file.

    An unsigned PDF gives a report with no signature and a failed FORMAT check: where a
    signature is required, a PDF without one is never accepted.
    """
    return run_sync(_verify(data, trust=trust, now=now))


def run_sync(coroutine):
    """Run pyHanko's coroutine to the end from synchronous code. Where this thread
    already runs an event loop (an ASGI worker, Playwright in the browser tests),
    asyncio.run refuses: the coroutine then runs on a loop of its own in a short-lived
    thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _verify(data: bytes, *, trust: TrustInput, now: datetime) -> SignatureReport:
    # Imported here: signatures_cms uses this module's types, and pyHanko is loaded only
    # when a file is verified.
    from trinno_portal.lib.signatures_cms import verify_cms_layer, verify_pdf

    def report(fmt: Format, layers: list[SignedLayer], checks=(), content=b""):
        return SignatureReport(
            format=fmt,
            signatures=tuple(_layer_report(layer) for layer in layers),
            checks=tuple(checks),
            trust_list_date=trust.trust_list_date,
            verified_at=now,
            content=content,
        )

    if _is_pdf(data):
        layers = await verify_pdf(data, trust=trust, now=now)
        if layers is None:
            return report(
                Format.UNKNOWN,
                [],
                [CheckResult(Check.FORMAT, Outcome.FAILED, "not a readable PDF")],
            )
        if not layers:
            return report(
                Format.UNSIGNED_PDF,
                [],
                [CheckResult(Check.FORMAT, Outcome.FAILED, "the PDF carries no signature")],
                data,
            )
        return report(
            Format.PADES, layers, [CheckResult(Check.FORMAT, Outcome.PASSED, "PAdES")], data
        )

    layers: list[SignedLayer] = []
    content = _unarmour(data)
    missing_content = False
    for _ in range(MAX_NESTING):
        signers = await verify_cms_layer(content, trust=trust, now=now)
        if signers is None:
            break
        layers.extend(signers)
        if signers[0].content is None:
            missing_content = True
            break
        content = _unarmour(signers[0].content)
    if not layers:
        return report(
            Format.UNKNOWN,
            [],
            [CheckResult(Check.FORMAT, Outcome.FAILED, "not a CAdES signed file or a PDF")],
        )
    if missing_content:
        return report(
            Format.CADES,
            layers,
            [CheckResult(Check.FORMAT, Outcome.FAILED, "the signed content is missing")],
        )
    return report(
        Format.CADES,
        layers,
        [CheckResult(Check.FORMAT, Outcome.PASSED, f"CAdES, {len(layers)} signature(s)")],
        content,
    )


def signer_check(report: SignatureReport, *, allowed_tax_codes: frozenset[str]) -> CheckResult:
    """Whether someone allowed to sign (the legal representative, or a delegate where
    the call allows) is among the signers: by the codice fiscale in the certificate,
    not by the name, which is not unique."""
    found = {code.upper() for code in report.signer_tax_codes}
    allowed = {code.upper() for code in allowed_tax_codes if code}
    if found & allowed:
        return CheckResult(Check.SIGNER, Outcome.PASSED, ", ".join(sorted(found & allowed)))
    return CheckResult(
        Check.SIGNER, Outcome.FAILED, ", ".join(sorted(found)) or "no codice fiscale"
    )
