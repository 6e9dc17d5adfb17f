"""Reads of the monitoring: the indicators computed from the applications, budgets,
the action plan, reports.

Every figure is aggregated in the database by conditional aggregation: all the
application-based measures in one query, the enterprises supported in a second one,
whatever the number of applications (asserted by tests/monitoring/test_selectors.py).
The definitions are in docs/monitoring.md; keep them in step.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from audits.models import Assessment
from trinno_portal.accounts.geography import AREZZO, TUSCAN_PROVINCES
from trinno_portal.accounts.models import User
from trinno_portal.accounts.roles import Role
from trinno_portal.funding.models import Application, Call, Envelope, Scheme
from trinno_portal.funding.workflow import COMMITTED_STATES, Status

from . import rules
from .models import (
    Activity,
    Indicator,
    IndicatorSnapshot,
    Measure,
    Report,
    Risk,
    Scope,
    SubActivity,
)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)

SCOPES: dict[str, Q] = {
    Scope.TUSCANY: Q(province__in=sorted(TUSCAN_PROVINCES)),
    Scope.AREZZO: Q(province=AREZZO),
}


def user_sees_monitoring(user: User) -> bool:
    """Region officials and Arezzo Innovazione staff (and superusers)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[Role.REGION_OFFICIAL, Role.AGENCY_STAFF]).exists()


def user_edits_plan(user: User) -> bool:
    """Only staff update the plan's progress and risks; officials read."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=Role.AGENCY_STAFF).exists()


# --- Indicators -----------------------------------------------------------------------


def _received(lower: dt.datetime, upper: dt.datetime) -> Q:
    """Approved or later, with the approval decided in [lower, upper)."""
    return Q(status__in=sorted(COMMITTED_STATES), approved_at__gte=lower, approved_at__lt=upper)


def application_measures(start: dt.date, end: dt.date) -> dict[tuple[str, str], Decimal]:
    """Every application-based measure for both scopes, in ONE query."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    received = _received(lower, upper)
    catalogue_digital = Q(scheme=Scheme.CATALOGUE, digital_amount__gt=0)
    requested = Q(submitted_at__gte=lower, submitted_at__lt=upper)
    aggregates = {}
    for scope, where in SCOPES.items():
        aggregates[f"{Measure.CATALOGUE_DIGITAL_ENTERPRISES}__{scope}"] = Count(
            "enterprise", distinct=True, filter=received & catalogue_digital & where
        )
        aggregates[f"{Measure.CATALOGUE_DIGITAL_REQUESTED}__{scope}"] = Coalesce(
            Sum("digital_amount", filter=requested & catalogue_digital & where),
            Value(ZERO),
            output_field=MONEY,
        )
        aggregates[f"{Measure.VOUCHER_PERSONS}__{scope}"] = Count(
            "person", distinct=True, filter=received & Q(scheme=Scheme.VOUCHER) & where
        )
        aggregates[f"{Measure.AUDIT_ENTERPRISES}__{scope}"] = Count(
            "enterprise", distinct=True, filter=received & Q(scheme=Scheme.AUDIT) & where
        )
    # Only rows that can count: committed ones, or catalogue requests submitted in range.
    rows = Application.objects.filter(received | (requested & Q(scheme=Scheme.CATALOGUE)))
    result = rows.aggregate(**aggregates)
    out: dict[tuple[str, str], Decimal] = {}
    for key, value in result.items():
        measure, scope = key.split("__")
        # Counts stay integers; euros keep their cents (SQLite may hand back a float-ish
        # text for a SUM of decimals: quantize gives the exact cents either way).
        if measure == Measure.CATALOGUE_DIGITAL_REQUESTED:
            out[(measure, scope)] = Decimal(str(value)).quantize(CENT)
        else:
            out[(measure, scope)] = Decimal(int(value))
    return out


def enterprises_supported(start: dt.date, end: dt.date) -> dict[tuple[str, str], Decimal]:
    """Distinct enterprises with financial support (a committed application decided in
    range, in any scheme, seat = the application's province snapshot) or non-financial
    support (a self-assessment completed in range, seat = the enterprise's province),
    in ONE query. Also the start-ups among them, for the report's detail.

    The query is a UNION ALL of (enterprise, scope, start-up) rows, one part per source
    and scope, counted DISTINCT per scope and start-up. Not `id IN (...) OR id IN (...)`
    per scope from the enterprises: once the subqueries' ids outgrow PostgreSQL's
    work_mem (a million applications) it searches them again for every enterprise, and
    the dashboard took over nine minutes (docs/performance.md)."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    parts = []
    for scope, where in SCOPES.items():
        tag = {"scope": Value(scope), "startup": F("enterprise__is_startup")}
        parts.append(
            Application.objects.filter(_received(lower, upper), where, enterprise__isnull=False)
            .order_by()
            .annotate(**tag)
            .values_list("enterprise_id", "scope", "startup")
        )
        parts.append(
            Assessment.objects.filter(
                _prefixed(where, "enterprise__"), completed_at__gte=lower, completed_at__lt=upper
            )
            .order_by()
            .annotate(**tag)
            .values_list("enterprise_id", "scope", "startup")
        )
    union = parts[0].union(*parts[1:], all=True)
    sql, params = union.query.sql_with_params()
    out: dict[tuple[str, str], Decimal] = {}
    for scope in SCOPES:
        out[(Measure.ENTERPRISES_SUPPORTED, scope)] = Decimal(0)
        out[("startups", scope)] = Decimal(0)
    with connection.cursor() as cursor:
        # The ORM cannot aggregate over a UNION: the parts above are its own SQL,
        # every value a parameter; only this wrapper is written here.
        cursor.execute(
            "SELECT u.scope, u.startup, COUNT(DISTINCT u.enterprise_id) "  # noqa: S608
            f"FROM ({sql}) u GROUP BY u.scope, u.startup",
            params,
        )
        for scope, startup, count in cursor.fetchall():
            out[(Measure.ENTERPRISES_SUPPORTED, scope)] += count
            if startup:
                out[("startups", scope)] += count
    return out


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition on a related model's fields (province -> enterprise__province)."""
    clone = Q(
        *(
            _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
            for child in q.children
        ),
        _connector=q.connector,
        _negated=q.negated,
    )
    return clone


