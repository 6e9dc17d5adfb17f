"""Rules of the ESF training-voucher call (issue 5, parts 3 and 4), as pure typed functions
over the call's rules data (Call.rules, fixtures/calls_vouchers.json). No database.

Caps (seed, Activity 2): 5,000 EUR for entrepreneurs and managers, 3,000 EUR for
freelancers. The voucher granted is the smallest of the amount asked, the course cost and
the cap for the person's status. The reimbursement is paid on hours actually attended
(seed): nothing below the call's minimum attendance, otherwise the voucher times the share
of hours attended (at most all of it), rounded DOWN to the cent (docs/decisions/0005).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.funding.payments.rules import Hours, hours_payable
from trinno_portal.funding.rules import RuleOutcome
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.money import ZERO, format_eur

LEGAL_BASIS = "Avviso voucher formativi Industria 4.0, POR FSE Toscana 2014-2020, Assi A e C"

# The defaults of the call, as stored in Call.rules by the fixtures (illustrative where the
# seed is silent: docs/decisions/0008-voucher-call.md).
DEFAULT_RULES: dict = {
    "caps": {"entrepreneur": "5000.00", "manager": "5000.00", "freelancer": "3000.00"},
    "max_vouchers_per_person": 2,
    "min_attendance_percent": "70",
    "course_must_start_after_application": True,
    "general_envelope": "general",
}

# Applications that no longer count towards the maximum number of vouchers per person.
NOT_COUNTING = frozenset({Status.DRAFT, Status.WITHDRAWN, Status.REJECTED, Status.NOT_ELIGIBLE})


def caps(rules: Mapping) -> dict[str, Decimal]:
    table = rules.get("caps") or DEFAULT_RULES["caps"]
    return {status: Decimal(amount) for status, amount in table.items()}


def cap_for(status: str, rules: Mapping) -> Decimal | None:
    """The largest voucher a person of this status may receive; None if the status is
    not admitted by the call."""
    return caps(rules).get(status)


def max_vouchers(rules: Mapping) -> int:
    return int(rules.get("max_vouchers_per_person", DEFAULT_RULES["max_vouchers_per_person"]))


def min_attendance_percent(rules: Mapping) -> Decimal:
    return Decimal(
        str(rules.get("min_attendance_percent", DEFAULT_RULES["min_attendance_percent"]))
    )


def voucher_grant(requested: Decimal, course_cost: Decimal, cap: Decimal) -> Decimal:
    """The voucher: what was asked, but never more than the course costs or the cap."""
    return max(min(requested, course_cost, cap), ZERO)


# --- eligibility rules --------------------------------------------------------------------


def rule_cap(status: str, status_label: str, requested: Decimal, rules: Mapping) -> RuleOutcome:
    cap = cap_for(status, rules)
    params = {
        "status": status_label,
        "requested": format_eur(requested),
        "cap": format_eur(cap) if cap is not None else "",
    }
    if cap is None:
        passed, message = False, _("The call is not open to people of status “%(status)s”.")
    elif requested <= ZERO:
        passed, message = False, _("The amount requested must be more than zero.")
    elif requested > cap:
        passed = False
        message = _(
            "The amount requested, %(requested)s, exceeds the maximum voucher of %(cap)s for "
            "the status “%(status)s”."
        )
    else:
        passed = True
        message = _(
            "The amount requested, %(requested)s, is within the maximum voucher of %(cap)s for "
            "the status “%(status)s”."
        )
    return RuleOutcome(
        rule="voucher_cap",
        passed=passed,
        message=message % params,
        legal_reference=f"{LEGAL_BASIS}: importo massimo del voucher",
        params=params,
    )


def rule_course_cost(requested: Decimal, course_cost: Decimal) -> RuleOutcome:
    passed = requested <= course_cost
    params = {"requested": format_eur(requested), "cost": format_eur(course_cost)}
    return RuleOutcome(
        rule="course_cost",
        passed=passed,
        message=(
            _("The amount requested, %(requested)s, does not exceed the course cost of %(cost)s.")
            if passed
            else _("The amount requested, %(requested)s, exceeds the course cost of %(cost)s.")
        )
        % params,
        legal_reference=f"{LEGAL_BASIS}: il voucher copre il costo del corso",
        params=params,
    )


def rule_course_starts_after(
    course_start: dt.date, applied_on: dt.date, required: bool = True
) -> RuleOutcome:
    """The voucher is asked for before the course begins."""
    passed = course_start > applied_on or not required
    params = {
        "start": course_start.strftime("%d/%m/%Y"),
        "applied": applied_on.strftime("%d/%m/%Y"),
    }
    return RuleOutcome(
        rule="course_start",
        passed=passed,
        message=(
            _("The course starts on %(start)s, after the application of %(applied)s.")
            if passed
            else _(
                "The course starts on %(start)s: a voucher must be asked for before the "
                "course begins (application of %(applied)s)."
            )
        )
        % params,
        legal_reference=f"{LEGAL_BASIS}: domanda prima dell'avvio del corso",
        params=params,
    )


def rule_tuscany(
    residence_province: str, enterprise_provinces: Iterable[str], tuscan: frozenset[str]
) -> RuleOutcome:
    """Residence in Tuscany, or the registered office or a local unit of the person's
    enterprise in Tuscany."""
    seats = sorted({p for p in enterprise_provinces if p in tuscan})
    params = {"residence": residence_province, "seats": seats}
    if residence_province in tuscan:
        passed = True
        message = _("Resident in Tuscany (province %(residence)s).") % params
    elif seats:
        passed = True
        message = _("The enterprise has its seat or a local unit in Tuscany (%(seats)s).") % {
            "seats": ", ".join(seats)
        }
    else:
        passed = False
        message = _(
            "Neither the residence (province %(residence)s) nor a seat of the enterprise is "
            "in Tuscany."
        ) % {"residence": residence_province or "?"}
    return RuleOutcome(
        rule="tuscany",
        passed=passed,
        message=message,
        legal_reference=f"{LEGAL_BASIS}: residenza o sede in Toscana",
        params=params,
    )


def rule_max_vouchers(others: int, maximum: int) -> RuleOutcome:
    """`others`: the person's other applications in the call that still count."""
    passed = others < maximum
    params = {"others": others, "max": maximum}
    return RuleOutcome(
        rule="max_vouchers",
        passed=passed,
        message=(
            _("Other vouchers asked for in this call: %(others)s of at most %(max)s.")
            if passed
            else _(
                "You already have %(others)s vouchers in this call: the maximum is %(max)s "
                "per person."
            )
        )
        % params,
        legal_reference=f"{LEGAL_BASIS}: numero massimo di voucher per persona",
        params=params,
    )


