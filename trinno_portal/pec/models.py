"""Legally relevant notices sent by PEC (DPR 68/2005) and the receipts the provider
returns for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")
    ACCEPTED = "accepted", _("Accepted by the provider")
    DELIVERED = "delivered", _("Delivered")
    NOT_DELIVERED = "undelivered", _("Not delivered")


class PecNotice(models.Model):
    application = models.ForeignKey(
        "funding.Application",
        on_delete=models.CASCADE,
        related_name="pec_notices",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=30)
    recipient = models.EmailField(_("PEC address"))
    subject = models.CharField(_("subject"), max_length=250)
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    sent_at = models.DateTimeField(_("sent at"))
    status = models.CharField(
        _("status"), max_length=11, choices=NoticeStatus.choices, default=NoticeStatus.SENT
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("PEC notice")
        verbose_name_plural = _("PEC notices")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


class PecReceipt(models.Model):
    """A receipt (ricevuta) of the PEC provider, matched to its notice by the
    X-Riferimento-Message-ID header (DPR 68/2005; DM 2 November 2005, technical rules)."""

    notice = models.ForeignKey(
        PecNotice, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("notice")
    )
    kind = models.CharField(_("receipt (X-Ricevuta)"), max_length=40)
    received_at = models.DateTimeField(_("received at"))
    message_id = models.CharField(_("Message-ID of the receipt"), max_length=250, unique=True)
    raw = models.BinaryField(_("message as received"))

    class Meta:
        verbose_name = _("PEC receipt")
        verbose_name_plural = _("PEC receipts")
        ordering = ["notice", "received_at"]

    def __str__(self) -> str:
        return self.kind
