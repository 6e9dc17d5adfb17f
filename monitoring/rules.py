"""Pure rules of the monitoring: periods, attainment of targets, progress of the plan.

No database here: the selectors compute the values, these functions judge them.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from audits.call.scheme import AUDIT
from catalogue.call.scheme import CATALOGUE
from trinno_portal.accounts.geography import AREZZO, TUSCAN_PROVINCES
from vouchers.call.scheme import VOUCHER

# The schemes' codes, from the schemes themselves (the columns of the status table).
SCHEME_CODES = tuple(str(scheme.code) for scheme in (AUDIT, CATALOGUE, VOUCHER))

# Phase 2 of the TRINNO action plan starts in April 2019 (seed, "Activities planned for
# phase 2"): indicators count from then unless a report asks for another period.
PLAN_START = dt.date(2019, 4, 1)
ONE_DECIMAL = Decimal("0.1")


def period_bounds(start: dt.date, end: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The aware instants [start 00:00, day after end 00:00) in `tz`: a date range is
    inclusive of both days as people read it, and a half-open interval in the database
    so that no instant of the last day is lost and none is counted twice."""
    if end < start:
        raise ValueError("the period ends before it starts")
    lower = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return lower, upper


def period_errors(start: dt.date | None, end: dt.date | None, today: dt.date) -> list[str]:
    """Codes of what is wrong with a requested period (the form translates them)."""
    errors = []
    if start is None or end is None:
        return ["missing"]
    if end < start:
        errors.append("end_before_start")
    if end > today:
        errors.append("end_in_future")
    return errors


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month before `today`'s."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def attainment_percent(value: Decimal, target: Decimal) -> Decimal:
    """value / target as a percentage with one decimal (half up), not capped: a plan that
    exceeds its target shows by how much. A zero target is attained by anything."""
    if target <= 0:
        return Decimal("100.0")
    return (value * 100 / target).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def activity_progress(progresses: Sequence[int]) -> int:
    """An activity's progress: the mean of its sub-activities', rounded down so that an
    activity never reads 100 % while a sub-activity is unfinished."""
    if not progresses:
        return 0
    mean = Decimal(sum(progresses)) / len(progresses)
    return int(mean.to_integral_value(rounding=ROUND_DOWN))


def subactivity_is_late(
    *, planned_end: dt.date, progress: int, status: str, today: dt.date
) -> bool:
    """Past its planned end and neither completed nor cancelled."""
    return today > planned_end and progress < 100 and status not in ("done", "cancelled")


def expected_progress(*, planned_start: dt.date, planned_end: dt.date, today: dt.date) -> int:
    """Where a sub-activity should be today if work were spread evenly over its dates."""
    if today < planned_start:
        return 0
    if today >= planned_end:
        return 100
    span = (planned_end - planned_start).days + 1
    done = (today - planned_start).days + 1
    return int(Decimal(done * 100) / span)


def report_filename(*, data_date: dt.date, language: str, report_id: int, ext: str) -> str:
    return f"trinno-monitoraggio-{data_date:%Y%m%d}-{language}-{report_id}.{ext}"


def tables_by_status_and_province(
    groups: Sequence[dict], *, committed: frozenset[str] | set[str]
) -> tuple[list[dict], list[dict]]:
    """The two tables of applications from counts grouped by (status, province), each
    group with total, audit, catalogue and voucher: by status (with Tuscany and Arezzo,
    in the order the groups come in) and by province (with the committed ones, most
    first, then by code)."""
    by_status: dict[str, dict] = {}
    by_province: dict[str, dict] = {}
    for group in groups:
        status, province, total = group["status"], group["province"], group["total"]
        row = by_status.setdefault(
            status,
            {"status": status, "total": 0, "tuscany": 0, "arezzo": 0}
            | {scheme: 0 for scheme in SCHEME_CODES},
        )
        row["total"] += total
        row["tuscany"] += total if province in TUSCAN_PROVINCES else 0
        row["arezzo"] += total if province == AREZZO else 0
        for scheme in SCHEME_CODES:
            row[scheme] += group[scheme]
        place = by_province.setdefault(province, {"province": province, "total": 0, "committed": 0})
        place["total"] += total
        place["committed"] += total if status in committed else 0
    provinces = sorted(by_province.values(), key=lambda row: (-row["total"], row["province"]))
    return list(by_status.values()), provinces


# --- Money of the supported operations, and the calls' envelopes -----------------------

