"""Joint course proposals of Activity 2: a course the province's training agencies
design together with the agency's laboratories, before one of them submits it as a
course of the voucher offer. The model belongs to the monitoring app (monitoring/models.py
imports it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JointProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    DROPPED = "dropped", _("Dropped")


class JointCourseProposal(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    agencies = models.ManyToManyField(
        "vouchers.TrainingAgency",
        verbose_name=_("training agencies"),
        related_name="joint_course_proposals",
    )
    laboratory = models.CharField(
        _("laboratory"),
        max_length=200,
        help_text=_("The agency's laboratory the course is designed with."),
    )
    themes = models.ManyToManyField(
        "vouchers.CourseTheme",
        verbose_name=_("Industry 4.0 themes"),
        related_name="joint_course_proposals",
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=JointProposalStatus.choices,
        default=JointProposalStatus.PROPOSED,
    )
    proposed_on = models.DateField(_("proposed on"))

    class Meta:
        verbose_name = _("joint course proposal")
        verbose_name_plural = _("joint course proposals")
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        return self.title
