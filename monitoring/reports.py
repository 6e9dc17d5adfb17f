"""The monitoring figures of a period (`ReportData`, which the dashboard shows and from
which the report's stored content is made: monitoring/report_content.py), the supported
operations read as a stream, and the open-data export of them (CSV and JSON, schema in
docs/monitoring.md)."""

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.geography import TUSCAN_NUTS3
from trinno_portal.funding.models import Call
from trinno_portal.lib.charts import bar_chart_svg
from trinno_portal.lib.charts_trend import trend_chart_svg
from trinno_portal.lib.spreadsheets import csv_chunks
from vouchers.call.scheme import VOUCHER

from . import rules, selectors
from .models import Activity, Indicator, Measure, Risk, Scope, Unit


@dataclass
class TrendPoint:
    on: dt.date
    value: Decimal


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Decimal
    attainment: Decimal
    trend: list[TrendPoint] = field(default_factory=list)
    chart_svg: str = ""

    @property
    def is_money(self) -> bool:
        return self.indicator.unit == Unit.EUR


@dataclass
class ReportData:
    start: dt.date
    end: dt.date
    generated_at: dt.datetime
    indicators: list[IndicatorRow]
    startups: dict[str, Decimal]
    activities: list[Activity]
    risks: list[Risk]
    calls: list[Call]
    by_status: list[dict]
    by_province: list[dict]
    measures: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    comparison_svg: str = ""
    budget_svg: str = ""

    def figures(self) -> dict[str, str]:
        """code -> value as text: what the Report record keeps of the numbers it printed."""
        return {row.indicator.code: str(row.value) for row in self.indicators}


def _trend(
    indicator: Indicator, snapshots: list, end: dt.date, current: Decimal
) -> list[TrendPoint]:
    points = [TrendPoint(s.period_end, s.value) for s in snapshots if s.period_end <= end]
    # The report's own value closes the line, so the chart ends where the table does.
    if not points or points[-1].on != end:
        points.append(TrendPoint(end, current))
    return points[-24:]


def indicator_chart(row: IndicatorRow) -> str:
    """The trend of one indicator against its target (the same SVG in page and PDF)."""
    label = _("trend against target")
    return trend_chart_svg(
        [p.on for p in row.trend],
        {row.indicator.get_scope_display(): [p.value for p in row.trend]},
        title=f"{row.indicator.code.upper()} · {label}",
        target=row.indicator.target,
        target_label=_("Target"),
        unit=" EUR" if row.is_money else "",
    )


def comparison_chart(rows: list[IndicatorRow]) -> str:
    """Attainment of every indicator's target (%), Tuscany beside Arezzo."""
    labels = [f"{row.indicator.code.upper()} ({row.indicator.get_scope_display()})" for row in rows]
    values = [row.attainment for row in rows]
    top = max([Decimal(100), *values])
    return bar_chart_svg(
        labels,
        values,
        title=_("Attainment of targets (%)"),
        max_value=top,
        unit=" %",
    )


def _operation_row(row: dict[str, Any]) -> dict[str, Any]:
    is_enterprise = row["enterprise_id"] is not None
    return {
        "id": row["id"],
        "protocol_number": row["protocol_number"] or "",
        "beneficiary": row["enterprise_name"]
        if is_enterprise
        else f"{row['person_first_name']} {row['person_last_name']}",
        "beneficiary_vat_number": row["enterprise_vat_number"] if is_enterprise else "",
        "beneficiary_type": "enterprise" if is_enterprise else "person",
        "is_startup": bool(is_enterprise and row["enterprise_is_startup"]),
        "call_code": row["call_code"],
        "call_title": row["call_title"],
        "scheme": row["scheme"],
        "fund": "FSE" if row["scheme"] == VOUCHER.code else "FESR",
        "province": row["province"],
        "status": row["status"],
        "submitted_on": timezone.localdate(row["submitted_at"]) if row["submitted_at"] else None,
        "decided_on": timezone.localdate(row["approved_at"]),
        "total_cost": row["total_cost"],
        "eligible_cost": row["eligible_cost"],
        "grant_amount": row["grant_amount"],
        "final_grant": row["final_grant"],
        "digital_amount": row["digital_amount"],
        "cup": row["cup"],
        "granted": row["granted"],
        "paid": row["paid"],
        "size_class": row["size_class"],
        "municipality": row["enterprise_municipality"] or "",
        "ateco_code": row["enterprise_ateco"] or "",
    } | _list_of_operations(row, is_enterprise)


