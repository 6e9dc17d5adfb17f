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
    Aggregate,
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from audits.selfassessment.models import AdvancedAssessment, Assessment
from trinno_portal.accounts.geography import AREZZO, TUSCAN_PROVINCES
from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.accounts.roles import Role
from trinno_portal.funding import indicator_flags as flags
from trinno_portal.funding.models import Application, Call, Envelope, Scheme
from trinno_portal.funding.payments.models import Payment
from trinno_portal.funding.workflow import COMMITTED_STATES, Status

from . import rules
from .models import (
    Activity,
    Indicator,
    IndicatorSnapshot,
    Measure,
    Player,
    Report,
    Risk,
    Scope,
    SubActivity,
)
from .outreach import indicator as outreach

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


# Each measure counted from the bits of Application.indicator_flags, by scope.
_SCOPE_BITS = {Scope.TUSCANY: flags.TUSCANY, Scope.AREZZO: flags.AREZZO_SCOPE}
_ENTERPRISE_KINDS = {
    Measure.ENTERPRISES_SUPPORTED: flags.ANY,
    Measure.AUDIT_ENTERPRISES: flags.AUDIT,
    Measure.CATALOGUE_DIGITAL_ENTERPRISES: flags.CATALOGUE_DIGITAL,
}


class BitOr(Aggregate):
    """The OR of the bits of a group (PostgreSQL's BIT_OR; registered on SQLite by
    trinno_portal.lib.sqlite)."""

    function = "BIT_OR"
    output_field = IntegerField()


BIT_OR_SQL = "BIT_OR"


def _union_all(parts: list[tuple[str, tuple]]) -> str:
    """The ORM's own SQL of grouped parts, one after the other (columns by position)."""
    return " UNION ALL ".join(
        f"SELECT * FROM ({sql}) p{i}"  # noqa: S608 (the ORM's SQL, values are parameters)
        for i, (sql, _params) in enumerate(parts)
    )


def _seat_bits(prefix: str) -> Case:
    """The scope bits, as support of any kind, of the province at `prefix` (assessments:
    the enterprise's seat)."""
    return Case(
        When(_prefixed(SCOPES[Scope.AREZZO], prefix), then=Value(flags.bit(flags.ANY, 3))),
        When(_prefixed(SCOPES[Scope.TUSCANY], prefix), then=Value(flags.TUSCANY)),
        default=Value(0),
    )


