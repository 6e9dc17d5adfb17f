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
