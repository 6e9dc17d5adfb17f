"""First-level Industry 4.0 self-assessment: the questionnaire as data (version, areas,
questions, options, advice), an enterprise's assessments with their answers and stored
results. The advanced assessment that follows it is in advanced.py.

The questionnaire is reference data loaded from fixtures/selfassessment.json by
audits.selfassessment.services.selfassessment_fixtures_load; texts are stored in Italian
and English and picked by the active language.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from audits.selfassessment.rules import MAX_OPTION_SCORE
from trinno_portal.lib.i18n import in_language

__all__ = [
    "MaturityLevel",
    "Questionnaire",
    "Area",
    "Question",
    "Option",
    "AreaAdvice",
    "Assessment",
    "AreaResult",
    "Answer",
]


class MaturityLevel(models.TextChoices):
    """The five levels of the Chambers of Commerce' digital points (PID), lowest first.
    The values are those of audits.selfassessment.rules.LEVELS."""

    ESORDIENTE = "esordiente", _("Beginner")
    APPRENDISTA = "apprendista", _("Apprentice")
    SPECIALISTA = "specialista", _("Specialist")
    ESPERTO = "esperto", _("Expert")
    CAMPIONE = "campione", _("Champion")


class Questionnaire(models.Model):
    """One version of the questionnaire. Texts may be corrected in place; a change of
    questions or scores is a new version, so that past results keep their meaning."""

    version = models.SlugField(_("version"), max_length=20, unique=True)
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    is_active = models.BooleanField(
        _("in use"), default=False, help_text=_("New assessments use the version in use.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment questionnaire")
        verbose_name_plural = _("self-assessment questionnaires")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="selfassessment_one_active_questionnaire",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def title(self) -> str:
        return in_language(self.title_it, self.title_en)


class Area(models.Model):
    """A business area (purchasing, logistics, production...)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="areas",
    )
    code = models.SlugField(_("code"), max_length=30)
    name_it = models.CharField(_("name (Italian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("business area")
        verbose_name_plural = _("business areas")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="selfassessment_area_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_it, self.name_en)


class Question(models.Model):
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(_("code"), max_length=30)
    text_it = models.TextField(_("text (Italian)"))
    text_en = models.TextField(_("text (English)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        # Not plain "question": in Italian it reads "domanda", as the applications do.
        verbose_name = _("self-assessment question")
        verbose_name_plural = _("self-assessment questions")
        ordering = ["area__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code"], name="selfassessment_question_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def text(self) -> str:
        return in_language(self.text_it, self.text_en)


class Option(models.Model):
    """One of the five answers to a question, scored 0 (absent) to 4 (leading practice)."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    text_it = models.CharField(_("text (Italian)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MaxValueValidator(MAX_OPTION_SCORE)]
    )

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["question", "score"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "score"], name="selfassessment_option_score_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=MAX_OPTION_SCORE),
                name="selfassessment_option_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.text}"

    @property
    def text(self) -> str:
        return in_language(self.text_it, self.text_en)


class AreaAdvice(models.Model):
    """What to do next in an area, for an enterprise at a given level in that area."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="advice"
    )
    level = models.CharField(_("level"), max_length=11, choices=MaturityLevel.choices)
    text_it = models.TextField(_("text (Italian)"))
    text_en = models.TextField(_("text (English)"))

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        constraints = [
            models.UniqueConstraint(fields=["area", "level"], name="selfassessment_advice_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area} · {self.get_level_display()}"

    @property
    def text(self) -> str:
        return in_language(self.text_it, self.text_en)


class Assessment(models.Model):
    """One run of the questionnaire by an enterprise. In progress while completed_at is
    empty; results are stored when it is completed and never change afterwards."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.CASCADE,
        related_name="selfassessments",
        verbose_name=_("enterprise"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("questionnaire"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    overall_score = models.DecimalField(
        _("overall score (0-100)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=11, choices=MaturityLevel.choices, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(
                fields=["enterprise", "-completed_at"], name="selfassessment_ent_done_idx"
            ),
        ]
        constraints = [
            # One assessment in progress per enterprise: "start" resumes it instead of
            # opening a second one when two members (or two tabs) start at once.
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(completed_at__isnull=True),
                name="selfassessment_one_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.legal_name} · {self.started_at:%Y-%m-%d}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class AreaResult(models.Model):
    """An area's score and level, stored when the assessment is completed."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="area_results",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score (0-100)"), max_digits=4, decimal_places=1)
    level = models.CharField(_("level"), max_length=11, choices=MaturityLevel.choices)

    class Meta:
        verbose_name = _("area result")
        verbose_name_plural = _("area results")
        ordering = ["assessment", "area__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area"], name="selfassessment_area_result_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.score}"


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    option = models.ForeignKey(
        Option, verbose_name=_("option"), on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="selfassessment_answer_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.option.score}"
