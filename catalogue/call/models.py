"""Applications to the innovation-services call (detail of funding.Application).

An application points at the catalogue edition its services come from, and each
requested service at a Service row of that edition. Editions are never changed in place
(catalogue.editions.services), so a new edition leaves an application's services exactly as they
were when it was made.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.models import Application

__all__ = ["CatalogueApplication", "ServiceRequest"]


class CatalogueApplication(models.Model):
    """What an innovation-services application adds to the shared Application row."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="catalogue",
    )
    edition = models.ForeignKey(
        "catalogue.Edition",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("catalogue edition"),
        help_text=_("The edition in force when the services were chosen."),
    )
    project_summary = models.TextField(_("what the services will achieve"), blank=True)
    de_minimis_declared = models.BooleanField(
        _("de minimis declaration made"),
        default=False,
        help_text=_("The applicant has declared every de minimis aid of the last three years."),
    )
    # Snapshots taken at submission: the envelope an approval draws on must not move if
    # the company later changes its primary activity.
    ateco_code = models.CharField(_("primary ATECO activity code"), max_length=8, blank=True)
    sector = models.CharField(_("sector"), max_length=20, blank=True)
    completed_steps = models.JSONField(
        _("completed steps"), default=list, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("innovation-services application")
        verbose_name_plural = _("innovation-services applications")

    def __str__(self) -> str:
        return str(self.application)


class ServiceRequest(models.Model):
    """One catalogue service requested, with its provider and cost."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="catalogue_services",
    )
    service = models.ForeignKey(
        "catalogue.Service",
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("catalogue service"),
    )
    provider_name = models.CharField(_("provider"), max_length=250)
    provider_vat_number = models.CharField(_("provider's Partita IVA"), max_length=11)
    provider_requirements = models.TextField(_("how the provider meets the service's requirements"))
    cost = models.DecimalField(_("cost (EUR, VAT excluded)"), max_digits=12, decimal_places=2)
    # Snapshots of the service and of the computation for the firm's size class, so that
    # lists and indicators read one row.
    intensity = models.DecimalField(
        _("aid intensity (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    aid_amount = models.DecimalField(
        _("aid (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_digital = models.BooleanField(_("digital / Industry 4.0"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("requested service")
        verbose_name_plural = _("requested services")
        ordering = ["application", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "service"], name="catalogue_request_service_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.code}: {self.cost}"
