"""What decisions leave on record: budget commitments, the de minimis ledger, the
monthly rankings and their entries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.models.applications import Application
from trinno_portal.funding.models.calls import ZERO, Call, Envelope


class BudgetCommitment(models.Model):
    """Money taken from (positive) or given back to (negative) an envelope."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    envelope = models.ForeignKey(
        Envelope, verbose_name=_("envelope"), on_delete=models.PROTECT, related_name="commitments"
    )
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget commitment")
        verbose_name_plural = _("budget commitments")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.envelope.code}: {self.amount}"


class Regulation(models.TextChoices):
    GENERAL_2023 = "2023/2831", _("Reg. (EU) 2023/2831 (general de minimis, from 2024)")
    GENERAL_2013 = "1407/2013", _("Reg. (EU) 1407/2013 (general de minimis, until 2023)")
    OTHER = "other", _("Other de minimis regulation")


class LedgerSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the applicant")
    PORTAL = "portal", _("Granted through this portal")


class DeMinimisEntry(models.Model):
    """De minimis aid received by a single undertaking: declared, or granted here."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="de_minimis_entries",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="de_minimis_entries",
        help_text=_("The application that declared it, or that granted it."),
    )
    source = models.CharField(_("source"), max_length=8, choices=LedgerSource.choices)
    granting_body = models.CharField(_("granting body"), max_length=200)
    measure = models.CharField(_("measure"), max_length=250, blank=True)
    regulation = models.CharField(_("regulation"), max_length=10, choices=Regulation.choices)
    granted_on = models.DateField(_("granted on"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    cor_code = models.CharField(_("RNA COR code"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("de minimis aid")
        verbose_name_plural = _("de minimis ledger")
        ordering = ["enterprise", "-granted_on"]
        indexes = [models.Index(fields=["enterprise", "granted_on"], name="deminimis_ent_date")]

    def __str__(self) -> str:
        return f"{self.granting_body} {self.granted_on}: {self.amount}"


class RankingState(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    FROZEN = "frozen", _("Frozen")
    APPROVED = "approved", _("Approved")


class Ranking(models.Model):
    """The ranking of a period's eligible applications; frozen, it never changes again."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="rankings"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    state = models.CharField(
        _("state"), max_length=8, choices=RankingState.choices, default=RankingState.PREVIEW
    )
    available_at_freeze = models.DecimalField(
        _("budget available"), max_digits=14, decimal_places=2, default=ZERO
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["call", "period_start"], name="ranking_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} {self.period_start:%Y-%m}"


class RankingEntry(models.Model):
    ranking = models.ForeignKey(
        Ranking, verbose_name=_("ranking"), on_delete=models.CASCADE, related_name="entries"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="ranking_entries",
    )
    position = models.PositiveIntegerField(_("position"))
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, default=ZERO)
    grant_amount = models.DecimalField(_("grant (EUR)"), max_digits=12, decimal_places=2)
    cumulative = models.DecimalField(_("cumulative (EUR)"), max_digits=14, decimal_places=2)
    funded = models.BooleanField(_("funded"))

    class Meta:
        verbose_name = _("ranking entry")
        verbose_name_plural = _("ranking entries")
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "position"], name="ranking_position_unique"),
            models.UniqueConstraint(fields=["ranking", "application"], name="ranking_app_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.application}"