# --- attendance and reimbursement ----------------------------------------------------------


def attendance_percent(hours_attended: Decimal, course_hours: Decimal) -> Decimal:
    """Share of the course attended, in percent, to one decimal (for display only)."""
    if course_hours <= 0:
        return ZERO
    return (hours_attended * 100 / course_hours).quantize(Decimal("0.1"), rounding="ROUND_DOWN")


def meets_minimum_attendance(
    hours_attended: Decimal, course_hours: Decimal, min_percent: Decimal
) -> bool:
    # Compared without division, so that 70 % of 24 h is exactly 16.8 h.
    return hours_attended * 100 >= min_percent * course_hours


def reimbursement(
    hours_attended: Decimal,
    course_hours: Decimal,
    voucher_amount: Decimal,
    min_attendance: Decimal,
) -> Decimal:
    """What is paid on the voucher for the hours actually attended: nothing below the
    minimum attendance of the call, otherwise the voucher times hours attended / course
    hours (at most 1), rounded down to the cent. The payment claims' rule
    (funding/payments/rules.py: hours_payable), so the claim and the person's page agree."""
    return hours_payable(
        voucher_amount, Hours(hours_attended, course_hours, min_attendance, pro_rata=True)
    )


@dataclass(frozen=True)
class Reimbursement:
    hours_attended: Decimal
    course_hours: Decimal
    percent: Decimal
    min_percent: Decimal
    voucher: Decimal
    amount: Decimal

    @property
    def below_minimum(self) -> bool:
        return not meets_minimum_attendance(
            self.hours_attended, self.course_hours, self.min_percent
        )


def reimbursement_for(
    hours_attended: Decimal, course_hours: Decimal, voucher: Decimal, rules: Mapping
) -> Reimbursement:
    minimum = min_attendance_percent(rules)
    return Reimbursement(
        hours_attended=hours_attended,
        course_hours=course_hours,
        percent=attendance_percent(hours_attended, course_hours),
        min_percent=minimum,
        voucher=voucher,
        amount=reimbursement(hours_attended, course_hours, voucher, minimum),
    )


# --- what is due next ------------------------------------------------------------------------

NEXT_STEPS: dict[str, Promise] = {
    "draft": gettext_lazy("Check and submit the application"),
    "submitted": gettext_lazy("Wait for the eligibility check"),
    "eligible": gettext_lazy("Wait for the decision of Arezzo Innovazione"),
    "under_assessment": gettext_lazy("Wait for the decision of Arezzo Innovazione"),
    "ranked": gettext_lazy("Wait for the decision of Arezzo Innovazione"),
    "info_requested": gettext_lazy("Answer the request for information"),
    "preavviso": gettext_lazy("Answer the notice of intended rejection"),
    "approved": gettext_lazy("Confirm your enrolment and attend the course"),
    "in_progress_no_attendance": gettext_lazy(
        "Attend the course: the agency will report your hours"
    ),
    "in_progress_attendance": gettext_lazy(
        "Claim the reimbursement with the invoice, the transfer and the attendance register"
    ),
    "final_report": gettext_lazy("Wait for the reimbursement claim to be checked and paid"),
    "monitoring": gettext_lazy("Nothing: the reimbursement has been approved"),
    "closed": gettext_lazy("Nothing: the voucher is closed"),
}
AGENCY_NEXT_STEPS: dict[str, Promise] = {
    "approved": gettext_lazy("Report the hours attended once the course has started"),
    "in_progress": gettext_lazy("Report the hours attended"),
}


def next_step(status: str, has_attendance: bool) -> Promise | None:
    """What the person has to do next, or wait for; None when nothing is due."""
    if status == Status.IN_PROGRESS:
        key = "in_progress_attendance" if has_attendance else "in_progress_no_attendance"
        return NEXT_STEPS[key]
    return NEXT_STEPS.get(status)


def agency_next_step(status: str) -> Promise | None:
    return AGENCY_NEXT_STEPS.get(status)
