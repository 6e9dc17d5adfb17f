"""The trust store (certificates of qualified providers, CRLs) and the verification
report kept with each signed document. See docs/security.md, "Digital signatures"."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustSource(models.TextChoices):
    TRUSTED_LIST = "tsl", _("EU trusted list")
    DEMO = "demo", _("Demo CA (embedded default only)")
    MANUAL = "manual", _("Added by hand")


class TrustListLoad(models.Model):
    """One loading of a trusted list (ETSI TS 119 612): what was read and when."""

    source = models.CharField(_("source"), max_length=500)
    territory = models.CharField(_("territory"), max_length=2)
    sequence_number = models.PositiveIntegerField(_("sequence number"))
    issued_at = models.DateTimeField(_("list issued at"), null=True, blank=True)
    next_update = models.DateTimeField(_("next update due"), null=True, blank=True)
    certificates = models.PositiveIntegerField(_("certificates loaded"), default=0)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trusted list load")
        verbose_name_plural = _("trusted list loads")
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.territory} #{self.sequence_number} ({self.loaded_at:%Y-%m-%d})"


class TrustedCertificate(models.Model):
    """A certificate a signature (or a time-stamp) may chain to."""

    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    der = models.BinaryField(_("certificate (DER)"))
    subject = models.CharField(_("subject"), max_length=500)
    provider = models.CharField(_("provider"), max_length=250, blank=True)
    service_name = models.CharField(_("service"), max_length=250, blank=True)
    service_type = models.CharField(_("service type"), max_length=100, blank=True)
    territory = models.CharField(_("territory"), max_length=2, blank=True)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    status_since = models.DateTimeField(_("granted since"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=6, choices=TrustSource.choices)
    trust_list = models.ForeignKey(
        TrustListLoad,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trusted list"),
    )
    active = models.BooleanField(_("trusted"), default=True)
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        verbose_name = _("trusted certificate")
        verbose_name_plural = _("trusted certificates")
        ordering = ["provider", "subject"]

    def __str__(self) -> str:
        return self.subject


class RevocationList(models.Model):
    """A CRL known to the portal (loaded by hand or with the demo CA)."""

    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    der = models.BinaryField(_("CRL (DER)"))
    issuer = models.CharField(_("issuer"), max_length=500)
    this_update = models.DateTimeField(_("issued at"))
    next_update = models.DateTimeField(_("next update"), null=True, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate revocation list")
        verbose_name_plural = _("certificate revocation lists")
        ordering = ["-this_update"]

    def __str__(self) -> str:
        return f"{self.issuer} ({self.this_update:%Y-%m-%d})"


class SignatureVerification(models.Model):
    """The verification report of one signed document, as it was at upload."""

    document = models.OneToOneField(
        "funding.Document",
        on_delete=models.CASCADE,
        related_name="signature_verification",
        verbose_name=_("document"),
    )
    valid = models.BooleanField(_("valid"))
    revocation_checked = models.BooleanField(_("revocation checked"))
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    signer_tax_code = models.CharField(_("signer's codice fiscale"), max_length=16, blank=True)
    issuer = models.CharField(_("certificate issuer"), max_length=250, blank=True)
    declared_signing_time = models.DateTimeField(
        _("signing time declared by the signer"), null=True, blank=True
    )
    timestamp_time = models.DateTimeField(_("time-stamp"), null=True, blank=True)
    trust_list_date = models.DateField(_("trusted list of"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"))
    # For a form the portal generated (signatures/application_form.py): the reference
    # written in it, i.e. which version of the draft was signed.
    signed_reference = models.CharField(_("signed form reference"), max_length=80, blank=True)
    # Every check's outcome, as SignatureReport.as_dict() writes it.
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        verbose_name = _("signature verification")
        verbose_name_plural = _("signature verifications")

    def __str__(self) -> str:
        return f"{self.document} · {self.signer_name or '-'}"


def _delegation_path(instance: SignedDelegation, filename: str) -> str:
    # Stored under a random name, as the application's documents are.
    return f"delegations/{instance.invitation.enterprise_id}/{uuid.uuid4().hex}{instance.extension}"


class SignedDelegation(models.Model):
    """The delegation the legal representative signed for the delegate an invitation
    names, where the portal requires one (SIGNATURE_DELEGATION_REQUIRED), with the
    verification report it passed."""

    invitation = models.OneToOneField(
        "accounts.Invitation",
        on_delete=models.CASCADE,
        related_name="signed_delegation",
        verbose_name=_("invitation"),
    )
    file = models.FileField(_("file"), upload_to=_delegation_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    signer_tax_code = models.CharField(_("signer's codice fiscale"), max_length=16, blank=True)
    trust_list_date = models.DateField(_("trusted list of"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"))
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        verbose_name = _("signed delegation")
        verbose_name_plural = _("signed delegations")

    def __str__(self) -> str:
        return f"{self.invitation.email} · {self.signer_name or '-'}"

    @property
    def extension(self) -> str:
        return ".p7m" if self.content_type == "application/pkcs7-mime" else ".pdf"


class StampDutyMark(models.Model):
    """A marca da bollo declared for an application (DPR 642/1972, tariff art. 3): its
    14-digit serial number and issue date. A serial pays for one document only, so it is
    unique across the whole portal; the applicant keeps the original stamp."""

    serial = models.CharField(_("serial number"), max_length=14, unique=True)
    issued_on = models.DateField(_("issue date"))
    application = models.ForeignKey(
        "funding.Application",
        on_delete=models.CASCADE,
        related_name="stamp_duty_marks",
        verbose_name=_("application"),
    )
    purpose = models.CharField(_("purpose"), max_length=40, default="application")
    declared_at = models.DateTimeField(_("declared at"), auto_now=True)

    class Meta:
        verbose_name = _("stamp duty mark")
        verbose_name_plural = _("stamp duty marks")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "purpose"], name="stamp_duty_one_per_purpose"
            )
        ]

    def __str__(self) -> str:
        return self.serial