def enterprise_measures(start: dt.date, end: dt.date) -> dict[tuple[str, str], Decimal]:
    """The enterprises supported (financially, or by a self-assessment completed in the
    period), those approved in the audit call and for digital services in the catalogue
    call, and the start-ups among the supported, for both scopes, in ONE query.

    The approved applications are grouped by enterprise with the OR of their flags (an
    enterprise counts in a scope if any of its applications does), straight from the
    index app_supported_enterprise, which is already in enterprise order: no sort and no
    COUNT(DISTINCT) of half a million rows. Assessments are grouped the same way and
    joined (FULL JOIN: an enterprise may have either or both); the start-ups are a small
    set (index ent_startup) looked up by hash, not a join with every enterprise; then one
    pass counts (0.45 s at a million applications, docs/performance.md).
    The ORM cannot join two grouped subqueries: the parts are its own SQL, every value
    a parameter; only the wrapper is written here."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    approved = (
        Application.objects.filter(_received(lower, upper), enterprise__isnull=False)
        .order_by()
        .values("enterprise_id")
        .annotate(bits=BitOr("indicator_flags"))
    )
    # Non-financial support: a completed self-assessment, an advanced assessment, a
    # participation in an event, advice (monitoring/outreach/indicator.py), each by the
    # enterprise's seat.
    supported = [
        Assessment.objects.filter(completed_at__gte=lower, completed_at__lt=upper)
        .order_by()
        .values("enterprise_id")
        .annotate(bits=BitOr(_seat_bits("enterprise__"))),
        # The advanced assessment staff make with the enterprise (audit path, step 2).
        AdvancedAssessment.objects.filter(assessed_on__gte=start, assessed_on__lte=end)
        .order_by()
        .values("enterprise_id")
        .annotate(bits=BitOr(_seat_bits("enterprise__"))),
        *(
            outreach.profiled(rows)
            .values("profile")
            .annotate(
                bits=BitOr(
                    Case(
                        When(enterprise__isnull=False, then=_seat_bits("enterprise__")),
                        default=_seat_bits(""),
                    )
                )
            )
            for rows in (outreach.attended(lower, upper), outreach.advised(lower, upper))
        ),
    ]
    # Enterprises known only by their Partita IVA, by the province they gave.
    by_vat = [
        outreach.unprofiled(rows).values("vat_number").annotate(bits=BitOr(_seat_bits("")))
        for rows in (outreach.attended(lower, upper), outreach.advised(lower, upper))
    ]
    counts = [
        f"SUM(CASE WHEN u.bits & {flags.bit(kind, scope_bit)} <> 0 THEN 1 ELSE 0 END)"
        for kind in _ENTERPRISE_KINDS.values()
        for scope_bit in _SCOPE_BITS.values()
    ]
    for scope_bit in _SCOPE_BITS.values():
        counts.append(
            f"SUM(CASE WHEN u.bits & {flags.bit(flags.ANY, scope_bit)} <> 0 "
            "AND e.id IS NOT NULL THEN 1 ELSE 0 END)"
        )
    startups = Enterprise.objects.filter(is_startup=True).order_by().values("id")
    approved_sql, approved_params = approved.query.sql_with_params()
    parts = [part.query.sql_with_params() for part in supported]
    supported_sql = _union_all(parts)
    vat_parts = [part.query.sql_with_params() for part in by_vat]
    vat_sql = _union_all(vat_parts)
    vat_counts = ", ".join(
        f"SUM(CASE WHEN w.bits & {flags.bit(flags.ANY, scope_bit)} <> 0 THEN 1 ELSE 0 END)"
        for scope_bit in _SCOPE_BITS.values()
    )
    startups_sql, startups_params = startups.query.sql_with_params()
    sql = (
        f"SELECT {', '.join(counts)}, ("  # noqa: S608 (no value is written here)
        f"SELECT {vat_counts.split(', ')[0]} FROM (SELECT vat_number, "
        f"{BIT_OR_SQL}(bits) AS bits FROM ({vat_sql}) x GROUP BY vat_number) w), ("
        f"SELECT {vat_counts.split(', ')[1]} FROM (SELECT vat_number, "
        f"{BIT_OR_SQL}(bits) AS bits FROM ({vat_sql}) x GROUP BY vat_number) w) FROM ("
        "SELECT COALESCE(a.enterprise_id, s.enterprise_id) AS enterprise_id, "
        "COALESCE(a.bits, 0) | COALESCE(s.bits, 0) AS bits "
        f"FROM ({approved_sql}) a FULL JOIN (SELECT enterprise_id, {BIT_OR_SQL}(bits) AS bits "
        f"FROM ({supported_sql}) x GROUP BY enterprise_id) s "
        "ON a.enterprise_id = s.enterprise_id"
        f") u LEFT JOIN ({startups_sql}) e ON e.id = u.enterprise_id"
    )
    vat_params = tuple(p for _sql, params in vat_parts for p in params)
    params = (
        *vat_params,
        *vat_params,
        *approved_params,
        *(p for _sql, part_params in parts for p in part_params),
        *startups_params,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    values = iter(Decimal(int(v or 0)) for v in row)
    out: dict[tuple[str, str], Decimal] = {}
    for measure in _ENTERPRISE_KINDS:
        for scope in _SCOPE_BITS:
            out[(measure, scope)] = next(values)
    for scope in _SCOPE_BITS:
        out[("startups", scope)] = next(values)
    for scope in _SCOPE_BITS:
        out[(Measure.ENTERPRISES_SUPPORTED, scope)] += next(values)
    return out


def _has(kind: int, scope_bit: int) -> GreaterThan:
    """The row's indicator_flags hold the bit of (kind, scope)."""
    return GreaterThan(F("indicator_flags").bitand(flags.bit(kind, scope_bit)), 0)


