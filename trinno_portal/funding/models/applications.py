"""Applications, whatever the scheme: the shared row, its costs, its status history,
its documents and the outcome of every eligibility rule."""

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding import indicator_flags
from trinno_portal.funding.models.calls import Call
from trinno_portal.funding.scheme_codes import Scheme
from trinno_portal.funding.workflow import Status, grant_is_conceded
from trinno_portal.lib.i18n import in_language
from trinno_portal.lib.money import format_eur

ZERO = Decimal("0.00")


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
    def grant_is_conceded(self) -> bool:
        return grant_is_conceded(self.status)

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
        # The admin's inline rows are captioned with it: the amount as the reader writes it.
        return f"{self.description}: {format_eur(self.amount)}"


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
        # The rule's name is a code (rules.py) and the message is in its own column: the
        # caption of the admin's row says the outcome in words.
        return gettext("Requirement met") if self.passed else gettext("Requirement not met")

    @property
    def display_message(self) -> str:
        return in_language(self.message, self.message_en)
