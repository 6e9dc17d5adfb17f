"""The click day's intake: a submission received, in arrival order, before it is checked
and numbered (funding/intake.py, docs/clickday.md, docs/decisions/0037-submission-intake.md).

The request of the rush writes this one row and answers; the numbering follows, one
intake after another in the order received, so the receipt time that counts is the
arrival's and the protocol order is the arrival order."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.models.applications import Application


class IntakeState(models.TextChoices):
    WAITING = "waiting", _("waiting to be numbered")
    SUBMITTED = "submitted", _("numbered")
    REFUSED = "refused", _("refused, draft kept")


class SubmissionIntake(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="intakes",
        verbose_name=_("application"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    # The draft's version the applicant saw: a draft changed meanwhile is refused as stale.
    version = models.PositiveIntegerField(_("version"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=12, choices=IntakeState.choices, default=IntakeState.WAITING
    )
    message = models.TextField(_("message"), blank=True)
    done_at = models.DateTimeField(_("numbered or refused at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission received")
        verbose_name_plural = _("submissions received")
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["state", "received_at", "id"], name="intake_queue")]
        constraints = [
            # A second click or tab while waiting finds the first intake, not a new one.
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(state="waiting"),
                name="intake_one_waiting_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.received_at:%Y-%m-%d %H:%M:%S.%f}"
