"""Technological-audit applications (detail of funding.Application). The letter of
assignment (a GrantAgreement of kind "letter_of_assignment"), the final report and its
invoices are the shared ones (funding/aftercare/)."""

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

    class Meta:
        verbose_name = _("audit application")
        verbose_name_plural = _("audit applications")

    def __str__(self) -> str:
        return str(self.application)
