"""ESF training vouchers: training agencies accredited by the Region and their Industry 4.0
courses (issue 5, parts 1 and 2). The individual applicant is accounts.Person; how they
heard of the call is coded with HeardFrom below.

Parts 3-5 (the voucher call, applications, attendance, reimbursement) will add a one-to-one
detail of funding.Application pointing at an approved Course with on_delete=PROTECT. That is
why an approved course is read-only except for withdrawal: what staff approved, and what a
voucher was granted for, must not change under it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.geography import PROVINCES
from trinno_portal.funding.models import StatusHistory
from trinno_portal.lib.i18n import in_language


class HeardFrom(models.TextChoices):
    """How an applicant heard of the call: the dissemination figures of the action plan."""

    ERASMUS_FOLLOWUP = "erasmus_followup", _("Follow-up event of an Erasmus+ mobility project")
    AGENCY_EVENT = "agency_event", _("Event of Arezzo Innovazione")
    TRAINING_AGENCY = "training_agency", _("A training agency")
    CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chamber of Commerce")
    WEB = "web", _("Web site or social media")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    OTHER = "other", _("Other")


class AccreditationState(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class TrainingAgency(models.Model):
    """A training organisation accredited by the Tuscany Region (ESF courses may only be
    held by accredited agencies: seed, Activity 2)."""

    name = models.CharField(_("name"), max_length=250)
    tax_number = models.CharField(
        _("Partita IVA or codice fiscale"),
        max_length=11,
        unique=True,
        help_text=_("11 digits: associations without a Partita IVA give their codice fiscale."),
    )
    accreditation_code = models.CharField(
        _("regional accreditation code"), max_length=30, unique=True
    )
    accreditation_state = models.CharField(
        _("accreditation state"),
        max_length=9,
        choices=AccreditationState.choices,
        default=AccreditationState.ACTIVE,
        db_index=True,
    )
    address = models.CharField(_("address"), max_length=250)
    municipality = models.CharField(_("municipality"), max_length=120)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCES, db_index=True)
    pec = models.EmailField(_("PEC address"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="vouchers.AgencyMembership",
        related_name="training_agencies",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training agency")
        verbose_name_plural = _("training agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.accreditation_code})"

    @property
    def is_active(self) -> bool:
        return self.accreditation_state == AccreditationState.ACTIVE


class AgencyMembership(models.Model):
    """A user who acts for a training agency. Every course query of an agency user goes
    through this table: an agency sees only its own courses."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agency_memberships",
    )
    agency = models.ForeignKey(
        TrainingAgency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="agency_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency.name}"


class CourseTheme(models.Model):
    """An Industry 4.0 theme (reference data from fixtures/vouchers_themes.json)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Italian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("course theme")
        verbose_name_plural = _("course themes")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)


class CourseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended (in person and online)")


class Course(models.Model):
    """An Industry 4.0 course that a training voucher can pay for, once staff approve it."""

    agency = models.ForeignKey(
        TrainingAgency,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("training agency"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField(
        CourseTheme, related_name="courses", verbose_name=_("Industry 4.0 themes")
    )
    # Tenths of an hour: attendance, and so the reimbursement, is counted in hours.
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    cost = models.DecimalField(
        _("cost per participant (EUR)"),
        max_digits=10,
        decimal_places=2,
        help_text=_("The whole fee for one participant, taxes included."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    delivery = models.CharField(_("delivery"), max_length=9, choices=Delivery.choices)
    place = models.CharField(
        _("place"),
        max_length=250,
        blank=True,
        help_text=_("Address of the classroom; required unless the course is online only."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    state = models.CharField(
        _("state"), max_length=9, choices=CourseState.choices, default=CourseState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["start_date", "id"]
        permissions = [("approve_course", _("Can approve or reject courses"))]
        indexes = [
            # The public list and the voucher application: approved, starting after a day.
            models.Index(fields=["state", "start_date", "id"], name="course_state_start"),
            models.Index(fields=["agency", "-updated_at"], name="course_agency_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="course_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="course_hours_positive"),
            models.CheckConstraint(
                condition=models.Q(cost__gte=0), name="course_cost_not_negative"
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="course_has_seats"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        from vouchers.offer.rules import course_is_editable

        return course_is_editable(self.state)


class CourseStateChange(StatusHistory):
    """Every change of a course's state, in the shape of every workflow's history."""

    subject_field = "course"
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="state_changes"
    )
    from_status = models.CharField(_("from"), max_length=9, choices=CourseState.choices)
    to_status = models.CharField(_("to"), max_length=9, choices=CourseState.choices)

    class Meta:
        verbose_name = _("course state change")
        verbose_name_plural = _("course state changes")
        ordering = ["course", "at", "id"]
