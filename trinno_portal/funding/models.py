"""What every scheme shares: calls and their budget envelopes, applications and their
workflow history, protocol numbers, documents, eligibility outcomes, budget commitments,
monthly rankings and the de minimis ledger.

Scheme apps (audits, catalogue, vouchers) add a one-to-one detail model to Application;
the work queue and the monitoring read this table alone.
"""

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding import indicator_flags
from trinno_portal.funding.scheme_codes import Scheme
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.i18n import in_language

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


# 15 characters, capital letters and digits, starting with a letter (the code of the
# body that asked for it): the layout of every CUP the CUP system issues.
CUP_FORMAT = RegexValidator(
    r"^[A-Z][A-Z0-9]{14}$",
    message=_("A CUP is 15 capital letters and digits, starting with a letter."),
)


class Application(models.Model):
    """An application to a call, whatever the scheme."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices)
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    person = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    protocol_number = models.CharField(
        _("protocol number"), max_length=40, unique=True, null=True, blank=True
    )
    protocol_year = models.PositiveSmallIntegerField(
        _("protocol year"), null=True, blank=True, editable=False
    )
    protocol_seq = models.PositiveIntegerField(
        _("protocol sequence number"), null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Written by application_approve in the transition's guarded UPDATE (microseconds
    # before its StatusChange is stamped), so that the monitoring reads the date of
    # approval from this row instead of searching the status history of each application.
    approved_at = models.DateTimeField(
        _("approved at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the application was approved; the monitoring counts it from then."),
    )
    # Snapshots taken at submission, so that lists, rankings and indicators read one row.
    province = models.CharField(_("province"), max_length=2, blank=True)
    size_class = models.CharField(_("size class"), max_length=6, blank=True)
    total_cost = models.DecimalField(
        _("total cost (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eligible_cost = models.DecimalField(
        _("eligible cost (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    grant_amount = models.DecimalField(
        _("grant (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    final_grant = models.DecimalField(
        _("final grant (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    digital_amount = models.DecimalField(
        _("requested for digital services (EUR)"), max_digits=12, decimal_places=2, default=ZERO
    )
    # The CUP (Codice Unico di Progetto, law 3/2003 art. 11) of the operation, once the
    # CUP system has assigned it: the list of operations (Reg. (EU) 2021/1060 art. 49(3))
    # and the open data carry it. A plain field: how it is requested is the schemes' business.
    cup = models.CharField(
        _("CUP"),
        max_length=15,
        null=True,
        blank=True,
        validators=[CUP_FORMAT],
        help_text=_("Codice Unico di Progetto: 15 capital letters and digits."),
    )
    # What the application counts for in the monitoring's indicators (scheme and scope as
    # bits), computed by the database from the snapshots above: indicator_flags.py.
    indicator_flags = models.GeneratedField(
        expression=indicator_flags.expression(),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        verbose_name=_("indicator flags"),
    )
    eligibility_checked_at = models.DateTimeField(
        _("eligibility checked at"), null=True, blank=True, editable=False
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("assigned officer"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # Bumped by every write: a form opened in a second tab carries the old value and is
    # refused instead of silently overwriting what the first tab saved.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["call", "status", "submitted_at"], name="app_call_status_sub"),
            # The work queue filters by status (and province, the scope of every report)
            # and lists the newest first: -submitted_at, -id, read backwards from these
            # indexes, and counted from them alone (EXPLAIN at a million applications:
            # "eligible in AR" counted in 2.5 ms instead of 52 ms through the table).
            models.Index(fields=["status", "submitted_at", "id"], name="app_status_sub"),
            models.Index(
                fields=["status", "province", "submitted_at", "id"], name="app_status_province_sub"
            ),
            models.Index(fields=["enterprise", "-created_at"], name="app_enterprise"),
            models.Index(fields=["person", "-created_at"], name="app_person"),
            # The back office lists newest submissions first.
            models.Index(fields=["-submitted_at", "-id"], name="app_submitted"),
            # "My queue" and the deadline filters and sort of the back office.
            models.Index(fields=["assigned_to", "due_on"], name="app_assigned_due"),
            models.Index(fields=["due_on"], name="app_due"),
            # The monitoring (monitoring/selectors.py), from indexes alone (index-only
            # scans on PostgreSQL): the approved applications of a period in order of
            # approval; the same grouped by enterprise, already in the order the GROUP BY
            # needs (no sort of half a million rows), and by person (vouchers); the
            # catalogue's digital requests.
            models.Index(
                fields=["approved_at"],
                include=["status", "enterprise", "person", "indicator_flags"],
                condition=models.Q(approved_at__isnull=False),
                name="app_approved",
            ),
            models.Index(
                fields=["enterprise"],
                include=["approved_at", "status", "indicator_flags"],
                condition=models.Q(approved_at__isnull=False, enterprise__isnull=False),
                name="app_supported_enterprise",
            ),
            models.Index(
                fields=["person"],
                include=["approved_at", "status", "indicator_flags"],
                condition=models.Q(approved_at__isnull=False, person__isnull=False),
                name="app_supported_person",
            ),
            models.Index(
                fields=["submitted_at"],
                include=["indicator_flags", "digital_amount"],
                condition=models.Q(scheme="catalogue", digital_amount__gt=0),
                name="app_digital_requested",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enterprise__isnull=False) | models.Q(person__isnull=False),
                name="application_has_applicant",
            ),
            models.UniqueConstraint(
                fields=["call", "protocol_year", "protocol_seq"], name="protocol_seq_unique"
            ),
            # A double click on "apply" must not open two drafts for the same call.
            models.UniqueConstraint(
                fields=["call", "enterprise"],
                condition=models.Q(status="draft"),
                name="one_draft_per_enterprise_and_call",
            ),
        ]

    def __str__(self) -> str:
        return self.protocol_number or _("Draft %(pk)s") % {"pk": self.pk}

    @property
    def applicant_name(self) -> str:
        if self.enterprise_id:
            return self.enterprise.legal_name
        return str(self.person)


class CostItem(models.Model):
    """A planned (or, in the final report, actual) cost of an application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="cost_items",
    )
    description = models.CharField(_("description"), max_length=250)
    amount = models.DecimalField(_("amount (EUR, VAT excluded)"), max_digits=12, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["application", "position", "id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class StatusHistory(models.Model):
    """The one shape of a workflow's history, whatever moved: who, when, from, to, why.
    Written by the shared guarded move (funding/engine.py); each concrete history adds
    the foreign key named in `subject_field` and its own status choices."""

    subject_field: ClassVar[str]
    transition = models.CharField(_("transition"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class StatusChange(StatusHistory):
    """Every change of an application's status."""

    subject_field = "application"
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["application", "at", "id"]


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


def _document_path(instance: "Document", filename: str) -> str:
    # Stored under a random name: the user's file name is kept only as data.
    return f"documents/{instance.application_id}/{uuid.uuid4().hex}{instance.extension}"


class Document(models.Model):
    """An uploaded document (PDF or signed .p7m), checked by content, hashed."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["application", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return ".p7m" if self.content_type == "application/pkcs7-mime" else ".pdf"


class EligibilityOutcome(models.Model):
    """The outcome of one eligibility rule for one application, with its reason."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="eligibility_outcomes",
    )
    rule = models.CharField(_("rule"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    passed = models.BooleanField(_("passed"))
    # Stored in both languages at evaluation time, so the record reads the same later.
    message = models.TextField(_("message"))
    message_en = models.TextField(_("message (English)"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=250, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"))

    class Meta:
        verbose_name = _("eligibility outcome")
        verbose_name_plural = _("eligibility outcomes")
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rule"], name="outcome_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {'ok' if self.passed else 'ko'}"

    @property
    def display_message(self) -> str:
        return in_language(self.message, self.message_en)


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


# The staff work queue's models live in funding/queue/; importing them here registers
# them with the funding app (Django loads an app's models from its `models` module).
# So do the records of the life after approval (funding/aftercare/).
from trinno_portal.funding.aftercare.models import (  # noqa: E402, F401
    GrantAgreement,
    ProjectFinalReport,
    ProjectInvoice,
)

__all__ = [name for name in dir() if not name.startswith("_")]
