"""The records of the payments (docs/payments.md): the CUP requests, the payment claims
with their cost lines and both levels of control, the DURC as staff record it, the
payment orders and the payments made. App label "payments"."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.models import Application

ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}


class Operation(Application):
    """An approved application as an operation of the programme: staff's list for the
    CUP (entered by hand or requested in bulk)."""

    class Meta:
        proxy = True
        verbose_name = _("operation (CUP)")
        verbose_name_plural = _("operations (CUP)")


class CupRequest(models.Model):
    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="cup_request",
        verbose_name=_("application"),
    )
    batch = models.CharField(_("batch"), max_length=40)
    request_file = models.CharField(_("request file"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("requested by"),
    )

    class Meta:
        verbose_name = _("CUP request")
        verbose_name_plural = _("CUP requests")

    def __str__(self) -> str:
        return self.batch


class ClaimKind(models.TextChoices):
    ADVANCE = "advance", _("Advance against a guarantee")
    INTERIM = "interim", _("Interim payment")
    BALANCE = "balance", _("Balance")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, first-level check")
    RETURNED = "returned", _("Returned by the second-level control")
    CHECKED = "checked", _("Checked, second-level control")
    CLEARED = "cleared", _("Cleared for payment")
    ORDERED = "ordered", _("Payment ordered")
    PAID = "paid", _("Paid")
    REFUSED = "refused", _("Refused by the first-level check")


class SecondLevel(models.TextChoices):
    PENDING = "", _("Not yet")
    NOT_SAMPLED = "not_sampled", _("Not in the sample")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PaymentClaim(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="payment_claims",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ClaimKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    requested = models.DecimalField(_("amount requested (EUR)"), **MONEY)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    documents = models.ManyToManyField("funding.Document", blank=True, related_name="+")
    # A scheme paid on attendance (PaymentTerms.hours): the hours as reported when the
    # claim was filed, frozen with it, and what the rule said of them in every language.
    hours_attended = models.DecimalField(
        _("hours attended"), max_digits=6, decimal_places=1, null=True
    )
    hours_total = models.DecimalField(
        _("hours of the course"), max_digits=6, decimal_places=1, null=True
    )
    hours_min_percent = models.DecimalField(
        _("minimum attendance (%)"), max_digits=5, decimal_places=2, null=True
    )
    hours_pro_rata = models.BooleanField(_("paid in proportion to the hours"), default=True)
    hours_outcomes = models.JSONField(_("attendance outcome"), default=dict, blank=True)
    # First level: the officer.
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("first-level officer"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True)
    eligible = models.DecimalField(_("eligible (EUR)"), **MONEY, null=True)
    payable = models.DecimalField(_("payable (EUR)"), **MONEY, null=True)
    payable_reason = models.TextField(_("why this amount"), blank=True)
    # Second level: the sample drawn when the first level completes, kept as drawn.
    sample_seed = models.CharField(_("sample seed"), max_length=40, blank=True)
    sample_percent = models.PositiveSmallIntegerField(_("sample (%)"), null=True)
    sample_draw = models.PositiveSmallIntegerField(_("draw"), null=True)
    controller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("second-level controller"),
    )
    second_level = models.CharField(
        _("second-level outcome"), max_length=12, choices=SecondLevel.choices, blank=True
    )
    second_level_at = models.DateTimeField(_("second-level decided at"), null=True)
    second_level_reasons = models.TextField(_("second-level reasons"), blank=True)
    # The officer refused the whole claim at the first level: why, as the beneficiary reads it.
    refusal_reason = models.TextField(_("reason of the refusal"), blank=True)

    class Meta:
        verbose_name = _("payment claim")
        verbose_name_plural = _("payment claims")
        ordering = ["application", "submitted_at"]

    def __str__(self) -> str:
        return f"{self.application} - {self.get_kind_display()}"


class ClaimLine(models.Model):
    claim = models.ForeignKey(
        PaymentClaim,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("payment claim"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    number = models.CharField(_("invoice number"), max_length=50)
    issued_on = models.DateField(_("invoice date"))
    supplier = models.CharField(_("supplier"), max_length=250)
    supplier_vat = models.CharField(_("supplier's Partita IVA"), max_length=11)
    taxable = models.DecimalField(_("taxable amount (EUR)"), **MONEY)
    vat = models.DecimalField(_("VAT (EUR)"), **MONEY)
    invoice_cup = models.CharField(_("CUP on the invoice"), max_length=20, blank=True)
    paid_on = models.DateField(_("paid on"), null=True)
    transfer_reference = models.CharField(_("bank transfer reference"), max_length=60)
    # {language: [RuleOutcome as a dict]}: what each rule said, in every language.
    outcomes = models.JSONField(_("rule outcomes"), default=dict)
    proposed = models.DecimalField(_("proposed by the rules (EUR)"), **MONEY)
    eligible = models.DecimalField(_("eligible (EUR)"), **MONEY, null=True)
    officer_reason = models.TextField(_("officer's reason"), blank=True)

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["claim", "position"]

    def __str__(self) -> str:
        return f"{self.number} ({self.supplier})"


class DurcOutcome(models.TextChoices):
    REGULAR = "regular", _("Regular")
    IRREGULAR = "irregular", _("Not regular")


class Durc(models.Model):
    """The DURC (Documento unico di regolarità contributiva, DM 30 gennaio 2015) as
    staff read it on the INPS/INAIL service and record it."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.CASCADE,
        related_name="durcs",
        verbose_name=_("enterprise"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=DurcOutcome.choices)
    issued_on = models.DateField(_("issued on"))
    protocol = models.CharField(_("protocol"), max_length=40)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("DURC")
        verbose_name_plural = _("DURCs")
        ordering = ["enterprise", "-issued_on"]

    def __str__(self) -> str:
        return f"{self.protocol} ({self.get_outcome_display()})"


class PaymentOrder(models.Model):
    claim = models.OneToOneField(
        PaymentClaim,
        on_delete=models.PROTECT,
        related_name="order",
        verbose_name=_("payment claim"),
    )
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    iban = models.CharField(_("IBAN"), max_length=34)
    cup = models.CharField(_("CUP"), max_length=15)
    # None where the scheme pays no enterprise (PaymentTerms.durc_required).
    durc = models.ForeignKey(
        Durc, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("DURC")
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")

    def __str__(self) -> str:
        return f"{self.claim} - {self.amount}"


class Payment(models.Model):
    order = models.OneToOneField(
        PaymentOrder,
        on_delete=models.PROTECT,
        related_name="payment",
        verbose_name=_("payment order"),
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    reference = models.CharField(_("reference"), max_length=60)
    released = models.DecimalField(_("released from the commitment (EUR)"), **MONEY, default=ZERO)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.reference} ({self.amount})"
