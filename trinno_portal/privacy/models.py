"""Erasure in two steps: one officer asks, another confirms (the four-eyes rule for an
act that cannot be undone, GDPR art. 17 and art. 32's "appropriate measures")."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ErasureKind(models.TextChoices):
    PERSON = "person", _("person")
    ENTERPRISE = "enterprise", _("enterprise")


class ErasureState(models.TextChoices):
    REQUESTED = "requested", _("requested")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


class ErasureRequest(models.Model):
    # The subject by kind and id, not by foreign key: the record says nothing about whom
    # it erased beyond what the anonymised row keeps, and no export of the subject finds it.
    kind = models.CharField(_("kind"), max_length=12, choices=ErasureKind.choices)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    state = models.CharField(
        _("state"), max_length=12, choices=ErasureState.choices, default=ErasureState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("confirmed or cancelled by"),
    )
    decided_at = models.DateTimeField(_("confirmed or cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id"],
                condition=Q(state="requested"),
                name="privacy_one_open_erasure_request",
            ),
            # The second officer is another person; cancelling one's own request is fine.
            models.CheckConstraint(
                condition=~Q(state="confirmed") | ~Q(decided_by=F("requested_by")),
                name="privacy_erasure_confirmed_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.subject_id}: {self.get_state_display()}"
