"""Technological-audit applications (detail of funding.Application), the letter of
assignment, and the final report with its invoices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.models import Application


class AuditApplication(models.Model):
    """What an audit application adds to the shared Application row."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="audit",
    )
    # The call admits catalogue service type A.1 only (audit and assessment of potential).
    service_code = models.CharField(_("catalogue service"), max_length=10, default="A.1")
    provider_name = models.CharField(_("provider"), max_length=250, blank=True)
    provider_vat_number = models.CharField(_("provider's Partita IVA"), max_length=11, blank=True)
    provider_requirements = models.TextField(
        _("how the provider meets the catalogue's requirements"), blank=True
    )
    project_summary = models.TextField(_("what the audit will examine"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    stamp_duty_serial = models.CharField(_("stamp duty serial number"), max_length=14, blank=True)
    de_minimis_declared = models.BooleanField(
        _("de minimis declaration made"),
        default=False,
        help_text=_("The applicant has declared every de minimis aid of the last three years."),
    )
    completed_steps = models.JSONField(
        _("completed steps"), default=list, blank=True, editable=False
    )
    letter_signed_at = models.DateTimeField(
        _("letter of assignment signed at"), null=True, blank=True
    )
    letter_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("letter of assignment signed by"),
    )

    class Meta:
        verbose_name = _("audit application")
        verbose_name_plural = _("audit applications")

    def __str__(self) -> str:
        return str(self.application)


class Invoice(models.Model):
    """A cost actually incurred, filed with the final report."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="audit_invoices",
    )
    number = models.CharField(_("invoice number"), max_length=50)
    issued_on = models.DateField(_("invoice date"))
    supplier = models.CharField(_("supplier"), max_length=250)
    amount = models.DecimalField(_("amount (EUR, VAT excluded)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["application", "issued_on"]

    def __str__(self) -> str:
        return f"{self.number} ({self.supplier})"


class FinalReport(models.Model):
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="audit_final_report",
    )
    summary = models.TextField(_("what was done"))
    results = models.TextField(_("results and next steps"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self) -> str:
        return str(self.application)
