"""Rules of the technological-audit call, as pure functions over the call's rules data.

Call "Support for the purchase of the Industry 4.0 audit" (ERDF ROP 2014-2020, action
1.1.2). Funding table (brief, section 2):

    size    min eligible   max eligible   rate
    micro   5,000 EUR      7,500 EUR      60 %
    small   5,000 EUR     12,500 EUR      50 %
    medium  5,000 EUR     20,000 EUR      40 %

An investment above the maximum is eligible up to the maximum; below the minimum it is
not eligible. Grant = rate x eligible investment, rounded down to the cent.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from trinno_portal.accounts.rules import is_manufacturing
from trinno_portal.funding.aftercare.contract import GrantTerms
from trinno_portal.funding.aftercare.rules import grant_on_paid
from trinno_portal.funding.rules import RuleOutcome
from trinno_portal.lib.money import ZERO, apply_rate, format_eur

# The default rules of the audit call, as stored in Call.rules by the fixtures.
DEFAULT_RULES: dict = {
    "funding_table": {
        "micro": {"min": "5000.00", "max": "7500.00", "rate": "60"},
        "small": {"min": "5000.00", "max": "12500.00", "rate": "50"},
        "medium": {"min": "5000.00", "max": "20000.00", "rate": "40"},
    },
    "project_months": 6,
    "proposal_days": 15,
    "info_answer_days": 10,
    "requires_stamp_duty": True,
    "service_code": "A.1",
    "reserve_envelope": "reserve-new-firms",
    "general_envelope": "manufacturing",
    "reserve_max_age_years": 5,
}


@dataclass(frozen=True)
class FundingRow:
    minimum: Decimal
    maximum: Decimal
    rate: Decimal


@dataclass(frozen=True)
class FundingResult:
    size_class: str
    planned_investment: Decimal
    eligible_investment: Decimal
    rate: Decimal
    grant: Decimal
    eligible: bool
    reasons: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "size_class": self.size_class,
            "planned_investment": str(self.planned_investment),
            "eligible_investment": str(self.eligible_investment),
            "funding_rate_percent": str(self.rate),
            "grant": str(self.grant),
            "eligible": self.eligible,
            "reasons": list(self.reasons),
        }


# A funded audit runs from its approval until Arezzo Innovazione has checked the final report
# (DESIGN.md section 2: letter of assignment, six months of implementation, final report).
# The call text we hold sets no limit of one audit at a time per company, so a second
# application is allowed; the applicant is warned of the running one (docs/journey.md).
GRANT_RUNNING = frozenset({"approved", "in_progress", "final_report"})


def grant_is_running(status: str) -> bool:
    """Whether an audit application in this status has a grant still running."""
    return status in GRANT_RUNNING


def funding_table(rules: Mapping) -> dict[str, FundingRow]:
    table = rules.get("funding_table") or DEFAULT_RULES["funding_table"]
    return {
        size: FundingRow(Decimal(row["min"]), Decimal(row["max"]), Decimal(row["rate"]))
        for size, row in table.items()
    }


def audit_funding(size_class: str, planned_investment: Decimal, rules: Mapping) -> FundingResult:
    """Eligible investment, rate and grant for a size class and a planned investment."""
    table = funding_table(rules)
    row = table.get(size_class)
    if row is None:
        return FundingResult(
            size_class,
            planned_investment,
            ZERO,
            ZERO,
            ZERO,
            False,
            (_("Only micro, small and medium enterprises can apply."),),
        )
    fmt = {
        "planned": format_eur(planned_investment),
        "min": format_eur(row.minimum),
        "max": format_eur(row.maximum),
        "rate": f"{row.rate.normalize():f}",
    }
    if planned_investment < row.minimum:
        return FundingResult(
            size_class,
            planned_investment,
            ZERO,
            row.rate,
            ZERO,
            False,
            (_("The investment of %(planned)s is below the minimum of %(min)s.") % fmt,),
        )
    reasons = []
    eligible = planned_investment
    if planned_investment > row.maximum:
        eligible = row.maximum
        reasons.append(
            _(
                "The investment of %(planned)s exceeds the maximum of %(max)s for this size "
                "class: %(max)s is eligible."
            )
            % fmt
        )
    else:
        reasons.append(
            _("The investment of %(planned)s is within %(min)s and %(max)s: all of it is eligible.")
            % fmt
        )
    grant = apply_rate(eligible, row.rate)
    reasons.append(
        _("Grant: %(rate)s%% of %(eligible)s = %(grant)s.")
        % {**fmt, "eligible": format_eur(eligible), "grant": format_eur(grant)}
    )
    return FundingResult(
        size_class, planned_investment, eligible, row.rate, grant, True, tuple(reasons)
    )


def rule_investment(result: FundingResult) -> RuleOutcome:
    return RuleOutcome(
        rule="investment",
        passed=result.eligible,
        message=" ".join(result.reasons),
        legal_reference="Bando audit Industria 4.0, art. 5 (spese ammissibili e intensità)",
        params=result.as_json(),
    )


def rule_ateco_manufacturing(ateco_code: str) -> RuleOutcome:
    passed = is_manufacturing(ateco_code)
    return RuleOutcome(
        rule="ateco_manufacturing",
        passed=passed,
        message=(
            _("Primary activity %(code)s is in manufacturing (ATECO section C).")
            if passed
            else _(
                "Primary activity %(code)s is not in manufacturing (ATECO section C): the "
                "call is for the manufacturing sector only."
            )
        )
        % {"code": ateco_code},
        legal_reference="Bando audit Industria 4.0, art. 3 (beneficiari: sezione C ATECO 2007)",
        params={"ateco_code": ateco_code},
    )


def rule_project_dates(
    start: dt.date | None, end: dt.date | None, submitted_on: dt.date, months: int
) -> RuleOutcome:
    """The project starts after the application and lasts at most `months` months."""
    params = {
        "start": start.isoformat() if start else "",
        "end": end.isoformat() if end else "",
        "months": months,
    }
    if start is None or end is None:
        passed, message = False, _("The planned start and end dates are missing.")
    elif start < submitted_on:
        passed, message = False, _("The project must start on or after the application date.")
    elif end < start:
        passed, message = False, _("The planned end is before the planned start.")
    elif end > add_months(start, months):
        passed = False
        message = _("The project lasts more than %(months)s months.") % params
    else:
        passed = True
        message = _("The project lasts at most %(months)s months, from %(start)s to %(end)s.") % (
            params
        )
    return RuleOutcome(
        rule="project_dates",
        passed=passed,
        message=message,
        legal_reference="Bando audit Industria 4.0: durata del progetto 6 mesi",
        params=params,
    )


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last_day = [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def grant_terms(rules: Mapping, size_class: str) -> GrantTerms:
    """What the audit's final grant is recomputed from: the size class's rate, maximum
    and minimum of the funding table (no row, a large firm: nothing is due)."""
    row = funding_table(rules).get(size_class)
    if row is None:
        return GrantTerms(rate_percent=ZERO, cost_cap=ZERO)
    return GrantTerms(rate_percent=row.rate, cost_cap=row.maximum, minimum_cost=row.minimum)


def final_grant(
    rules: Mapping, size_class: str, approved_grant: Decimal, paid_costs: Decimal
) -> Decimal:
    """The grant recomputed on eligible costs actually paid; never above the approved one
    (the shared rule, funding/aftercare/rules.py)."""
    terms = grant_terms(rules, size_class)
    return grant_on_paid(terms=terms, approved=approved_grant, paid=paid_costs)[0]


def uses_reserve(is_startup: bool, founded_on: dt.date, on: dt.date, rules: Mapping) -> bool:
    """New firms and innovative start-ups draw on the 10 % reserve first."""
    max_age = int(rules.get("reserve_max_age_years", DEFAULT_RULES["reserve_max_age_years"]))
    return is_startup or founded_on > add_months(on, -12 * max_age)


# The letter of assignment gives the provider 15 days from the letter to draft the audit
# proposal (its first clause, templates/audits/pdf/letter.html). The letter is dated the
# day of the approval that issues it (Application.approved_at), so it prints the same
# date and deadline however many times it is downloaded.
PROPOSAL_DAYS = 15


def proposal_due(letter_on: dt.date) -> dt.date:
    """The last day for the provider's audit proposal, for a letter dated `letter_on`."""
    return letter_on + dt.timedelta(days=PROPOSAL_DAYS)
