"""The administrative procedure of law 241/1990 as data: each call's responsible officer
and legal deadline, and the reasoned decision of every rejection (docs/procedure.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallProcedure(models.Model):
    """What law 241/1990 asks a call to state: the responsabile del procedimento (arts.
    4-6) and the time within which the procedure ends (art. 2). One row per call, kept
    apart from funding.Call so that the procedure's data can grow without touching the
    shared table."""

    call = models.OneToOneField(
        "funding.Call", on_delete=models.CASCADE, related_name="procedure", verbose_name=_("call")
    )
    officer_name = models.CharField(_("responsible officer"), max_length=200)
    officer_office = models.CharField(_("office"), max_length=200)
    officer_email = models.EmailField(_("officer's e-mail"))
    legal_days = models.PositiveSmallIntegerField(
        _("legal deadline (days)"),
        default=90,
        help_text=_(
            "Days from submission within which the procedure must end, net of the periods "
            "in which the clock stops (law 241/1990 art. 2)."
        ),
    )
    preavviso_required = models.BooleanField(
        _("notice before rejection"),
        default=True,
        help_text=_(
            "Law 241/1990 art. 10-bis: before rejecting, send the reasons and wait ten days "
            "for observations. Not owed in competitive procedures."
        ),
    )

    class Meta:
        verbose_name = _("call procedure")
        verbose_name_plural = _("call procedures")

    def __str__(self) -> str:
        return f"{self.call} · {self.officer_name}"


class RejectionDecision(models.Model):
    """The reasons of a rejection, how the applicant's observations were weighed (law
    241/1990 art. 10-bis: the decision must say why they were not accepted) and the ways
    of appeal stated to the applicant (art. 3(4))."""

    application = models.OneToOneField(
        "funding.Application",
        on_delete=models.CASCADE,
        related_name="rejection_decision",
        verbose_name=_("application"),
    )
    reasons = models.TextField(_("reasons"))
    observations_weighed = models.TextField(_("how the observations were weighed"), blank=True)
    appeal = models.TextField(_("ways of appeal"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("rejection decision")
        verbose_name_plural = _("rejection decisions")

    def __str__(self) -> str:
        return str(self.application)
