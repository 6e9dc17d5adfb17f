"""The RNA (Registro Nazionale degli Aiuti di Stato, art. 52 law 234/2012, DM 115/2017):
each call's measure (CAR), each grant's registration (COR), the confirmation of the
concession and the variations and revocations sent after it. docs/rna.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SelectionMethod(models.TextChoices):
    """Art. 27(1)(e) d.lgs. 33/2013: the method followed to choose the beneficiary."""

    RANKING = "ranking", _("Evaluation procedure with a ranking (art. 5(2) d.lgs. 123/1998)")
    COUNTER = "counter", _("Counter procedure, in order of submission (art. 5(3) d.lgs. 123/1998)")
    AUTOMATIC = "automatic", _("Automatic procedure (art. 4 d.lgs. 123/1998)")


class AidMeasure(models.Model):
    """The call as a measure registered in the RNA, and what the transparency page says
    of it (d.lgs. 33/2013, art. 27(1))."""

    call = models.OneToOneField(
        "funding.Call",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="aid_measure",
        verbose_name=_("call"),
    )
    car = models.CharField(
        _("CAR"),
        max_length=20,
        unique=True,
        help_text=_(
            "Codice identificativo della misura, given by the RNA when the measure was registered."
        ),
    )
    de_minimis = models.BooleanField(
        _("de minimis aid"),
        default=True,
        help_text=_(
            "Granted under Reg. (EU) 2023/2831: the single undertaking's ceiling is checked."
        ),
    )
    office = models.CharField(_("office"), max_length=200)
    responsible_officer = models.CharField(_("responsible officer"), max_length=200)
    selection_method = models.CharField(
        _("method of selection"),
        max_length=10,
        choices=SelectionMethod.choices,
        default=SelectionMethod.RANKING,
    )

    class Meta:
        verbose_name = _("RNA measure")
        verbose_name_plural = _("RNA measures")

    def __str__(self) -> str:
        return f"CAR {self.car}"


class ConfirmationStatus(models.TextChoices):
    PENDING = "pending", _("To be confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUSED = "refused", _("Refused by the RNA")


class AidGrant(models.Model):
    """One grant registered in the RNA (registra aiuto) before its concession."""

    application = models.OneToOneField(
        "funding.Application",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="aid_grant",
        verbose_name=_("application"),
    )
    car = models.CharField(_("CAR"), max_length=20)
    cor = models.CharField(
        _("COR"),
        max_length=20,
        blank=True,
        help_text=_("Codice identificativo dell'aiuto returned by the RNA."),
    )
    beneficiary_tax_code = models.CharField(_("beneficiary's codice fiscale"), max_length=16)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    registered_at = models.DateTimeField(_("registered"))
    granted_on = models.DateField(_("concession date"))
    confirmation = models.CharField(
        _("confirmation of the concession"),
        max_length=9,
        choices=ConfirmationStatus.choices,
        default=ConfirmationStatus.PENDING,
    )
    # DM 115/2017, art. 9(1): the concession is confirmed within 20 days of its date.
    confirm_by = models.DateField(_("to be confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    late = models.BooleanField(_("confirmed late or overdue"), default=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("RNA grant")
        verbose_name_plural = _("RNA grants")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cor"], condition=~models.Q(cor=""), name="rna_grant_cor_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["confirm_by"],
                condition=models.Q(confirmation="pending"),
                name="rna_grant_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"COR {self.cor or '-'}"


class EventKind(models.TextChoices):
    REGISTRATION = "register", _("Registration")
    CONFIRMATION = "confirm", _("Confirmation of the concession")
    VARIATION = "variation", _("Variation")
    REVOCATION = "revocation", _("Revocation")


class AidEvent(models.Model):
    """Every request sent to the RNA for a grant, with its answer (esito, errors)."""

    grant = models.ForeignKey(
        AidGrant, on_delete=models.CASCADE, related_name="events", verbose_name=_("grant")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    at = models.DateTimeField(_("at"))
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    outcome = models.CharField(_("outcome (esito)"), max_length=10)
    code = models.CharField(
        _("RNA code"), max_length=20, blank=True, help_text=_("COR, or COVAR of a variation.")
    )
    errors = models.JSONField(_("errors"), default=list, blank=True)
    upload_file = models.CharField(_("upload file"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("RNA request")
        verbose_name_plural = _("RNA requests")
        ordering = ["grant", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.outcome}"


class FakeRnaRecord(models.Model):
    """What the local fake RNA (rna/fake.py) received: its row number makes its COR,
    so codes are deterministic and survive a restart."""

    operation = models.CharField(max_length=12, verbose_name=_("operation"))
    payload = models.JSONField(default=dict, verbose_name=_("request sent"))
    received_at = models.DateTimeField(auto_now_add=True, verbose_name=_("received at"))

    class Meta:
        verbose_name = _("fake RNA record")
        verbose_name_plural = _("fake RNA records")

    def __str__(self) -> str:
        return f"{self.operation} {self.pk}"
