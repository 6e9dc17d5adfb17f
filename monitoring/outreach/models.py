"""The outreach of the action plan: events with their registrations, check-in, feedback
and materials, and the advice staff give ("presa in carico"). Each event belongs to an
activity (or sub-activity) of the plan, so the plan's progress and the indicator of the
enterprises supported read the same rows (docs/outreach.md)."""

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monitoring import rules as monitoring_rules
from monitoring.models import Activity, SubActivity
from trinno_portal.accounts.geography import PROVINCES
from trinno_portal.lib.i18n import in_language
from trinno_portal.lib.uploads import UploadField, validate_published_pdf


class EventKind(models.TextChoices):
    DISSEMINATION = "dissemination", _("Dissemination event")
    FOCUS_GROUP = "focus_group", _("Focus group")
    STAKEHOLDER = "stakeholder", _("Stakeholder meeting")
    WORKSHOP = "workshop", _("Workshop")
    LAB_VISIT = "lab_visit", _("Lab visit")
    ERASMUS = "erasmus", _("Erasmus+ follow-up")


# The monitoring report's grouping of ATECO divisions (monitoring.rules.SUPPLY_CHAINS), so
# that participants and supported operations are counted by the same chains.
class SupplyChain(models.TextChoices):
    AGRIFOOD = "agrifood", _("Agri-food")
    FASHION = "fashion", _("Fashion (textiles, clothing, leather)")
    WOOD = "wood_paper_furniture", _("Wood, paper and furniture")
    CHEMICALS = (
        "chemicals_materials",
        _("Chemicals, pharmaceuticals, rubber, plastics and minerals"),
    )
    MECHANICS = "mechanics", _("Metals and mechanics")
    ELECTRONICS = "electronics", _("Electronics and electrical equipment")
    JEWELLERY = "jewellery_other_manufacturing", _("Jewellery and other manufacturing")
    CONSTRUCTION = "construction", _("Construction")
    COMMERCE = "commerce", _("Commerce")
    TOURISM = "tourism", _("Tourism")
    ICT = "ict", _("Information and communication")
    OTHER = monitoring_rules.OTHER_SERVICES, _("Other services")


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=14, choices=EventKind.choices)
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="events"
    )
    subactivity = models.ForeignKey(
        SubActivity,
        verbose_name=_("sub-activity"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=250, blank=True)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_dates_ordered"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="event_capacity_min"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:event_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return in_language(self.title_it, self.title_en)

    @property
    def description(self) -> str:
        return in_language(self.description_it, self.description_en)


class AttendeeKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("For an enterprise")
    PERSON = "person", _("As a private person")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class Registration(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    kind = models.CharField(_("registering"), max_length=10, choices=AttendeeKind.choices)
    status = models.CharField(_("status"), max_length=9, choices=RegistrationStatus.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    # An enterprise on the portal, or one known by its name and Partita IVA only; the
    # service links the profile whenever the Partita IVA has one (the indicator counts
    # an enterprise once, docs/outreach.md).
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    company_name = models.CharField(_("company name"), max_length=250, blank=True)
    vat_number = models.CharField(_("Partita IVA"), max_length=11, blank=True, db_index=True)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCES)
    supply_chain = models.CharField(
        _("supply chain"), max_length=30, choices=SupplyChain.choices, blank=True
    )
    # The e-mails are written in the language of the page the registration came from.
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="it"
    )
    # The link in the e-mails (cancel, feedback) for visitors without an account.
    token = models.UUIDField(_("link key"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("promoted from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    survey_sent_at = models.DateTimeField(_("survey sent"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "id"]
        constraints = [
            # A double click or a second tab: one live registration per address and event.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=["confirmed", "waiting"]),
                name="registration_one_per_email",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="enterprise") | ~models.Q(vat_number=""),
                name="registration_enterprise_has_vat",
            ),
        ]
        indexes = [
            # The waiting list in order, and the indicator's attendance by date.
            models.Index(fields=["event", "status", "created_at"], name="registration_queue"),
            models.Index(fields=["checked_in_at"], name="registration_attended"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.event}"

    @property
    def organisation(self) -> str:
        if self.kind == AttendeeKind.PERSON:
            return ""
        return self.enterprise.legal_name if self.enterprise_id else self.company_name


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("overall rating (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    useful = models.BooleanField(_("useful for my work"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.rating}"


class Material(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    # Slides and hand-outs as PDF only, judged by their bytes (lib/uploads.py).
    file = UploadField(
        _("file (PDF)"),
        folder="outreach/materials",
        validators=[FileExtensionValidator(["pdf"]), validate_published_pdf],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Telephone")
    EMAIL = "email", _("E-mail")
    DESK = "desk", _("At the desk")
    EVENT = "event", _("At an event")


class Topic(models.TextChoices):
    AUDIT = "audit", _("Technological audit")
    CATALOGUE = "catalogue", _("Innovation services catalogue")
    VOUCHER = "voucher", _("Training vouchers")
    SELF_ASSESSMENT = "selfassessment", _("Digital maturity self-assessment")
    INDUSTRY40 = "industry40", _("Industry 4.0 in general")
    OTHER = "other", _("Other")


class Instrument(models.TextChoices):
    NONE = "", _("None (yet)")
    AUDIT = "audit", _("Audit call")
    CATALOGUE = "catalogue", _("Innovation services call")
    VOUCHER = "voucher", _("Training voucher call")
    SELF_ASSESSMENT = "selfassessment", _("Self-assessment")
    EVENT = "event", _("An event")


class AdviceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FOLLOW_UP = "follow_up", _("Follow-up due")
    CLOSED = "closed", _("Closed")


class Advice(models.Model):
    """One contact taken in charge ("presa in carico"): who asked, how, about what, what
    staff did, and the instrument it led to."""

    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    topic = models.CharField(_("topic"), max_length=14, choices=Topic.choices)
    enquiry = models.TextField(_("enquiry"), max_length=4000)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice",
    )
    company_name = models.CharField(_("company name"), max_length=250, blank=True)
    vat_number = models.CharField(_("Partita IVA"), max_length=11, blank=True, db_index=True)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCES, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=AdviceStatus.choices, default=AdviceStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken in charge by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_on = models.DateField(_("follow-up due on"), null=True, blank=True)
    instrument = models.CharField(
        _("led to"), max_length=14, choices=Instrument.choices, blank=True, default=""
    )
    # The day of the contact: the indicator counts advice given in the period.
    opened_at = models.DateTimeField(_("contact on"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("advice contact")
        verbose_name_plural = _("advice contacts")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["opened_at"], name="advice_opened")]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.get_topic_display()}"
