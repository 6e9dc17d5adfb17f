"""The administrative procedure of law 241/1990 as data: each call's responsible officer
and legal deadline, and the reasoned decision of every rejection (docs/procedure.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.i18n import in_language


class ScoreMode(models.TextChoices):
    MEAN = "mean", _("Mean of the evaluators' scores")
    COMMITTEE = "committee", _("The committee's agreed score")


class CallProcedure(models.Model):
    """What law 241/1990 asks a call to state: the responsabile del procedimento (arts.
    4-6) and the time within which the procedure ends (art. 2). One row per call, kept
    apart from funding.Call so that the procedure's data can grow without touching the
    shared table."""

    call = models.OneToOneField(
        "funding.Call", on_delete=models.CASCADE, related_name="procedure", verbose_name=_("call")
    )
    officer_name = models.CharField(_("responsible officer"), max_length=200)
    officer_office = models.CharField(_("office"), max_length=200)
    officer_email = models.EmailField(_("officer's e-mail"))
    legal_days = models.PositiveSmallIntegerField(
        _("legal deadline (days)"),
        default=90,
        help_text=_(
            "Days from submission within which the procedure must end, net of the periods "
            "in which the clock stops (law 241/1990 art. 2)."
        ),
    )
    preavviso_required = models.BooleanField(
        _("notice before rejection"),
        default=True,
        help_text=_(
            "Law 241/1990 art. 10-bis: before rejecting, send the reasons and wait ten days "
            "for observations. Not owed in competitive procedures."
        ),
    )

    merit_threshold = models.DecimalField(
        _("minimum merit score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Below it an application is not fundable. Empty: no threshold."),
    )
    score_mode = models.CharField(
        _("consolidated score"), max_length=10, choices=ScoreMode.choices, default=ScoreMode.MEAN
    )
    ranking_names_public = models.BooleanField(
        _("names in the public ranking"),
        default=False,
        help_text=_(
            "The call allows the applicants' names on the published ranking; otherwise it "
            "shows the protocol numbers only (GDPR art. 5(1)(c), data minimisation)."
        ),
    )

    class Meta:
        verbose_name = _("call procedure")
        verbose_name_plural = _("call procedures")

    def __str__(self) -> str:
        return f"{self.call} · {self.officer_name}"


class RejectionDecision(models.Model):
    """The reasons of a rejection, how the applicant's observations were weighed (law
    241/1990 art. 10-bis: the decision must say why they were not accepted) and the ways
    of appeal stated to the applicant (art. 3(4))."""

    application = models.OneToOneField(
        "funding.Application",
        on_delete=models.CASCADE,
        related_name="rejection_decision",
        verbose_name=_("application"),
    )
    reasons = models.TextField(_("reasons"))
    observations_weighed = models.TextField(_("how the observations were weighed"), blank=True)
    appeal = models.TextField(_("ways of appeal"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("rejection decision")
        verbose_name_plural = _("rejection decisions")

    def __str__(self) -> str:
        return str(self.application)


class CallCriterion(models.Model):
    """One merit criterion of a call, created from the scheme's defaults
    (funding.schemes.Scheme.merit_criteria) and editable per call."""

    call = models.ForeignKey(
        "funding.Call", on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name (Italian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=10)
    guidance = models.TextField(_("guidance for the evaluators"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("merit criterion")
        verbose_name_plural = _("merit criteria")
        ordering = ["call", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="criterion_code_unique"),
            models.CheckConstraint(
                condition=models.Q(max_score__gt=0), name="criterion_max_score_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} · {self.name}"

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)


class EvaluatorAssignment(models.Model):
    """An evaluator assigned to an application. The application opens to them only once
    they declare no conflict of interest (d.lgs. 36/2023 art. 16; law 241/1990 art.
    6-bis)."""

    application = models.ForeignKey(
        "funding.Application",
        on_delete=models.CASCADE,
        related_name="evaluator_assignments",
        verbose_name=_("application"),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("evaluator"),
    )
    declared_at = models.DateTimeField(_("no conflict of interest declared at"), null=True)
    submitted_at = models.DateTimeField(_("score sheet submitted at"), null=True)

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="one_assignment_per_evaluator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.evaluator}"


class CriterionScore(models.Model):
    """One evaluator's score and comment on one criterion."""

    assignment = models.ForeignKey(
        EvaluatorAssignment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("evaluator assignment"),
    )
    criterion = models.ForeignKey(
        CallCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.score}"


class CommitteeScore(models.Model):
    """The score the evaluation committee agreed on, for the calls whose consolidated
    score is the committee's (CallProcedure.score_mode); the sheets stay as its record."""

    application = models.OneToOneField(
        "funding.Application",
        on_delete=models.CASCADE,
        related_name="committee_score",
        verbose_name=_("application"),
    )
    score = models.DecimalField(_("agreed score"), max_digits=6, decimal_places=2)
    note = models.TextField(_("reasons of the committee"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("committee's agreed score")
        verbose_name_plural = _("committee's agreed scores")

    def __str__(self) -> str:
        return f"{self.application}: {self.score}"


class ExclusionReason(models.TextChoices):
    NOT_SCORED = "not_scored", _("No consolidated merit score")
    BELOW_THRESHOLD = "below_threshold", _("Merit score below the call's minimum")


class RankingExclusion(models.Model):
    """An entry of a ranked month that cannot be funded whatever the budget: its reason,
    and the threshold as it stood when the ranking was built (the decree states it)."""

    ranking = models.ForeignKey(
        "funding.Ranking",
        on_delete=models.CASCADE,
        related_name="exclusions",
        verbose_name=_("ranking"),
    )
    application = models.ForeignKey(
        "funding.Application",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("application"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ExclusionReason.choices)
    threshold = models.DecimalField(
        _("minimum merit score"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("excluded ranking entry")
        verbose_name_plural = _("excluded ranking entries")
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "application"], name="one_exclusion_per_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_reason_display()}"


class ConcessionDecree(models.Model):
    """The concession decree of an approved ranking: numbered within its year, dated the
    day of the approval, with the legal basis it rests on (law 241/1990 art. 3: the act
    states its legal grounds)."""

    ranking = models.OneToOneField(
        "funding.Ranking",
        on_delete=models.PROTECT,
        related_name="decree",
        verbose_name=_("ranking"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    issued_on = models.DateField(_("date"))
    legal_basis = models.TextField(_("legal basis"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("concession decree")
        verbose_name_plural = _("concession decrees")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="decree_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"


class DecreeCounter(models.Model):
    """The last decree number given in a year. Taken under a row lock in the approving
    transaction (procedure/decree.py: decree_number_take), as the protocol counter is:
    two approvals at the same instant queue on the row instead of racing on max + 1, and
    an approval that rolls back gives its number back."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last decree number"), default=0)

    class Meta:
        verbose_name = _("decree counter")
        verbose_name_plural = _("decree counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