def _list_of_operations(row: dict[str, Any], is_enterprise: bool) -> dict[str, Any]:
    """The fields of the list of operations (Reg. (EU) 2021/1060 art. 49(3) and Annex
    XVII), named as OpenCoesione names them where it has the field (docs/monitoring.md)."""
    scheme = row["scheme"]
    category_code, category = rules.INTERVENTION_CATEGORIES[scheme]
    decided = timezone.localdate(row["approved_at"])
    return {
        "COD_LOCALE_PROGETTO": row["protocol_number"] or "",
        "CUP": row["cup"] or "",
        "OC_TITOLO_PROGETTO": f"{row['call_title']} ({row['protocol_number'] or ''})",
        "OC_SINTESI_PROGETTO": rules.OPERATION_PURPOSES[scheme],
        "OC_DATA_INIZIO_PROGETTO": decided,
        # The portal records no end of implementation yet: empty until it does.
        "OC_DATA_FINE_PROGETTO_PREVISTA": None,
        "OC_FINANZ_TOT_PUB_NETTO": row["granted"],
        "TOT_PAGAMENTI": row["paid"],
        "FONDO_COMUNITARIO": "FSE" if scheme == "voucher" else "FESR",
        "eu_cofinancing_rate": rules.EU_COFINANCING_RATE[scheme],
        "nuts3": TUSCAN_NUTS3.get(row["province"], ""),
        "DEN_COMUNE": (row["enterprise_municipality"] or "") if is_enterprise else "",
        "OC_COD_CATEGORIA_SPESA": category_code,
        "OC_DESCR_CATEGORIA_SPESA": category,
    }


def operations_iter(start: dt.date, end: dt.date) -> Iterator[dict[str, Any]]:
    """The supported operations of the period, read from a server-side cursor as they
    are written: at the region's size they are half a million rows, 1.6 GB as a list of
    dicts in the process that holds them (the XLSX and the open-data downloads stream
    them instead)."""
    operations = selectors.supported_operations(start, end)
    return (_operation_row(row) for row in operations.iterator(chunk_size=5000))


def _activities(today: dt.date) -> list[Activity]:
    activities = selectors.activities_with_subactivities()
    for activity in activities:
        subs = list(activity.subactivities.all())
        activity.progress_percent = rules.activity_progress([s.progress for s in subs])
        for sub in subs:
            sub.is_late = rules.subactivity_is_late(
                planned_end=sub.planned_end, progress=sub.progress, status=sub.status, today=today
            )
    return activities


def report_data_build(
    start: dt.date,
    end: dt.date,
    *,
    figures: dict[str, str] | None = None,
) -> ReportData:
    """Everything the report and the dashboard show over [start, end], without the list
    of supported operations (see ReportData.operations). With `figures` (a past report's
    printed values), the indicators show those numbers instead of recomputing them."""
    indicators = selectors.indicators_list()
    measures = selectors.measures_compute(start, end)
    snapshots = selectors.snapshots_by_indicator(until=end)
    rows = []
    for indicator in indicators:
        value = measures[(indicator.measure, indicator.scope)]
        if figures and indicator.code in figures:
            value = Decimal(figures[indicator.code])
        row = IndicatorRow(indicator, value, rules.attainment_percent(value, indicator.target))
        row.trend = _trend(indicator, snapshots.get(indicator.pk, []), end, value)
        rows.append(row)
    by_status, by_province = selectors.applications_tables()
    return ReportData(
        start=start,
        end=end,
        generated_at=timezone.now(),
        indicators=rows,
        startups={scope: measures[("startups", scope)] for scope in Scope.values},
        measures=measures,
        # Late as of the end of the period: the report of a past period says what was
        # late then, and two renderings of it agree whatever the day.
        activities=_activities(min(end, timezone.localdate())),
        risks=selectors.risks_list(),
        calls=selectors.calls_with_envelopes(),
        by_status=by_status,
        by_province=by_province,
    )


