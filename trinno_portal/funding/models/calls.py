"""Calls, their budget envelopes, their protocol counters and their published documents."""

from decimal import Decimal

from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.scheme_codes import Scheme
from trinno_portal.lib.i18n import in_language
from trinno_portal.lib.uploads import UploadField, validate_published_pdf

ZERO = Decimal("0.00")


class RankingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly, until resources run out")
    NONE = "none", _("No ranking: first come, first served")


class Call(models.Model):
    """A call for applications (bando), with its funding rules as data.

    `rules` holds the scheme's parameters (funding table, minimum and maximum costs,
    de minimis regime, deadlines...): see each scheme's rules module for its keys.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices, db_index=True)
    title = models.CharField(_("title (Italian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250)
    legal_basis = models.TextField(_("legal basis"))
    open_on = models.DateField(_("open from"))
    close_on = models.DateField(_("closes on"), null=True, blank=True)
    # A click day: drafts are prepared from `open_on`, submissions are taken from this
    # instant, to the second, by the server's clock (docs/clickday.md, decision 24).
    submissions_open_at = models.DateTimeField(
        _("submissions open at"),
        null=True,
        blank=True,
        help_text=_(
            "The instant, to the second (Italian time), from which submissions are accepted. "
            "Empty: from the opening day. Drafts can be prepared from the opening day."
        ),
    )
    total_budget = models.DecimalField(_("total budget (EUR)"), max_digits=14, decimal_places=2)
    committed = models.DecimalField(
        _("committed (EUR)"), max_digits=14, decimal_places=2, default=ZERO, editable=False
    )
    ranking_frequency = models.CharField(
        _("ranking"),
        max_length=10,
        choices=RankingFrequency.choices,
        default=RankingFrequency.MONTHLY,
    )
    rules = models.JSONField(_("funding rules"), default=dict, blank=True)
    protocol_prefix = models.CharField(_("protocol prefix"), max_length=10)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-open_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed__lte=models.F("total_budget")),
                name="call_never_overcommitted",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def available(self) -> Decimal:
        return self.total_budget - self.committed

    def is_open_on(self, day) -> bool:
        return self.open_on <= day and (self.close_on is None or day <= self.close_on)


class EnvelopeKind(models.TextChoices):
    GENERAL = "general", _("General")
    SECTOR = "sector", _("Sector")
    YEAR = "year", _("Year")
    RESERVE = "reserve", _("Reserve")


class Envelope(models.Model):
    """A share of a call's budget. An approval commits its grant on every envelope the
    scheme's rules assign it to (for example a sector envelope and a year envelope)."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="envelopes"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name (Italian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=EnvelopeKind.choices)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    committed = models.DecimalField(
        _("committed (EUR)"), max_digits=14, decimal_places=2, default=ZERO, editable=False
    )

    class Meta:
        verbose_name = _("budget envelope")
        verbose_name_plural = _("budget envelopes")
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="envelope_code_unique"),
            # The last line of defence: the database itself refuses an over-commitment.
            models.CheckConstraint(
                condition=models.Q(committed__lte=models.F("amount")),
                name="envelope_never_overcommitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call.code} · {self.display_name}"

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)

    @property
    def available(self) -> Decimal:
        return self.amount - self.committed


class ProtocolCounter(models.Model):
    """The last protocol number given per call and year. Incremented under a row lock in
    the submitting transaction, so numbers are unique and gapless: a submission that
    rolls back gives its number back."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_seq = models.PositiveIntegerField(_("last sequence number"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "year"], name="protocol_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.year}: {self.last_seq}"


class CallDocumentKind(models.TextChoices):
    CALL_TEXT = "call_text", _("Call text")
    ANNEX = "annex", _("Annex")
    FAQ = "faq", _("Frequently asked questions")
    FORM = "form", _("Form")


class CallDocument(models.Model):
    """A document of a call published on the scheme's public call page: the call's text,
    its annexes, the official FAQ, the forms to fill in. Staff keep them in the admin; the
    published file is a plain PDF, judged by its bytes (lib/uploads.py), stored under a
    random name so that two annexes called "allegato.pdf" never overwrite each other."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CallDocumentKind.choices, default=CallDocumentKind.ANNEX
    )
    title = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    file = UploadField(
        _("file (PDF)"),
        folder="calls/documents",
        validators=[FileExtensionValidator(["pdf"]), validate_published_pdf],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("funding:call_document", args=[self.pk])

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)
