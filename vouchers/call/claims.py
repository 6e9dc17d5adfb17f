"""The voucher on the shared payment claims (funding/payments, docs/payments.md): the
person claims the balance on the hours attended, with the agency's invoice, the proof of
the bank transfer and the attendance register or certificate as the deliverable. What
only the voucher says is here; vouchers/call/scheme.py names it as Scheme.payments."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.accounts.models import User
from trinno_portal.funding.aftercare.contract import GrantTerms
from trinno_portal.funding.models import Application
from trinno_portal.funding.payments.contract import PaymentTerms
from trinno_portal.funding.payments.rules import Hours
from trinno_portal.lib.money import ZERO
from vouchers.call import rules
from vouchers.call.models import Attendance

HUNDRED = Decimal(100)


def voucher_grant_terms(application: Application) -> GrantTerms:
    # The voucher pays the course cost actually paid, all of it, up to the voucher
    # (vouchers/call/rules.py: voucher_grant); the hours then cap it (voucher_hours).
    return GrantTerms(rate_percent=HUNDRED, cost_cap=application.grant_amount or ZERO)


def voucher_hours(application: Application) -> Hours | None:
    """The hours the agency reported of the course's hours, and the call's minimum
    attendance (call.rules["min_attendance_percent"], 70 by default: the seed says only
    "payment on hours actually attended", docs/decisions/0008) and rule: paid in
    proportion to the hours (call.rules["reimbursement"] == "whole" pays it whole once
    the minimum is met)."""
    attendance = (
        Attendance.objects.filter(pk=application.pk)
        .select_related("application__voucher__course")
        .first()
    )
    if attendance is None:
        return None
    call_rules = application.call.rules
    return Hours(
        attended=attendance.hours_attended,
        total=attendance.application.voucher.course.hours,
        min_percent=rules.min_attendance_percent(call_rules),
        pro_rata=call_rules.get("reimbursement", "pro_rata") != "whole",
    )


def voucher_claimant_problem(application: Application, by: User) -> str | None:
    if application.person is None or application.person.user_id != by.pk:
        return _("Only the person who holds the voucher claims its payment.")
    return None


PAYMENTS = PaymentTerms(
    grant_terms=voucher_grant_terms,
    deliverable_label=gettext_lazy("Attendance register or certificate"),
    claimant_problem=voucher_claimant_problem,
    hours=voucher_hours,
    durc_required=False,
    # The balance on the hours is the voucher's final report: paid, the voucher moves on
    # to monitoring with its final grant (docs/decisions/0031).
    completes_on_balance=True,
)
