"""Voucher applications (detail of funding.Application), the attendance the training
agency reports, and the person's payment request (issue 5, parts 3 and 4).

The shared Application row carries the workflow, protocol number, snapshots and money
(grant_amount = the voucher, final_grant = the reimbursement); these models add what only
a voucher has.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.models import PersonStatus
from trinno_portal.funding.models import Application
from vouchers.offer.models import Course

__all__ = [
    "AgeBand",
    "Attendance",
    "Gender",
    "IscedLevel",
    "LabourStatus",
    "VoucherApplication",
]


# --- ESF+ participant data (Reg. (EU) 2021/1057, Annex I, common output indicators) ----
# Asked on the voucher form under its privacy notice, used only to count participants.
class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")


class AgeBand(models.TextChoices):
    UNDER_30 = "under_30", _("Below 30 years of age")
    FROM_30_TO_54 = "30_54", _("30 to 54 years of age")
    OVER_54 = "over_54", _("Above 54 years of age")


class LabourStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed, including self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed (less than 12 months)")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed (12 months or more)")
    INACTIVE = "inactive", _("Inactive (neither employed nor looking for work)")


class IscedLevel(models.TextChoices):
    ISCED_0_2 = "isced_0_2", _("Lower secondary education or less (ISCED 0-2)")
    ISCED_3_4 = "isced_3_4", _("Upper secondary or post-secondary education (ISCED 3-4)")
    ISCED_5_8 = "isced_5_8", _("Tertiary education (ISCED 5-8)")


class VoucherApplication(models.Model):
    """What a voucher application adds to the shared Application row."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="voucher",
    )
    # PROTECT: the course a voucher was asked or granted for can never vanish under it.
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="voucher_applications",
        verbose_name=_("course"),
    )
    requested_amount = models.DecimalField(
        _("amount requested (EUR)"), max_digits=10, decimal_places=2
    )
    # The person's status at submission: the cap that applied is read from it later.
    person_status = models.CharField(
        _("status at submission"), max_length=12, choices=PersonStatus.choices, blank=True
    )
    enrolment_confirmed_at = models.DateTimeField(
        _("enrolment confirmed at"), null=True, blank=True
    )
    # ESF+ participant data, as given when applying (empty when not given).
    participant_gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True
    )
    participant_age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, blank=True
    )
    participant_labour_status = models.CharField(
        _("labour-market status"), max_length=20, choices=LabourStatus.choices, blank=True
    )
    participant_isced = models.CharField(
        _("education (ISCED)"), max_length=9, choices=IscedLevel.choices, blank=True
    )

    class Meta:
        verbose_name = _("voucher application")
        verbose_name_plural = _("voucher applications")
        indexes = [
            # The agency's list: the vouchers on its courses.
            models.Index(fields=["course"], name="voucher_course"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested_amount__gt=0), name="voucher_requested_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)


class Attendance(models.Model):
    """The hours a person attended, as reported by the course's training agency. One row
    per voucher, updated until the person asks for the reimbursement."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="voucher_attendance",
    )
    hours_attended = models.DecimalField(_("hours attended"), max_digits=6, decimal_places=1)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_attended__gte=0), name="attendance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.hours_attended} h"
