"""The versioned Catalogue of advanced and qualified services for Tuscan SMEs.

An edition is approved by a regional act (decree or resolution) and holds its services.
A published edition is never changed in place: staff draft a new edition as a copy,
edit the draft and publish it, which supersedes the edition published before. Calls and
applications keep a foreign key to the edition in force when they were made
(selectors.edition_in_force), so what they point at never moves under them.

Immutability is enforced by the services (catalogue.editions.services) and by the admin; the
models only describe the data.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.models import SizeClass
from trinno_portal.lib.i18n import in_language

PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class EditionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class ActType(models.TextChoices):
    DECREE = "decree", _("Executive decree")
    RESOLUTION = "resolution", _("Regional Council resolution")


class Area(models.TextChoices):
    """The three thematic areas of the catalogue (TRINNO Action Plan, Activity 1)."""

    A = "A", _("A · Initial support to innovation")
    B = "B", _("B · Specialised consulting services")
    C = "C", _("C · Support to internationalisation")


class Edition(models.Model):
    """One edition of the catalogue, as approved by a regional act."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title (Italian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=EditionState.choices,
        default=EditionState.DRAFT,
        db_index=True,
        editable=False,
    )
    act_type = models.CharField(
        _("approving act"), max_length=10, choices=ActType.choices, default=ActType.DECREE
    )
    act_number = models.CharField(_("act number"), max_length=30, blank=True)
    act_date = models.DateField(_("act date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Empty while in force; set when a later edition takes over."),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted from"),
        editable=False,
    )
    notes = models.TextField(_("notes"), blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Not taken from a public source: shown with an 'illustrative' badge."),
    )
    source = models.TextField(_("source"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")
        ordering = ["-number"]
        constraints = [
            # The last line of defence behind edition_publish: one edition published at a time.
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state="published"),
                name="catalogue_one_published_edition",
            ),
        ]
        indexes = [models.Index(fields=["valid_from"], name="catalogue_edition_valid_idx")]

    def __str__(self) -> str:
        return f"{self.number} · {self.display_title}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:edition", kwargs={"number": self.number})

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def is_draft(self) -> bool:
        return self.state == EditionState.DRAFT


class Service(models.Model):
    """A codified service of one edition, with its provider requirements, its cost
    limits and its aid intensity per size class."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="services", verbose_name=_("edition")
    )
    code = models.CharField(_("code"), max_length=20)
    # Zero-padded code ("B.001.010") so that B.1.10 sorts after B.1.9: set by the services.
    sort_key = models.CharField(_("sort key"), max_length=60, editable=False, default="")
    area = models.CharField(_("area"), max_length=1, choices=Area.choices)
    name = models.CharField(_("name (Italian)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250)
    description = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_digital = models.BooleanField(_("digital / Industry 4.0"), default=False)
    provider_requirements = models.TextField(_("provider requirements (Italian)"), blank=True)
    provider_requirements_en = models.TextField(_("provider requirements (English)"), blank=True)
    min_cost = models.DecimalField(
        _("minimum eligible cost (EUR)"), max_digits=12, decimal_places=2
    )
    max_cost = models.DecimalField(
        _("maximum eligible cost (EUR)"), max_digits=12, decimal_places=2
    )
    intensity_micro = models.DecimalField(
        _("aid intensity, micro (%)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    intensity_small = models.DecimalField(
        _("aid intensity, small (%)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    intensity_medium = models.DecimalField(
        _("aid intensity, medium (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
    )
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Not taken from a public source: shown with an 'illustrative' badge."),
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("catalogue service")
        verbose_name_plural = _("catalogue services")
        ordering = ["edition", "area", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="catalogue_service_code"),
            models.CheckConstraint(
                condition=models.Q(min_cost__lte=models.F("max_cost")),
                name="catalogue_service_min_le_max",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "area", "sort_key"], name="catalogue_service_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "catalogue:service", kwargs={"number": self.edition.number, "code": self.code}
        )

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_en)

    @property
    def display_provider_requirements(self) -> str:
        return in_language(self.provider_requirements, self.provider_requirements_en)

    def intensity_for(self, size: str) -> Decimal | None:
        """The aid intensity for an SME size class; None for a large enterprise."""
        return {
            SizeClass.MICRO: self.intensity_micro,
            SizeClass.SMALL: self.intensity_small,
            SizeClass.MEDIUM: self.intensity_medium,
        }.get(size)
