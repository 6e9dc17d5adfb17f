"""Monitoring of the action plan: the eight indicators and their monthly snapshots, the
plan's activities, players and risks, and the reports generated for the Region.

Indicator values are never stored by hand: monitoring.selectors computes them from the
applications, and IndicatorSnapshot keeps what they were on a given day.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.i18n import in_language
from trinno_portal.lib.uploads import UploadField


class Unit(models.TextChoices):
    COUNT = "count", _("Number")
    EUR = "eur", _("Euros")


class Scope(models.TextChoices):
    TUSCANY = "tuscany", _("Tuscany")
    AREZZO = "arezzo", _("Province of Arezzo")


class Measure(models.TextChoices):
    """What an indicator counts; each is one conditional aggregate in the selectors
    (definitions in docs/monitoring.md)."""

    ENTERPRISES_SUPPORTED = (
        "enterprises_supported",
        _("Enterprises receiving financial or non-financial support"),
    )
    CATALOGUE_DIGITAL_ENTERPRISES = (
        "catalogue_digital_enterprises",
        _("Enterprises approved for digital services in the catalogue call"),
    )
    CATALOGUE_DIGITAL_REQUESTED = (
        "catalogue_digital_requested",
        _("Amount requested for digital services in the catalogue call"),
    )
    VOUCHER_PERSONS = "voucher_persons", _("People approved for an i4.0 training voucher")
    AUDIT_ENTERPRISES = "audit_enterprises", _("Enterprises approved in the audit call")


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_it = models.CharField(_("name (Italian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    measure = models.CharField(_("measure"), max_length=40, choices=Measure.choices)
    unit = models.CharField(_("unit"), max_length=5, choices=Unit.choices)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    period = models.CharField(_("period"), max_length=100, blank=True)
    timing = models.CharField(_("timing expected"), max_length=200, blank=True)
    means_of_verification_it = models.TextField(_("means of verification (Italian)"))
    means_of_verification_en = models.TextField(_("means of verification (English)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "scope"], name="indicator_measure_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def name(self) -> str:
        return in_language(self.name_it, self.name_en)

    @property
    def means_of_verification(self) -> str:
        return in_language(self.means_of_verification_it, self.means_of_verification_en)


class IndicatorSnapshot(models.Model):
    """An indicator's value as computed on `taken_on` over [period_start, period_end]."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="snapshots"
    )
    taken_on = models.DateField(_("taken on"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["indicator", "taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "taken_on"], name="snapshot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.taken_on}: {self.value}"


class Player(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_it = models.CharField(_("name (Italian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    role_it = models.TextField(_("role (Italian)"), blank=True)
    role_en = models.TextField(_("role (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("player")
        verbose_name_plural = _("players")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_it, self.name_en)

    @property
    def role(self) -> str:
        return in_language(self.role_it, self.role_en)


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Completed")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    title_it = models.CharField(_("title (Italian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    players = models.ManyToManyField(
        Player, blank=True, related_name="activities", verbose_name=_("players")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_it, self.title_en)


class SubActivity(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="subactivities"
    )
    code = models.SlugField(_("code"), max_length=20, unique=True)
    title_it = models.TextField(_("title (Italian)"))
    title_en = models.TextField(_("title (English)"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("sub-activity")
        verbose_name_plural = _("sub-activities")
        ordering = ["activity", "position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="subactivity_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="subactivity_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def title(self) -> str:
        return in_language(self.title_it, self.title_en)


class Probability(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MONITORED = "monitored", _("Monitored")
    MITIGATED = "mitigated", _("Mitigated")
    OCCURRED = "occurred", _("Occurred")
    CLOSED = "closed", _("Closed")


class Risk(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="risks", verbose_name=_("activity")
    )
    title_it = models.TextField(_("risk (Italian)"))
    title_en = models.TextField(_("risk (English)"))
    probability = models.CharField(_("probability"), max_length=6, choices=Probability.choices)
    contingency_plan_it = models.TextField(_("contingency plan (Italian)"))
    contingency_plan_en = models.TextField(_("contingency plan (English)"))
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["activity__position", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def title(self) -> str:
        return in_language(self.title_it, self.title_en)

    @property
    def contingency_plan(self) -> str:
        return in_language(self.contingency_plan_it, self.contingency_plan_en)


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """A monitoring report (PDF and XLSX) as generated, kept with what it was built from."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    data_date = models.DateField(_("data as of"))
    state = models.CharField(
        _("state"), max_length=8, choices=ReportState.choices, default=ReportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The figures printed, so that the record says what the Region was told.
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    # Everything the PDF prints, as it was when the report was first built (indicators,
    # tables, calls, the plan's activities and risks with staff's notes, the identity on
    # the cover): a report regenerated from it is the same file, byte for byte
    # (docs/monitoring.md, "Reports").
    content = models.JSONField(_("content"), default=dict, blank=True, editable=False)
    commentary = models.TextField(
        _("commentary for the period"),
        blank=True,
        help_text=_(
            "Written by staff for this report: what was learnt and shared with the "
            "Managing Authorities in the period."
        ),
    )
    file = models.FileField(_("PDF"), upload_to="reports/", max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 (PDF)"), max_length=64, blank=True)
    xlsx_file = models.FileField(_("XLSX"), upload_to="reports/", max_length=200, blank=True)
    xlsx_sha256 = models.CharField(_("SHA-256 (XLSX)"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Monthly reports only: when the officials were sent it (never twice).
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{_('Report')} {self.pk} ({self.data_date}, {self.language})"

    @property
    def is_finished(self) -> bool:
        return self.state in (ReportState.DONE, ReportState.FAILED)

    @property
    def period_start(self) -> dt.date:
        return dt.date.fromisoformat(self.parameters["start"])

    @property
    def period_end(self) -> dt.date:
        return dt.date.fromisoformat(self.parameters["end"])


class ReportIdentity(models.Model):
    """The programme's and the Region's identity on the report's cover, kept by staff in
    the admin. One row (pk 1); the report copies it into its content when it is built."""

    programme_it = models.CharField(
        _("programme (Italian)"), max_length=250, default="POR FESR e POR FSE Toscana 2014-2020"
    )
    programme_en = models.CharField(
        _("programme (English)"), max_length=250, default="ERDF and ESF ROP Tuscany 2014-2020"
    )
    authority_it = models.CharField(
        _("Managing Authority (Italian)"), max_length=250, default="Regione Toscana"
    )
    authority_en = models.CharField(
        _("Managing Authority (English)"), max_length=250, default="Tuscany Region"
    )
    officer_name = models.CharField(_("responsible officer"), max_length=200, blank=True)
    officer_role_it = models.CharField(_("officer's role (Italian)"), max_length=200, blank=True)
    officer_role_en = models.CharField(_("officer's role (English)"), max_length=200, blank=True)
    programme_emblem = UploadField(
        _("programme emblem (PNG or SVG)"),
        folder="report-identity",
        blank=True,
        validators=[FileExtensionValidator(["png", "svg"])],
    )
    region_emblem = UploadField(
        _("Region emblem (PNG or SVG)"),
        folder="report-identity",
        blank=True,
        validators=[FileExtensionValidator(["png", "svg"])],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report identity")
        verbose_name_plural = _("report identity")

    def __str__(self) -> str:
        return str(_("Identity on the report's cover"))

    @property
    def programme(self) -> str:
        return in_language(self.programme_it, self.programme_en)

    @property
    def authority(self) -> str:
        return in_language(self.authority_it, self.authority_en)

    @property
    def officer_role(self) -> str:
        return in_language(self.officer_role_it, self.officer_role_en)


class CommonMeasure(models.TextChoices):
    """The EU common output indicators the portal counts: ERDF RCO01, RCO02, RCO04 (Reg.
    (EU) 2021/1058, Annex I), enterprises deduplicated by codice fiscale; ESF+ common
    output indicators for participants (Reg. (EU) 2021/1057, Annex I), the people
    approved for a training voucher, each counted once."""

    RCO01 = "rco01", _("Enterprises supported")
    RCO01_MICRO = "rco01_micro", _("Enterprises supported: micro")
    RCO01_SMALL = "rco01_small", _("Enterprises supported: small")
    RCO01_MEDIUM = "rco01_medium", _("Enterprises supported: medium")
    RCO01_LARGE = "rco01_large", _("Enterprises supported: large")
    RCO02 = "rco02", _("Enterprises supported by grants")
    RCO04 = "rco04", _("Enterprises with non-financial support")
    ESF_PARTICIPANTS = "esf_participants", _("Participants")
    ESF_WOMEN = "esf_women", _("Participants: women")
    ESF_MEN = "esf_men", _("Participants: men")
    ESF_NON_BINARY = "esf_non_binary", _("Participants: non-binary")
    ESF_UNDER_30 = "esf_under_30", _("Participants below 30 years of age")
    ESF_OVER_54 = "esf_over_54", _("Participants above 54 years of age")
    ESF_EMPLOYED = "esf_employed", _("Participants employed, including self-employed")
    ESF_UNEMPLOYED = "esf_unemployed", _("Participants unemployed, including long-term")
    ESF_LONG_TERM_UNEMPLOYED = "esf_long_term_unemployed", _("Participants long-term unemployed")
    ESF_INACTIVE = "esf_inactive", _("Participants inactive")
    ESF_ISCED_0_2 = "esf_isced_0_2", _("Participants with ISCED 0-2")
    ESF_ISCED_3_4 = "esf_isced_3_4", _("Participants with ISCED 3-4")
    ESF_ISCED_5_8 = "esf_isced_5_8", _("Participants with ISCED 5-8")


class CommonIndicator(models.Model):
    """An EU common indicator beside the plan's own, with its target and milestones."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    fund = models.CharField(_("fund"), max_length=8)
    measure = models.CharField(
        _("measure"), max_length=30, choices=CommonMeasure.choices, unique=True
    )
    name_it = models.CharField(_("name (Italian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    # {"2024-12-31": "120"}: the value expected by each date.
    milestones = models.JSONField(_("milestones"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("EU common indicator")
        verbose_name_plural = _("EU common indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code.upper()} · {self.name}"

    @property
    def name(self) -> str:
        return in_language(self.name_it, self.name_en)


# Activity 1's process lives in its own sub-package; its models belong to this app.
from monitoring.catalogue_review.models import (  # noqa: E402, F401
    CatalogueProposal,
    ProposalReview,
    RecommendationReport,
)
from monitoring.training_offer.models import JointCourseProposal  # noqa: E402, F401
