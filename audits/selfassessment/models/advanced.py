"""The advanced assessment: the second step of the audit path (seed, Activity 3: first-level
survey, advanced assessment, technological audit), run by Arezzo Innovazione staff with the
enterprise.

The survey is data, versioned like the first level: per business area, the i4.0 enabling
technologies, each in use, planned within 12 months or not planned; and statements on the
dimensions of the regional i4.0 strategy, scored 0-4. It is loaded from
fixtures/advanced_assessment.json by
audits.selfassessment.services.advanced_fixtures_load. Answers are rows (TechnologyAnswer,
DimensionAnswer), not a JSON blob: Activity 1's evidence and Activity 2's demand read them
across enterprises ("how many plan additive manufacturing in production"), an aggregate that
rows and an index answer and a blob would not on SQLite and PostgreSQL alike
(docs/decisions/0035-advanced-assessment-survey.md).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from audits.selfassessment import rules
from audits.selfassessment.models.first_level import Assessment, MaturityLevel
from trinno_portal.lib.i18n import in_language

__all__ = [
    "TechnologyStatus",
    "AdvancedQuestionnaire",
    "Technology",
    "AdvancedArea",
    "StrategyDimension",
    "DimensionQuestion",
    "AdvancedAssessment",
    "TechnologyAnswer",
    "DimensionAnswer",
    "AdvancedAreaResult",
    "AdvancedDimensionResult",
]


class TechnologyStatus(models.TextChoices):
    IN_USE = rules.IN_USE, _("In use")
    PLANNED = rules.PLANNED, _("Planned within 12 months")
    NOT_PLANNED = rules.NOT_PLANNED, _("Not planned")


class _Named(models.Model):
    code = models.SlugField(_("code"), max_length=30)
    name_it = models.CharField(_("name (Italian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_it, self.name_en)


class AdvancedQuestionnaire(models.Model):
    """One version of the advanced survey. A change of technologies, areas or statements
    is a new version, so that past results keep their meaning."""

    version = models.SlugField(_("version"), max_length=20, unique=True)
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    is_active = models.BooleanField(
        _("in use"), default=False, help_text=_("New advanced assessments use the version in use.")
    )
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Not taken from a public source: shown with an 'illustrative' badge."),
    )
    source = models.TextField(_("source"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("advanced assessment questionnaire")
        verbose_name_plural = _("advanced assessment questionnaires")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="advanced_one_active_questionnaire",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def title(self) -> str:
        return in_language(self.title_it, self.title_en)


class Technology(_Named):
    """An i4.0 enabling technology (IoT, cloud, additive manufacturing...)."""

    questionnaire = models.ForeignKey(
        AdvancedQuestionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="technologies",
    )

    class Meta:
        verbose_name = _("enabling technology")
        verbose_name_plural = _("enabling technologies")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="advanced_technology_code_unique"
            ),
        ]


class AdvancedArea(_Named):
    """A business area of the first level (same code), with the technologies asked about
    in it and the catalogue services that strengthen it."""

    questionnaire = models.ForeignKey(
        AdvancedQuestionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="areas",
    )
    technologies = models.ManyToManyField(
        Technology, verbose_name=_("technologies"), related_name="areas"
    )
    # Service codes, not rows: codes stay from one catalogue edition to the next, and the
    # recommendation picks the rows of the edition in force when the assessment is completed.
    catalogue_codes = models.JSONField(
        _("catalogue service codes"),
        default=list,
        blank=True,
        help_text=_("The catalogue services recommended when the area scores low, e.g. B.5.4."),
    )

    class Meta:
        verbose_name = _("advanced business area")
        verbose_name_plural = _("advanced business areas")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="advanced_area_code_unique"
            ),
        ]


class StrategyDimension(_Named):
    """A dimension of the regional i4.0 strategy (fixtures/advanced_assessment.json names
    where each comes from)."""

    questionnaire = models.ForeignKey(
        AdvancedQuestionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )

    class Meta:
        verbose_name = _("strategy dimension")
        verbose_name_plural = _("strategy dimensions")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="advanced_dimension_code_unique"
            ),
        ]


class DimensionQuestion(models.Model):
    """A statement answered 0 (not at all) to 4 (fully)."""

    dimension = models.ForeignKey(
        StrategyDimension,
        verbose_name=_("dimension"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.SlugField(_("code"), max_length=30)
    text_it = models.TextField(_("text (Italian)"))
    text_en = models.TextField(_("text (English)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("strategy question")
        verbose_name_plural = _("strategy questions")
        ordering = ["dimension__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"], name="advanced_question_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def text(self) -> str:
        return in_language(self.text_it, self.text_en)


class AdvancedAssessment(models.Model):
    """One advanced assessment of an enterprise. In progress while completed_at is empty;
    its scores, level and recommendation are stored when it is completed. Rows from
    before the survey (questionnaire empty) hold only the staff's notes and level."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.CASCADE,
        related_name="advanced_assessments",
        verbose_name=_("enterprise"),
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_staff": True},
        verbose_name=_("assessor"),
    )
    # The day of the meeting with the enterprise: indicator 1 counts the support by it
    # (monitoring.selectors.enterprise_measures).
    assessed_on = models.DateField(_("date"))
    questionnaire = models.ForeignKey(
        AdvancedQuestionnaire,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("questionnaire"),
        null=True,
        blank=True,
    )
    first_level = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        related_name="advanced_assessments",
        verbose_name=_("first-level self-assessment"),
        null=True,
        blank=True,
    )
    findings = models.TextField(_("notes"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    overall_score = models.DecimalField(
        _("overall score (0-100)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(
        _("overall level"), max_length=11, choices=MaturityLevel.choices, blank=True
    )
    audit_recommended = models.BooleanField(_("technological audit recommended"), default=False)
    recommended_services = models.ManyToManyField(
        "catalogue.Service",
        verbose_name=_("recommended catalogue services"),
        related_name="+",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("advanced assessment")
        verbose_name_plural = _("advanced assessments")
        ordering = ["-assessed_on", "-pk"]
        indexes = [
            models.Index(fields=["enterprise", "-assessed_on"], name="advanced_ent_date_idx"),
        ]
        constraints = [
            # One in progress per enterprise: two officers starting at once share it.
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(completed_at__isnull=True),
                name="advanced_one_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.legal_name} · {self.assessed_on:%Y-%m-%d}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def is_survey(self) -> bool:
        """Whether it was made with the survey (rows from before it hold notes only)."""
        return self.questionnaire_id is not None


class TechnologyAnswer(models.Model):
    assessment = models.ForeignKey(
        AdvancedAssessment,
        verbose_name=_("advanced assessment"),
        on_delete=models.CASCADE,
        related_name="technology_answers",
    )
    area = models.ForeignKey(
        AdvancedArea, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    technology = models.ForeignKey(
        Technology, verbose_name=_("technology"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=11, choices=TechnologyStatus.choices)

    class Meta:
        verbose_name = _("technology answer")
        verbose_name_plural = _("technology answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area", "technology"], name="advanced_tech_answer_unique"
            ),
        ]
        # Across enterprises: how many use or plan a technology (Activity 1's evidence).
        indexes = [models.Index(fields=["technology", "status"], name="advanced_tech_status_idx")]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.technology_id}: {self.status}"


class DimensionAnswer(models.Model):
    assessment = models.ForeignKey(
        AdvancedAssessment,
        verbose_name=_("advanced assessment"),
        on_delete=models.CASCADE,
        related_name="dimension_answers",
    )
    question = models.ForeignKey(
        DimensionQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MaxValueValidator(rules.MAX_OPTION_SCORE)]
    )

    class Meta:
        verbose_name = _("strategy answer")
        verbose_name_plural = _("strategy answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="advanced_dim_answer_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=rules.MAX_OPTION_SCORE),
                name="advanced_dim_answer_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"


class AdvancedAreaResult(models.Model):
    assessment = models.ForeignKey(
        AdvancedAssessment,
        verbose_name=_("advanced assessment"),
        on_delete=models.CASCADE,
        related_name="area_results",
    )
    area = models.ForeignKey(
        AdvancedArea, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score (0-100)"), max_digits=4, decimal_places=1)
    level = models.CharField(_("level"), max_length=11, choices=MaturityLevel.choices)

    class Meta:
        verbose_name = _("advanced area result")
        verbose_name_plural = _("advanced area results")
        ordering = ["assessment", "area__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area"], name="advanced_area_result_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.score}"


class AdvancedDimensionResult(models.Model):
    assessment = models.ForeignKey(
        AdvancedAssessment,
        verbose_name=_("advanced assessment"),
        on_delete=models.CASCADE,
        related_name="dimension_results",
    )
    dimension = models.ForeignKey(
        StrategyDimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score (0-100)"), max_digits=4, decimal_places=1)
    level = models.CharField(_("level"), max_length=11, choices=MaturityLevel.choices)

    class Meta:
        verbose_name = _("strategy dimension result")
        verbose_name_plural = _("strategy dimension results")
        ordering = ["assessment", "dimension__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="advanced_dimension_result_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"