def voucher_persons(start: dt.date, end: dt.date) -> dict[tuple[str, str], Decimal]:
    """People approved for a voucher in the period, by scope (one query: a few tens of
    thousands of rows at the region's size)."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    # Only vouchers have a person as applicant, and their flags say so: no scheme test,
    # so that the index app_supported_person answers alone.
    rows = Application.objects.filter(_received(lower, upper), person__isnull=False)
    result = rows.aggregate(
        **{
            str(scope): Count("person", distinct=True, filter=Q(_has(flags.VOUCHER, scope_bit)))
            for scope, scope_bit in _SCOPE_BITS.items()
        }
    )
    return {
        (Measure.VOUCHER_PERSONS, scope): Decimal(int(result[str(scope)])) for scope in _SCOPE_BITS
    }


def digital_requested(start: dt.date, end: dt.date) -> dict[tuple[str, str], Decimal]:
    """Euros requested for digital services in the catalogue call by the applications
    submitted in the period, by scope (one query, from the index app_digital_requested)."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    rows = Application.objects.filter(
        scheme=Scheme.CATALOGUE,
        digital_amount__gt=0,
        submitted_at__gte=lower,
        submitted_at__lt=upper,
    )
    result = rows.aggregate(
        **{
            str(scope): Coalesce(
                Sum("digital_amount", filter=Q(_has(flags.CATALOGUE_DIGITAL, scope_bit))),
                Value(ZERO),
                output_field=MONEY,
            )
            for scope, scope_bit in _SCOPE_BITS.items()
        }
    )
    # SQLite may hand back a float-ish text for a SUM of decimals: quantize gives the
    # exact cents either way.
    return {
        (Measure.CATALOGUE_DIGITAL_REQUESTED, scope): Decimal(str(result[str(scope)])).quantize(
            CENT
        )
        for scope in _SCOPE_BITS
    }


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
    """Every measure for both scopes: three queries in all, whatever the data."""
    return (
        enterprise_measures(start, end)
        | voucher_persons(start, end)
        | digital_requested(start, end)
    )


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


def applications_tables() -> tuple[list[dict], list[dict]]:
    """Submitted applications (drafts are the applicants' business, not the plan's)
    counted by status, Tuscany beside Arezzo and by scheme; and by province, most
    first, with those committed. One query grouped by (status, province), read in the
    order of the index app_status_province_sub (a million rows counted in one pass, no
    sort); both tables are sums of its few hundred rows."""
    groups = list(
        Application.objects.exclude(status=Status.DRAFT)
        .values("status", "province")
        .annotate(
            total=Count("pk"),
            audit=Count("pk", filter=Q(scheme=Scheme.AUDIT)),
            catalogue=Count("pk", filter=Q(scheme=Scheme.CATALOGUE)),
            voucher=Count("pk", filter=Q(scheme=Scheme.VOUCHER)),
        )
        .order_by("status", "province")
    )
    by_status, by_province = rules.tables_by_status_and_province(groups, committed=COMMITTED_STATES)
    order = {value: i for i, value in enumerate(Status.values)}
    labels = dict(Status.choices)
    for row in by_status:
        row["label"] = labels.get(row["status"], row["status"])
    by_status.sort(key=lambda row: order.get(row["status"], 99))
    return by_status, by_province


# --- Supported operations (XLSX and open data) ----------------------------------------

# The grant of an operation: the final grant once the final report set it (it may be
# lower than the grant at approval: costs actually paid), the grant at approval before.
# The report's money tables and every row of the XLSX read this one expression, so that
# the rows add up to the tables.
_GRANTED = Coalesce("final_grant", "grant_amount", output_field=MONEY)
# Paid to the beneficiary: the payments recorded against the operation's payment orders
# (funding/payments: every scheme, the voucher's balance on the hours included). An
# operation with none has NULL, and the report says so.
_PAID = Subquery(
    Payment.objects.filter(order__claim__application=OuterRef("pk"))
    .values("order__claim__application")
    .annotate(total=Sum("amount"))
    .values("total"),
    output_field=MONEY,
)