def measures_compute(start: dt.date, end: dt.date) -> dict[tuple[str, str], Decimal]:
    """Every measure for both scopes: two queries in all."""
    return application_measures(start, end) | enterprises_supported(start, end)


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    value: Decimal
    attainment: Decimal

    @property
    def code(self) -> str:
        return self.indicator.code


def indicators_list() -> list[Indicator]:
    return list(Indicator.objects.all())


def indicator_values(
    start: dt.date, end: dt.date, *, indicators: list[Indicator] | None = None
) -> list[IndicatorValue]:
    """Each indicator with its value over [start, end] and its attainment of the target:
    three queries whatever the number of applications (indicators, and the two above)."""
    indicators = indicators_list() if indicators is None else indicators
    measures = measures_compute(start, end)
    out = []
    for indicator in indicators:
        value = measures[(indicator.measure, indicator.scope)]
        out.append(
            IndicatorValue(indicator, value, rules.attainment_percent(value, indicator.target))
        )
    return out


def snapshots_by_indicator(until: dt.date | None = None) -> dict[int, list[IndicatorSnapshot]]:
    """Every indicator's snapshots in date order (one query)."""
    qs = IndicatorSnapshot.objects.order_by("indicator_id", "taken_on")
    if until is not None:
        qs = qs.filter(taken_on__lte=until)
    out: dict[int, list[IndicatorSnapshot]] = {}
    for snapshot in qs:
        out.setdefault(snapshot.indicator_id, []).append(snapshot)
    return out


# --- Budgets and applications ---------------------------------------------------------


def calls_with_envelopes() -> list[Call]:
    return list(
        Call.objects.order_by("open_on", "code").prefetch_related(
            Prefetch("envelopes", queryset=Envelope.objects.order_by("id"))
        )
    )


def applications_by_status_and_province() -> list[dict]:
    """Submitted applications counted by status, Tuscany beside Arezzo, and by scheme
    (one query; drafts are the applicants' business, not the plan's)."""
    tuscany, arezzo = SCOPES[Scope.TUSCANY], SCOPES[Scope.AREZZO]
    rows = (
        Application.objects.exclude(status=Status.DRAFT)
        .values("status")
        .annotate(
            total=Count("pk"),
            tuscany=Count("pk", filter=tuscany),
            arezzo=Count("pk", filter=arezzo),
            audit=Count("pk", filter=Q(scheme=Scheme.AUDIT)),
            catalogue=Count("pk", filter=Q(scheme=Scheme.CATALOGUE)),
            voucher=Count("pk", filter=Q(scheme=Scheme.VOUCHER)),
        )
        .order_by()
    )
    order = {value: i for i, value in enumerate(Status.values)}
    labels = dict(Status.choices)
    result = [dict(row, label=labels.get(row["status"], row["status"])) for row in rows]
    return sorted(result, key=lambda row: order.get(row["status"], 99))


def applications_by_province() -> list[dict]:
    """Submitted applications per province (one query), most first."""
    return list(
        Application.objects.exclude(status=Status.DRAFT)
        .values("province")
        .annotate(
            total=Count("pk"),
            committed=Count("pk", filter=Q(status__in=sorted(COMMITTED_STATES))),
        )
        .order_by("-total", "province")
    )


# --- Supported operations (XLSX and open data) ----------------------------------------


def supported_operations(start: dt.date, end: dt.date) -> QuerySet:
    """Applications that received support in the period, with what the open data shows,
    one dict per application in order of approval (there may be hundreds of thousands:
    plain rows cost a fraction of three model instances each)."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    return (
        Application.objects.filter(_received(lower, upper))
        .order_by("approved_at", "id")
        .values(
            "id",
            "protocol_number",
            "scheme",
            "province",
            "status",
            "submitted_at",
            "approved_at",
            "total_cost",
            "eligible_cost",
            "grant_amount",
            "final_grant",
            "digital_amount",
            "enterprise_id",
            call_code=F("call__code"),
            call_title=F("call__title"),
            enterprise_name=F("enterprise__legal_name"),
            enterprise_vat_number=F("enterprise__vat_number"),
            enterprise_is_startup=F("enterprise__is_startup"),
            person_first_name=F("person__first_name"),
            person_last_name=F("person__last_name"),
        )
    )


# --- The action plan ------------------------------------------------------------------


def activities_with_subactivities() -> list[Activity]:
    return list(
        Activity.objects.prefetch_related(
            Prefetch("subactivities", queryset=SubActivity.objects.order_by("position", "code")),
            "players",
        )
    )


def risks_list() -> list[Risk]:
    return list(Risk.objects.select_related("activity"))


# --- Reports --------------------------------------------------------------------------


def reports_recent(limit: int = 20) -> list[Report]:
    return list(Report.objects.select_related("requested_by")[:limit])


def report_get(pk: int) -> Report:
    return Report.objects.get(pk=pk)
