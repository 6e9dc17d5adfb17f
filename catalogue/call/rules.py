"""Rules of the innovation-services call, as pure functions over the call's rules data.

Call "Support for the purchase of innovation services" (from 2018-12-17; DESIGN.md,
section 2): 4,600,000 EUR in two sector envelopes (2,000,000 manufacturing, 2,600,000
tourism, commerce and tertiary) and two year envelopes (4,040,000 in 2019, 560,000 in
2020). An SME buys one or more services of the catalogue edition in force, each from a
provider of its choice.

Decisions (documented here because the public sources leave them open):
- Project cost: the sum of the requested costs of every service, VAT excluded, must be
  within 15,000 and 100,000 EUR (public call text). Below or above, not eligible.
- Each service: a cost below the service's minimum eligible cost is not eligible (the
  catalogue sets a floor for a service to be worth doing); a cost above its maximum is
  eligible up to the maximum ("capped"), as in the audit call.
- Aid per service = intensity for the firm's size class x eligible cost, rounded down to
  the cent (trinno_portal.lib.money.apply_rate); the grant is the sum over services. A
  service whose intensity for the size class is missing or zero gives no aid to that size
  class: not eligible.
- Sector (sector_of): ATECO section C is manufacturing; sections G to N (trade, transport,
  accommodation and food, information and communication, finance, real estate,
  professional and support services) and R, S (arts and entertainment, other services)
  are "tourism, commerce and tertiary". Other sections (A agriculture, B mining, D-E
  utilities, F construction, O public administration, P education, Q health, T, U) are
  not eligible.
- Year envelope (year_envelope_pick): money is committed in the year of the approval (the
  year's appropriation pays the decision). If that year has no envelope or it is short,
  the latest earlier year with enough money pays (unspent appropriations carry forward);
  an approval before the first year draws on the first one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from trinno_portal.accounts.rules import ateco_division, is_manufacturing
from trinno_portal.funding.rules import RuleOutcome
from trinno_portal.lib.money import ZERO, apply_rate, format_eur

MANUFACTURING = "manufacturing"
TERTIARY = "tertiary"

# The default rules of the call, as stored in Call.rules by fixtures/calls_catalogue.json.
DEFAULT_RULES: dict = {
    "min_project_cost": "15000.00",
    "max_project_cost": "100000.00",
    "sector_envelopes": {MANUFACTURING: "manufacturing", TERTIARY: "tertiary"},
    "year_envelopes": {"2019": "y2019", "2020": "y2020"},
    "info_answer_days": 10,
}

# ATECO 2007 divisions of the sections accepted as "tourism, commerce and tertiary":
# G 45-47, H 49-53, I 55-56, J 58-63, K 64-66, L 68, M 69-75, N 77-82, R 90-93, S 94-96.
# (The division numbers are the same in ATECO 2025, whose letters shift after J.)
TERTIARY_DIVISIONS: frozenset[int] = frozenset(
    [*range(45, 48), *range(49, 54), 55, 56, *range(58, 67), 68, *range(69, 76)]
    + [*range(77, 83), *range(90, 97)]
)


def sector_of(ateco_code: str) -> str | None:
    """The call's sector of a primary ATECO activity, or None if the call excludes it."""
    if is_manufacturing(ateco_code):
        return MANUFACTURING
    division = ateco_division(ateco_code)
    if division is not None and division in TERTIARY_DIVISIONS:
        return TERTIARY
    return None


def sector_label(sector: str | None) -> str:
    return {
        MANUFACTURING: _("manufacturing"),
        TERTIARY: _("tourism, commerce and tertiary"),
    }.get(sector or "", _("no sector of the call"))


def rule_sector(ateco_code: str) -> RuleOutcome:
    sector = sector_of(ateco_code)
    params = {"code": ateco_code, "sector": sector or ""}
    fmt = {"code": ateco_code, "sector": sector_label(sector)}
    return RuleOutcome(
        rule="sector",
        passed=sector is not None,
        message=(
            _("Primary activity %(code)s belongs to the %(sector)s sector of the call.") % fmt
            if sector
            else _(
                "Primary activity %(code)s is in none of the call's sectors: only "
                "manufacturing (ATECO section C) and tourism, commerce and tertiary "
                "(sections G to N, R and S) can apply."
            )
            % fmt
        ),
        legal_reference="Bando servizi per l'innovazione, beneficiari: settori ATECO ammessi",
        params=params,
    )


# --- Funding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceLine:
    """One requested service, with the limits and intensity of its catalogue edition."""

    code: str
    cost: Decimal
    min_cost: Decimal
    max_cost: Decimal
    intensity: Decimal | None
    is_digital: bool = False


@dataclass(frozen=True)
class LineResult:
    code: str
    cost: Decimal
    eligible_cost: Decimal
    intensity: Decimal
    aid: Decimal
    eligible: bool
    reason: str


@dataclass(frozen=True)
class CatalogueFunding:
    lines: tuple[LineResult, ...]
    total_cost: Decimal
    eligible_cost: Decimal
    grant: Decimal
    digital_amount: Decimal
    cost_ok: bool
    cost_reason: str

    @property
    def services_ok(self) -> bool:
        return bool(self.lines) and all(line.eligible for line in self.lines)

    @property
    def eligible(self) -> bool:
        return self.cost_ok and self.services_ok

    def as_json(self) -> dict:
        return {
            "total_cost": str(self.total_cost),
            "eligible_cost": str(self.eligible_cost),
            "grant": str(self.grant),
            "digital_amount": str(self.digital_amount),
            "lines": [
                {
                    "code": line.code,
                    "cost": str(line.cost),
                    "eligible_cost": str(line.eligible_cost),
                    "intensity": str(line.intensity),
                    "aid": str(line.aid),
                    "eligible": line.eligible,
                }
                for line in self.lines
            ],
        }