def comparison_rows(data: ReportData) -> list[dict[str, Any]]:
    """Each measure with Tuscany beside the province of Arezzo, and the target of the
    indicator that measures it in each scope (if the plan set one)."""
    by_key = {(row.indicator.measure, row.indicator.scope): row for row in data.indicators}
    rows = []
    for measure in Measure:
        cells = {}
        for scope in Scope.values:
            row = by_key.get((measure.value, scope))
            cells[scope] = {
                "value": data.measures.get((measure.value, scope), Decimal(0)),
                "target": row.indicator.target if row else None,
                "code": row.indicator.code.upper() if row else "",
            }
        rows.append(
            {
                "label": measure.label,
                "is_money": measure == Measure.CATALOGUE_DIGITAL_REQUESTED,
                "tuscany": cells[Scope.TUSCANY],
                "arezzo": cells[Scope.AREZZO],
            }
        )
    return rows


def report_charts_add(data: ReportData) -> None:
    """The report's charts, drawn in the active language (well under a millisecond
    each: trinno_portal/lib/charts.py)."""
    for row in data.indicators:
        row.chart_svg = indicator_chart(row)
    data.comparison_svg = comparison_chart(data.indicators)
    data.budget_svg = budget_chart(data.calls)


def budget_chart(calls: list[Call]) -> str:
    """Share of each envelope committed (%)."""
    labels, values = [], []
    for call in calls:
        for envelope in call.envelopes.all():
            labels.append(f"{call.code} · {envelope.display_name}")
            values.append(rules.attainment_percent(envelope.committed, envelope.amount))
    return bar_chart_svg(labels, values, title=_("Budget committed per envelope (%)"), unit=" %")


# --- Open data -----------------------------------------------------------------------

PERSON_BENEFICIARY = "persona fisica"
OPEN_DATA_FIELDS = [
    "COD_LOCALE_PROGETTO",
    "CUP",
    "OC_TITOLO_PROGETTO",
    "OC_SINTESI_PROGETTO",
    "beneficiary",
    "beneficiary_vat_number",
    "beneficiary_type",
    "is_startup",
    "OC_DATA_INIZIO_PROGETTO",
    "OC_DATA_FINE_PROGETTO_PREVISTA",
    "total_cost",
    "eligible_cost",
    "OC_FINANZ_TOT_PUB_NETTO",
    "TOT_PAGAMENTI",
    "FONDO_COMUNITARIO",
    "eu_cofinancing_rate",
    "nuts3",
    "province",
    "DEN_COMUNE",
    "OC_COD_CATEGORIA_SPESA",
    "OC_DESCR_CATEGORIA_SPESA",
    "call_title",
    "status",
    "submitted_on",
    "decided_on",
    "digital_amount",
    "id",
]


def _open_value(value: Any) -> Any:
    # JSON is not a spreadsheet: names are published as they are, never quoted against
    # formulas (the CSV below is neutralised by the spreadsheet writer).
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _open_row(row: dict[str, Any]) -> dict[str, Any]:
    # Individuals are not published by name (GDPR, data minimisation): only that the
    # beneficiary is a natural person. The value is data, so it is not translated.
    if row["beneficiary_type"] == "person":
        row = dict(row, beneficiary=PERSON_BENEFICIARY)
    return {name: _open_value(row[name]) for name in OPEN_DATA_FIELDS}


def _open_csv_row(row: dict[str, Any]) -> list[Any]:
    # Amounts as numbers (a negative one is not a formula), the rest as in the JSON.
    values = _open_row(row)
    return [
        row[name].quantize(Decimal("0.01")) if isinstance(row[name], Decimal) else values[name]
        for name in OPEN_DATA_FIELDS
    ]


def open_data_json(
    rows: Iterable[dict[str, Any]], *, start: dt.date, end: dt.date
) -> Iterator[bytes]:
    """The JSON document in pieces, the operations one by one: at the region's size it
    is over a hundred megabytes, sent as it is written (StreamingHttpResponse)."""
    head = {
        "schema": "https://trinno.arezzoinnovazione.it/docs/monitoring.md#open-data",
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "generated_at": timezone.now().isoformat(),
    }
    yield (json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "operations": [').encode()
    separator = "\n    "
    for chunk in _chunks(rows):
        text = ",\n    ".join(json.dumps(_open_row(row), ensure_ascii=False) for row in chunk)
        yield (separator + text).encode("utf-8")
        separator = ",\n    "
    yield b"\n  ]\n}\n"


def open_data_csv(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The CSV in pieces of a thousand lines, sent as it is written."""
    lines = (_open_csv_row(row) for row in rows)
    for text in csv_chunks(OPEN_DATA_FIELDS, lines, delimiter=","):
        yield text.encode("utf-8")


def _chunks(rows: Iterable[dict[str, Any]], size: int = 1000) -> Iterator[list[dict[str, Any]]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
