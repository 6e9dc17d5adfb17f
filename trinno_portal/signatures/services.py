"""Writes of the signatures app: the trust store (trusted lists, certificates, CRLs), the
check of a signed upload and its stored report, the embedded default's demo CA."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from cryptography import x509
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.lib.signatures import (
    Check,
    CheckResult,
    Outcome,
    SignatureReport,
    signer_check,
    verify_signed_file,
)
from trinno_portal.lib.signatures_tsl import TrustList, parse_trust_list
from trinno_portal.lib.signatures_xml import XmlSignatureError, verify_trust_list_signature

from .application_form import (
    APPLICATION_FORM_KIND,
    application_form_reference,
    form_reference_of,
)
from .clients import TrustListClient
from .models import (
    RevocationList,
    SignatureVerification,
    SignedDelegation,
    TrustedCertificate,
    TrustListLoad,
    TrustSource,
)
from .selectors import allowed_signer_tax_codes, signature_requirement, trust_input


def _fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def trusted_certificate_add(
    *,
    der: bytes,
    source: str,
    now: datetime,
    provider: str = "",
    service_name: str = "",
    service_type: str = "",
    territory: str = "",
    status_since: datetime | None = None,
    trust_list: TrustListLoad | None = None,
) -> TrustedCertificate:
    """Trust a certificate (idempotent: the same certificate is updated, not doubled)."""
    certificate = x509.load_der_x509_certificate(der)
    obj, _created = TrustedCertificate.objects.update_or_create(
        fingerprint=_fingerprint(der),
        defaults={
            "der": der,
            "subject": certificate.subject.rfc4514_string()[:500],
            "provider": provider[:250],
            "service_name": service_name[:250],
            "service_type": service_type[:100],
            "territory": territory,
            "not_before": certificate.not_valid_before_utc,
            "not_after": certificate.not_valid_after_utc,
            "status_since": status_since,
            "source": source,
            "trust_list": trust_list,
            "active": True,
            "loaded_at": now,
        },
    )
    return obj


def revocation_list_add(*, der: bytes) -> RevocationList:
    """Keep a CRL (DER or PEM) for the verifier; idempotent."""
    if der.lstrip().startswith(b"-----BEGIN"):
        crl = x509.load_pem_x509_crl(der)
    else:
        crl = x509.load_der_x509_crl(der)
    from cryptography.hazmat.primitives.serialization import Encoding

    raw = crl.public_bytes(Encoding.DER)
    obj, _created = RevocationList.objects.update_or_create(
        fingerprint=_fingerprint(raw),
        defaults={
            "der": raw,
            "issuer": crl.issuer.rfc4514_string()[:500],
            "this_update": crl.last_update_utc,
            "next_update": crl.next_update_utc,
        },
    )
    return obj


def _signed_list(data: bytes, *, signers: tuple[bytes, ...], what: str) -> TrustList:
    """The list in `data`, once its XAdES signature verifies by one of `signers`."""
    try:
        verify_trust_list_signature(data, signers=signers)
    except XmlSignatureError as exc:
        raise ValidationError(
            _("The signature of %(list)s was not accepted: %(reason)s")
            % {"list": what, "reason": str(exc)},
            code="list_signature",
        ) from exc
    return parse_trust_list(data)


def pinned_lotl_signers() -> tuple[bytes, ...]:
    """The certificates that may sign the EU list of trusted lists, as the Official
    Journal of the EU publishes them (setting TRUST_LIST_LOTL_SIGNERS: a PEM file)."""
    from django.conf import settings

    path = settings.TRUST_LIST_LOTL_SIGNERS
    if not path:
        return ()
    return certificates_from_pem(open(path, "rb").read())


def certificates_from_pem(data: bytes) -> tuple[bytes, ...]:
    from cryptography.hazmat.primitives.serialization import Encoding

    return tuple(c.public_bytes(Encoding.DER) for c in x509.load_pem_x509_certificates(data))


def _national_list(
    data: bytes,
    *,
    territory: str,
    client: TrustListClient | None,
    signers: tuple[bytes, ...] | None,
):
    # Read unverified only to tell the LOTL from a national list; nothing of it is used
    # before its signature verifies.
    first = parse_trust_list(data)
    if not first.is_lotl:
        return _signed_list(data, signers=signers or (), what=first.territory or "-"), None
    parsed = _signed_list(
        data, signers=signers if signers is not None else pinned_lotl_signers(), what="EU LOTL"
    )
    pointer = parsed.pointer_for(territory)
    if pointer is None:
        raise ValidationError(
            _("The list of trusted lists has no pointer to %(territory)s.")
            % {"territory": territory},
            code="no_pointer",
        )
    if client is None:
        raise ValidationError(
            _("The list of trusted lists points to %(url)s: download it, or give its address.")
            % {"url": pointer.location},
            code="no_client",
        )
    # The national list is signed by one of the certificates the LOTL names for it.
    national = _signed_list(
        client.fetch(pointer.location), signers=pointer.certificates, what=pointer.territory
    )
    return national, pointer.location


@transaction.atomic
def trust_list_load(
    *,
    data: bytes,
    source: str,
    territory: str = "IT",
    client: TrustListClient | None = None,
    now: datetime | None = None,
    signers: tuple[bytes, ...] | None = None,
) -> TrustListLoad:
    """Load a national trusted list (or the EU list of trusted lists, followed to the
    `territory`'s list through `client`): its granted CA/QC and TSA/QTST services become
    the trust store of that territory; certificates the new list no longer carries stop
    being trusted.

    Each list's XAdES signature is verified first (lib/signatures_xml.py): the LOTL's by
    the Official Journal's certificates (`signers`, else TRUST_LIST_LOTL_SIGNERS), a
    national list's by those the LOTL's pointer names (or `signers`, for a national list
    given directly). A list that fails changes nothing: the previous load stays.
    """
    now = now or timezone.now()
    national, followed = _national_list(data, territory=territory, client=client, signers=signers)
    load = TrustListLoad.objects.create(
        source=(followed or source)[:500],
        territory=national.territory or territory,
        sequence_number=national.sequence_number,
        issued_at=national.issued_at,
        next_update=national.next_update,
    )
    seen = _load_services(national, load=load, now=now)
    TrustedCertificate.objects.filter(
        source=TrustSource.TRUSTED_LIST, territory=load.territory
    ).exclude(fingerprint__in=seen).update(active=False)
    load.certificates = len(seen)
    load.save(update_fields=["certificates"])
    return load


def _load_services(national: TrustList, *, load: TrustListLoad, now: datetime) -> set[str]:
    seen: set[str] = set()
    for service in national.services:
        for der in service.certificates:
            try:
                trusted_certificate_add(
                    der=der,
                    source=TrustSource.TRUSTED_LIST,
                    now=now,
                    provider=service.provider,
                    service_name=service.name,
                    service_type=service.service_type.rsplit("/Svctype/", 1)[-1],
                    territory=load.territory,
                    status_since=service.status_since,
                    trust_list=load,
                )
            except ValueError:
                continue  # a certificate that does not parse is trusted by nobody
            seen.add(_fingerprint(der))
    return seen


CHECK_MESSAGES = {
    Check.FORMAT: gettext_lazy(
        "The file carries no digital signature: upload the PDF signed (PAdES) or the "
        "signed .p7m (CAdES)."
    ),
    Check.INTEGRITY: gettext_lazy(
        "The signature does not match the file: it was changed after signing, or "
        "the signature is damaged."
    ),
    Check.UNCHANGED: gettext_lazy(
        "The PDF was changed after it was signed (an incremental update follows the signature)."
    ),
    Check.TIMESTAMP: gettext_lazy(
        "The time-stamp on the signature is not from a trusted provider."
    ),
    Check.CHAIN: gettext_lazy(
        "The signer's certificate was not issued by a qualified provider on the EU trusted lists."
    ),
    Check.VALIDITY: gettext_lazy(
        "The signer's certificate was not valid when it was checked (expired or not yet valid)."
    ),
    Check.REVOCATION: gettext_lazy("The signer's certificate has been revoked."),
    Check.QUALIFIED: gettext_lazy("The signer's certificate is not a qualified certificate."),
    Check.NON_REPUDIATION: gettext_lazy(
        "The signer's certificate is not meant for signing documents (no "
        "non-repudiation key usage)."
    ),
    Check.SIGNER: gettext_lazy("The document is not signed by the company's legal representative."),
}


def check_message(result: CheckResult) -> str:
    """The translated reason for one failed check."""
    if result.check is Check.REVOCATION and result.outcome is Outcome.NOT_CHECKED:
        return _(
            "The revocation of the signer's certificate could not be checked: try again later."
        )
    return str(CHECK_MESSAGES[result.check])


def refusal_reasons(report: SignatureReport, *, require_revocation: bool) -> list[str]:
    """The translated reasons a report refuses the document, none if it is accepted."""
    if not report.signatures:
        # Not a signed file at all: who signed it is beside the point.
        return [check_message(next(r for r in report.checks if r.check is Check.FORMAT))]
    failed = list(report.failed)
    if require_revocation and not report.revocation_checked:
        failed += [
            r for sig in report.signatures for r in sig.checks if r.check is Check.REVOCATION
        ]
    reasons: list[str] = []
    for result in failed:
        message = check_message(result)
        if message not in reasons:
            reasons.append(message)
    return reasons


def signature_verify(*, data: bytes, extra_crls: tuple[bytes, ...] = ()) -> SignatureReport:
    """Verify a signed file against the portal's trust store, now."""
    return verify_signed_file(data, trust=trust_input(extra_crls=extra_crls), now=datetime.now(UTC))


def signed_file_check(
    *, data: bytes, allowed_tax_codes: frozenset[str], check_form=None
) -> SignatureReport:
    """The verification report of a file that must be signed by one of
    `allowed_tax_codes`; ValidationError naming every failed check, translated, when the
    signature is refused. `check_form(report)` may add one more reason (the application
    form's: the signed PDF must be this draft's form)."""
    from django.conf import settings

    report = signature_verify(data=data)
    report = report.with_signer_check(signer_check(report, allowed_tax_codes=allowed_tax_codes))
    reasons = refusal_reasons(report, require_revocation=settings.SIGNATURE_REQUIRE_REVOCATION)
    if not reasons and check_form is not None:
        reasons += check_form(report)
    if reasons:
        raise ValidationError(
            _("The signature was not accepted: %(reasons)s") % {"reasons": " ".join(reasons)},
            code="signature",
        )
    return report


def _read(uploaded_file: UploadedFile) -> bytes:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return data


def signed_upload_check(*, application, kind: str, uploaded_file: UploadedFile):
    """The verification report of an upload the call requires signed (None when it does
    not); ValidationError naming the failed checks when the signature is refused."""
    requirement = signature_requirement(rules=application.call.rules, kind=kind)
    if requirement is None:
        return None

    def check_form(report: SignatureReport) -> list[str]:
        if form_reference_of(report.content) == application_form_reference(application):
            return []
        return [
            _(
                "This is not the application form of this draft as it is now: download "
                "it again, sign it and upload it."
            )
        ]

    return signed_file_check(
        data=_read(uploaded_file),
        allowed_tax_codes=allowed_signer_tax_codes(
            enterprise=application.enterprise,
            person=application.person,
            delegates=requirement.delegates_allowed,
        ),
        check_form=check_form if kind == APPLICATION_FORM_KIND else None,
    )


def delegation_signed_check(*, enterprise, uploaded_file: UploadedFile | None):
    """The verification report of the delegation a legal representative signs for a
    delegate, where the portal requires one (SIGNATURE_DELEGATION_REQUIRED), else None.

    Only the legal representative signs it: a delegate cannot give themselves powers.
    """
    from django.conf import settings

    if not settings.SIGNATURE_DELEGATION_REQUIRED:
        return None
    if uploaded_file is None:
        raise ValidationError(
            {
                "delegation": ValidationError(
                    _("Upload the delegation signed digitally by the legal representative."),
                    code="required",
                )
            }
        )
    try:
        return signed_file_check(
            data=_read(uploaded_file),
            allowed_tax_codes=allowed_signer_tax_codes(enterprise=enterprise, delegates=False),
        )
    except ValidationError as exc:
        raise ValidationError({"delegation": exc}) from None


def signature_verification_store(*, document, report: SignatureReport) -> SignatureVerification:
    """Keep the report with the document it verified."""
    first = report.signatures[0] if report.signatures else None
    reference = form_reference_of(report.content) if document.kind == APPLICATION_FORM_KIND else ""
    return SignatureVerification.objects.create(
        signed_reference=reference[:80],
        document=document,
        valid=report.valid,
        revocation_checked=report.revocation_checked,
        signer_name=(first.signer_name if first else "")[:200],
        signer_tax_code=(first.signer_tax_code if first else "")[:16],
        issuer=(first.issuer if first else "")[:250],
        declared_signing_time=first.declared_signing_time if first else None,
        timestamp_time=first.timestamp_time if first else None,
        trust_list_date=report.trust_list_date,
        verified_at=report.verified_at or timezone.now(),
        report=report.as_dict(),
    )


def signed_delegation_store(
    *, invitation, uploaded_file: UploadedFile, report: SignatureReport
) -> SignedDelegation:
    """Keep the signed delegation with its invitation (inside the caller's transaction,
    which removes the stored file again if it rolls back)."""
    from trinno_portal.lib.files import sanitize_filename, sha256_of, sniff_document

    data = _read(uploaded_file)
    document_type = sniff_document(data)
    first = report.signatures[0] if report.signatures else None
    delegation = SignedDelegation(
        invitation=invitation,
        original_name=sanitize_filename(
            uploaded_file.name or "", extension=document_type.extension, allow_unicode=True
        ),
        content_type=document_type.content_type,
        sha256=sha256_of(uploaded_file),
        signer_name=(first.signer_name if first else "")[:200],
        signer_tax_code=(first.signer_tax_code if first else "")[:16],
        trust_list_date=report.trust_list_date,
        verified_at=report.verified_at or timezone.now(),
        report=report.as_dict(),
    )
    delegation.file.save("upload", uploaded_file, save=False)
    delegation.save()
    return delegation
