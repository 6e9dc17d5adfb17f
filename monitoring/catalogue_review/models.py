"""Activity 1's process: proposals to change the catalogue of innovation services, their
review by the working group, the recommendation report to the Region that gathers them,
and the new edition drafted from the accepted ones (docs/outreach.md, "Activity 1").

The models belong to the monitoring app (monitoring/models.py imports them), so the
agency's staff reach them in the admin with the monitoring permissions they hold.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.editions.models import PERCENT_VALIDATORS


class ProposalKind(models.TextChoices):
    REMOVE = "remove", _("Remove a service")
    MAKE_DIGITAL = "make_digital", _("Make a service digital")
    RAISE_INTENSITY = "raise_intensity", _("Raise the aid intensity")
    ADD = "add", _("Add a service")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class RecommendationReport(models.Model):
    """The working group's recommendations to the Region on one edition of the catalogue:
    the proposals reviewed, accepted or rejected with their reasons."""

    edition = models.ForeignKey(
        "catalogue.Edition",
        verbose_name=_("edition reviewed"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=250)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn up by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("drawn up on"), auto_now_add=True)
    draft_edition = models.OneToOneField(
        "catalogue.Edition",
        verbose_name=_("edition drafted from it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendation_report",
        editable=False,
    )

    class Meta:
        verbose_name = _("recommendation report")
        verbose_name_plural = _("recommendation reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:recommendation_pdf", args=[self.pk])


class CatalogueProposal(models.Model):
    """A proposal to change one service of an edition (or to add one), with its rationale
    and the evidence behind it: focus groups and other events, advanced assessments,
    applications."""

    kind = models.CharField(_("kind"), max_length=15, choices=ProposalKind.choices)
    edition = models.ForeignKey(
        "catalogue.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "catalogue.Service",
        verbose_name=_("service concerned"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The service of the edition to remove, make digital or raise."),
    )
    # The service to add; its area is the first letter of its code (catalogue rules).
    new_code = models.CharField(_("code of the new service"), max_length=20, blank=True)
    new_name = models.CharField(_("name of the new service (Italian)"), max_length=250, blank=True)
    new_name_en = models.CharField(
        _("name of the new service (English)"), max_length=250, blank=True
    )
    new_description = models.TextField(_("description of the new service"), blank=True)
    new_is_digital = models.BooleanField(_("the new service is digital"), default=False)
    new_min_cost = models.DecimalField(
        _("minimum eligible cost (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    new_max_cost = models.DecimalField(
        _("maximum eligible cost (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The intensities proposed: for a raise, those left empty stay as they are.
    intensity_micro = models.DecimalField(
        _("aid intensity proposed, micro (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        null=True,
        blank=True,
    )
    intensity_small = models.DecimalField(
        _("aid intensity proposed, small (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        null=True,
        blank=True,
    )
    intensity_medium = models.DecimalField(
        _("aid intensity proposed, medium (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        null=True,
        blank=True,
    )
    rationale = models.TextField(_("rationale"))
    events = models.ManyToManyField(
        "outreach.Event",
        verbose_name=_("focus groups and events"),
        related_name="catalogue_proposals",
        blank=True,
    )
    assessments = models.ManyToManyField(
        "audits.AdvancedAssessment",
        verbose_name=_("advanced assessments"),
        related_name="catalogue_proposals",
        blank=True,
    )
    applications = models.ManyToManyField(
        "funding.Application",
        verbose_name=_("applications"),
        related_name="catalogue_proposals",
        blank=True,
    )
    application_data = models.TextField(
        _("application data"),
        blank=True,
        help_text=_("Figures from the applications behind the proposal, and where they come from."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    report = models.ForeignKey(
        RecommendationReport,
        verbose_name=_("recommendation report"),
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("catalogue change proposal")
        verbose_name_plural = _("catalogue change proposals")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_code}"

    @property
    def subject_code(self) -> str:
        if self.kind == ProposalKind.ADD:
            return self.new_code
        return self.service.code if self.service_id else ""


class ProposalReview(models.Model):
    """The working group's decision on a proposal: made once, with its reasons."""

    proposal = models.OneToOneField(
        CatalogueProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="review",
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    working_group = models.CharField(
        _("working group members"),
        max_length=500,
        blank=True,
        help_text=_("Who sat in the working group that decided."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("working group review")
        verbose_name_plural = _("working group reviews")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_outcome_display()}"
