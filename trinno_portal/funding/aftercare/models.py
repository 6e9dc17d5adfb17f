"""The records of the life after approval, shared by every scheme that uses it
(Scheme.aftercare): the grant agreement and its acceptance with the implementation
period, the final report, the invoices with their payments, and the final grant's
recomputation as the applicant reads it.

They belong to the funding app (app label "funding"): funding/models.py imports them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["GrantAgreement", "ProjectFinalReport", "ProjectInvoice"]


class GrantAgreement(models.Model):
    """The agreement an approved application accepts; its acceptance starts the
    implementation period."""

    application = models.OneToOneField(
        "funding.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="agreement",
    )
    kind = models.CharField(_("kind of agreement"), max_length=40)
    accepted_at = models.DateTimeField(_("accepted at"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    starts_on = models.DateField(_("implementation starts on"))
    ends_on = models.DateField(_("implementation planned to end on"))

    class Meta:
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")

    def __str__(self) -> str:
        return str(self.application)


class ProjectFinalReport(models.Model):
    application = models.OneToOneField(
        "funding.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="project_final_report",
    )
    summary = models.TextField(_("what was done"))
    results = models.TextField(_("results and next steps"))
    submitted_at = models.DateTimeField(_("submitted at"))
    # {language: aftercare.rules.FinalGrant.as_json()}, written when staff accept the report.
    recomputation = models.JSONField(_("final grant recomputation"), null=True, blank=True)

    class Meta:
        verbose_name = _("project final report")
        verbose_name_plural = _("project final reports")

    def __str__(self) -> str:
        return str(self.application)


class ProjectInvoice(models.Model):
    """A cost actually incurred, filed with the final report."""

    application = models.ForeignKey(
        "funding.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="project_invoices",
    )
    number = models.CharField(_("invoice number"), max_length=50)
    issued_on = models.DateField(_("invoice date"))
    supplier = models.CharField(_("supplier"), max_length=250)
    amount = models.DecimalField(_("amount (EUR, VAT excluded)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("project invoice")
        verbose_name_plural = _("project invoices")
        ordering = ["application", "position"]

    def __str__(self) -> str:
        return f"{self.number} ({self.supplier})"