# Tuscan supply chains (filiere) as ATECO 2007 divisions group them: the grouping is
# ours (docs/monitoring.md, "Reports"), made so that the district economies of the
# region read apart (fashion; jewellery, ATECO 32, the Arezzo gold district; mechanics).
SUPPLY_CHAINS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("agrifood", ("01", "02", "03", "10", "11", "12")),
    ("fashion", ("13", "14", "15")),
    ("wood_paper_furniture", ("16", "17", "18", "31")),
    ("chemicals_materials", ("19", "20", "21", "22", "23")),
    ("mechanics", ("24", "25", "28", "29", "30", "33")),
    ("electronics", ("26", "27")),
    ("jewellery_other_manufacturing", ("32",)),
    ("construction", ("41", "42", "43")),
    ("commerce", ("45", "46", "47")),
    ("tourism", ("55", "56", "79")),
    ("ict", ("58", "59", "60", "61", "62", "63")),
)
_CHAIN_OF = {division: chain for chain, divisions in SUPPLY_CHAINS for division in divisions}
OTHER_SERVICES = "other_services"
INDIVIDUALS = "individuals"


def supply_chain(division: str | None) -> str:
    """The supply chain of an ATECO division (two digits); individuals have none."""
    if not division:
        return INDIVIDUALS
    return _CHAIN_OF.get(division[:2], OTHER_SERVICES)


MONEY_SUMS = ("operations", "eligible", "granted", "paid")


def money_tables(groups: Sequence[dict]) -> dict[str, list[dict]]:
    """The grouped sums of supported_money_groups folded four ways (by status, province,
    size class, supply chain), each table with its rows in a stable order (most granted
    first, then by key) and every table adding up to the same total."""
    tables: dict[str, dict[str, dict]] = {
        "status": {},
        "province": {},
        "size_class": {},
        "supply_chain": {},
    }
    for group in groups:
        keys = {
            "status": group["status"],
            "province": group["province"] or "",
            "size_class": group["size_class"] or INDIVIDUALS,
            "supply_chain": supply_chain(group["division"]),
        }
        for table, key in keys.items():
            row = tables[table].setdefault(
                key, {"key": key} | {name: Decimal(0) for name in MONEY_SUMS}
            )
            for name in MONEY_SUMS:
                row[name] += Decimal(str(group[name]))
    return {
        table: sorted(rows.values(), key=lambda row: (-row["granted"], row["key"]))
        for table, rows in tables.items()
    }


def envelope_breakdowns(envelopes: Sequence[dict]) -> list[list[dict]]:
    """A call's envelopes as the breakdowns of its one total they are: the year envelopes
    are one breakdown, the sector envelopes and the reserve another; a general envelope
    is the whole budget, not a part of it. Each breakdown adds up to the call's total
    (the innovation-services call: 2.0 M + 2.6 M by sector and 4.04 M + 0.56 M by year,
    both 4.6 M), so no figure is ever summed twice."""
    groups: dict[str, list[dict]] = {}
    for envelope in envelopes:
        kind = envelope["kind"]
        if kind == "general":
            continue
        groups.setdefault("year" if kind == "year" else "sector", []).append(envelope)
    return [groups[key] for key in ("sector", "year") if key in groups]


# --- The list of operations (Reg. (EU) 2021/1060 art. 49(3)) ---------------------------

# The EU share of the programmes' funding: POR FESR Toscana 2014-2020 and POR FSE Toscana
# 2014-2020 are co-financed at 50 % by the EU (the rest national and regional).
EU_COFINANCING_RATE: dict[str, Decimal] = {
    "audit": Decimal("50.00"),
    "catalogue": Decimal("50.00"),
    "voucher": Decimal("50.00"),
}
# Category of intervention (Reg. (EU) 215/2014, Annex I): ERDF field 066 for the
# audit and the innovation services, ESF code 106 (adaptation of workers, enterprises and
# entrepreneurs to change) for the training vouchers. Data, in Italian.
INTERVENTION_CATEGORIES: dict[str, tuple[str, str]] = {
    "audit": ("066", "Servizi avanzati di sostegno alle PMI e a gruppi di PMI"),
    "catalogue": ("066", "Servizi avanzati di sostegno alle PMI e a gruppi di PMI"),
    "voucher": ("106", "Adattamento di lavoratori, imprese e imprenditori ai cambiamenti"),
}
OPERATION_PURPOSES: dict[str, str] = {
    "audit": "Acquisto dell'audit tecnologico Industria 4.0 da parte di una PMI manifatturiera",
    "catalogue": "Acquisto di servizi qualificati per l'innovazione dal catalogo regionale",
    "voucher": "Voucher formativo individuale per un corso Industria 4.0 accreditato",
}
