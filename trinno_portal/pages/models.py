"""The accessibility statement (law 4/2004 and AgID's guidelines: WCAG 2.1 AA through
EN 301 549), its feedback reports, and the help page's FAQs and contacts. The statement
and the contacts are one row each, kept in the admin (docs/pages.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.i18n import in_language

from . import rules

SINGLE_ROW = 1


class Compliance(models.TextChoices):
    # AgID's statement model has these three levels.
    COMPLIANT = "compliant", _("compliant")
    PARTIAL = "partial", _("partially compliant")
    NOT_COMPLIANT = "not_compliant", _("not compliant")


class AccessibilityStatement(models.Model):
    compliance = models.CharField(
        _("compliance status"),
        max_length=16,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    non_accessible_it = models.TextField(_("non-accessible content (Italian)"), blank=True)
    non_accessible_en = models.TextField(_("non-accessible content (English)"), blank=True)
    drawn_up_on = models.DateField(_("drawn up on"))
    reviewed_on = models.DateField(_("last reviewed on"))
    feedback_email = models.EmailField(
        _("feedback e-mail"), help_text=_("Staff receive the reports here.")
    )

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")

    def __str__(self) -> str:
        return str(_("Accessibility statement"))

    @property
    def non_accessible(self) -> str:
        return in_language(self.non_accessible_it, self.non_accessible_en)


class AccessibilityReport(models.Model):
    # Anonymous reports are allowed (AgID's feedback mechanism asks for no identity);
    # without an e-mail the answer is recorded but cannot be sent.
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    page_url = models.CharField(_("page address"), max_length=500, blank=True)
    description = models.TextField(_("what is inaccessible"))
    language = models.CharField(_("language"), max_length=8, default="it")
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_on = models.DateField(_("answer due on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answer_sent_at = models.DateTimeField(_("answer e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d} {self.page_url or self.description[:40]}"

    def is_overdue(self, today=None) -> bool:
        return rules.report_overdue(
            due_on=self.due_on,
            answered_on=self.answered_on,
            today=today or timezone.localdate(),
        )


class Faq(models.Model):
    question_it = models.CharField(_("question (Italian)"), max_length=300)
    question_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    answer_it = models.TextField(_("answer (Italian)"))
    answer_en = models.TextField(_("answer (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQs")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.question_it

    @property
    def question(self) -> str:
        return in_language(self.question_it, self.question_en)

    @property
    def answer(self) -> str:
        return in_language(self.answer_it, self.answer_en)


class AgencyContacts(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"))
    pec = models.EmailField(_("PEC"), blank=True)
    hours_it = models.CharField(_("opening hours (Italian)"), max_length=300, blank=True)
    hours_en = models.CharField(_("opening hours (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agency contacts")
        verbose_name_plural = _("agency contacts")

    def __str__(self) -> str:
        return self.name

    @property
    def hours(self) -> str:
        return in_language(self.hours_it, self.hours_en)