def supported_money_groups(start: dt.date, end: dt.date) -> list[dict]:
    """The operations that received support in the period, counted and summed (eligible
    cost, grant as _GRANTED, amount paid) by status, province, size class and ATECO
    division: ONE grouped query, a few hundred rows whatever the number of applications;
    monitoring.rules.money_tables folds them into the report's four tables."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    return list(
        Application.objects.filter(_received(lower, upper))
        .annotate(division=Substr("enterprise__ateco_code", 1, 2))
        .values("status", "province", "size_class", "division")
        .annotate(
            operations=Count("pk"),
            eligible=Coalesce(Sum("eligible_cost"), Value(ZERO), output_field=MONEY),
            granted=Coalesce(Sum(_GRANTED), Value(ZERO), output_field=MONEY),
            paid=Coalesce(Sum(_PAID), Value(ZERO), output_field=MONEY),
        )
        .order_by("status", "province", "size_class", "division")
    )


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
            "cup",
            "size_class",
            granted=_GRANTED,
            paid=_PAID,
            call_code=F("call__code"),
            call_title=F("call__title"),
            enterprise_name=F("enterprise__legal_name"),
            enterprise_vat_number=F("enterprise__vat_number"),
            enterprise_is_startup=F("enterprise__is_startup"),
            enterprise_municipality=F("enterprise__municipality"),
            enterprise_ateco=F("enterprise__ateco_code"),
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


def players_list() -> list[Player]:
    return list(Player.objects.all())


def open_data_modified() -> dt.date | None:
    """The day of the latest approval: when the list of operations last changed (one
    query, the end of the index app_approved)."""
    latest = (
        Application.objects.filter(approved_at__isnull=False)
        .order_by("-approved_at")
        .values_list("approved_at", flat=True)
        .first()
    )
    return timezone.localdate(latest) if latest else None


def common_indicator_values(start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """The EU common indicators RCO01 (by size class), RCO02 and RCO04 over the period,
    in ONE query: the enterprises with an application that received support (grants:
    every scheme's support is a grant) or a self-assessment completed in the period
    (non-financial support, as the portal records it), each counted once by its codice
    fiscale, whatever the number of its applications or profiles."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    granted = Application.objects.filter(_received(lower, upper), enterprise__isnull=False).values(
        "enterprise_id"
    )
    assessed = Assessment.objects.filter(completed_at__gte=lower, completed_at__lt=upper).values(
        "enterprise_id"
    )
    supported = Enterprise.objects.filter(Q(id__in=granted) | Q(id__in=assessed))
    distinct = {"distinct": True}
    result = supported.aggregate(
        rco01=Count("tax_code", **distinct),
        rco01_micro=Count("tax_code", filter=Q(size_class="micro"), **distinct),
        rco01_small=Count("tax_code", filter=Q(size_class="small"), **distinct),
        rco01_medium=Count("tax_code", filter=Q(size_class="medium"), **distinct),
        rco01_large=Count("tax_code", filter=Q(size_class="large"), **distinct),
        rco02=Count("tax_code", filter=Q(id__in=granted), **distinct),
        rco04=Count("tax_code", filter=Q(id__in=assessed), **distinct),
    )
    return {key: Decimal(int(value or 0)) for key, value in result.items()}


def esf_participant_values(start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """ESF+ participants: the people approved for a voucher in the period, each counted
    once, by gender, age band, labour-market status and education as they gave them on
    the voucher form (vouchers.VoucherApplication), in ONE query."""
    lower, upper = rules.period_bounds(start, end, timezone.get_current_timezone())
    rows = Application.objects.filter(_received(lower, upper), person__isnull=False)

    def count(**where) -> Count:
        fields = {f"voucher__participant_{key}": value for key, value in where.items()}
        return Count("person", distinct=True, filter=Q(**fields))

    result = rows.aggregate(
        esf_participants=Count("person", distinct=True),
        esf_women=count(gender="female"),
        esf_men=count(gender="male"),
        esf_non_binary=count(gender="non_binary"),
        esf_under_30=count(age_band="under_30"),
        esf_over_54=count(age_band="over_54"),
        esf_employed=count(labour_status="employed"),
        esf_unemployed=Count(
            "person",
            distinct=True,
            filter=Q(voucher__participant_labour_status__in=["unemployed", "long_term_unemployed"]),
        ),
        esf_long_term_unemployed=count(labour_status="long_term_unemployed"),
        esf_inactive=count(labour_status="inactive"),
        esf_isced_0_2=count(isced="isced_0_2"),
        esf_isced_3_4=count(isced="isced_3_4"),
        esf_isced_5_8=count(isced="isced_5_8"),
    )
    return {key: Decimal(int(value or 0)) for key, value in result.items()}


def common_indicators_list() -> list:
    from .models import CommonIndicator

    return list(CommonIndicator.objects.all())