def cost_limits(rules: Mapping) -> tuple[Decimal, Decimal]:
    return (
        Decimal(str(rules.get("min_project_cost", DEFAULT_RULES["min_project_cost"]))),
        Decimal(str(rules.get("max_project_cost", DEFAULT_RULES["max_project_cost"]))),
    )


def line_funding(line: ServiceLine, size_label: str) -> LineResult:
    """Eligible cost and aid of one service for a size class."""
    fmt = {
        "code": line.code,
        "cost": format_eur(line.cost),
        "min": format_eur(line.min_cost),
        "max": format_eur(line.max_cost),
        "size": size_label,
    }
    if line.intensity is None or line.intensity <= 0:
        reason = _("Service %(code)s gives no aid to a %(size)s.") % fmt
        return LineResult(line.code, line.cost, ZERO, ZERO, ZERO, False, reason)
    if line.cost < line.min_cost:
        reason = _("Service %(code)s: the cost of %(cost)s is below its minimum of %(min)s.") % fmt
        return LineResult(line.code, line.cost, ZERO, line.intensity, ZERO, False, reason)
    eligible = min(line.cost, line.max_cost)
    aid = apply_rate(eligible, line.intensity)
    fmt.update(
        {
            "eligible": format_eur(eligible),
            "rate": f"{line.intensity.normalize():f}",
            "aid": format_eur(aid),
        }
    )
    if line.cost > line.max_cost:
        reason = (
            _(
                "Service %(code)s: the cost of %(cost)s exceeds its maximum of %(max)s; "
                "aid %(rate)s%% of %(eligible)s = %(aid)s."
            )
            % fmt
        )
    else:
        reason = _("Service %(code)s: aid %(rate)s%% of %(eligible)s = %(aid)s.") % fmt
    return LineResult(line.code, line.cost, eligible, line.intensity, aid, True, reason)


def catalogue_funding(
    lines: Sequence[ServiceLine], size_label: str, rules: Mapping
) -> CatalogueFunding:
    """Project cost, eligible cost, grant and digital amount of a set of services."""
    minimum, maximum = cost_limits(rules)
    results = tuple(line_funding(line, size_label) for line in lines)
    total = sum((line.cost for line in lines), ZERO)
    digital = sum((line.cost for line in lines if line.is_digital), ZERO)
    fmt = {"total": format_eur(total), "min": format_eur(minimum), "max": format_eur(maximum)}
    if not lines:
        cost_ok, reason = False, _("No service was requested.")
    elif total < minimum:
        cost_ok = False
        reason = _("The project cost of %(total)s is below the minimum of %(min)s.") % fmt
    elif total > maximum:
        cost_ok = False
        reason = _("The project cost of %(total)s is above the maximum of %(max)s.") % fmt
    else:
        cost_ok = True
        reason = _("The project cost of %(total)s is within %(min)s and %(max)s.") % fmt
    return CatalogueFunding(
        lines=results,
        total_cost=total,
        eligible_cost=sum((r.eligible_cost for r in results), ZERO),
        grant=sum((r.aid for r in results), ZERO),
        digital_amount=digital,
        cost_ok=cost_ok,
        cost_reason=reason,
    )


def rule_project_cost(funding: CatalogueFunding) -> RuleOutcome:
    return RuleOutcome(
        rule="project_cost",
        passed=funding.cost_ok,
        message=funding.cost_reason,
        legal_reference="Bando servizi per l'innovazione: costo del progetto tra 15.000 e "
        "100.000 euro",
        params={"total_cost": str(funding.total_cost)},
    )


def rule_services(funding: CatalogueFunding) -> RuleOutcome:
    message = " ".join(line.reason for line in funding.lines) or _("No service was requested.")
    if funding.services_ok:
        message += " " + _("Grant: %(grant)s.") % {"grant": format_eur(funding.grant)}
    return RuleOutcome(
        rule="services",
        passed=funding.services_ok,
        message=message,
        legal_reference="Catalogo dei servizi avanzati e qualificati: costi ammissibili e "
        "intensità di aiuto per dimensione d'impresa",
        params=funding.as_json(),
    )


# --- Envelopes -------------------------------------------------------------------------


@dataclass(frozen=True)
class YearEnvelope:
    year: int
    code: str
    available: Decimal


def year_envelopes(rules: Mapping) -> dict[int, str]:
    mapping = rules.get("year_envelopes") or DEFAULT_RULES["year_envelopes"]
    return {int(year): code for year, code in mapping.items()}


def year_envelope_pick(year: int, envelopes: Sequence[YearEnvelope], grant: Decimal) -> str | None:
    """The code of the year envelope an approval in `year` draws on (see module doc)."""
    ordered = sorted(envelopes, key=lambda e: e.year)
    if not ordered:
        return None
    if year < ordered[0].year:
        return ordered[0].code
    at_or_before = [e for e in ordered if e.year <= year]
    exact = [e for e in at_or_before if e.year == year]
    if exact and exact[0].available >= grant:
        return exact[0].code
    with_money = [e for e in at_or_before if e.available >= grant]
    if with_money:
        return with_money[-1].code
    # None can pay: the year's own envelope (or the last one) is named as the one short.
    return (exact or at_or_before)[-1].code
