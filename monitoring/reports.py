"""The monitoring report's content, and its three renderings: the PDF (WeasyPrint), the
XLSX (openpyxl, one sheet per table of the PDF, and the list of supported operations that
the PDF only points to) and the open-data export of supported operations (CSV and JSON,
schema in docs/monitoring.md).

The PDF and the XLSX are built from the same `ReportData`, so they always agree; the
dashboard builds its charts with the same functions as the PDF.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.funding.models import Call
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.charts import bar_chart_svg
from trinno_portal.lib.charts_trend import trend_chart_svg
from trinno_portal.lib.spreadsheets import neutralise
from vouchers.call.scheme import VOUCHER

from . import rules, selectors
from .models import Activity, Indicator, Measure, Risk, Scope, Unit

# The XLSX sheet that lists the supported operations; the PDF names it instead of
# printing the list (hundreds of thousands of rows at the size of the region).
OPERATIONS_SHEET = gettext_lazy("Supported operations")


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
    # Only the XLSX lists them: the report job sets operations_iter(...) here, read once
    # by render_xlsx while it writes the sheet (half a million rows at the region's size).
    operations: Iterable[dict] = ()
    comparison_svg: str = ""
    budget_svg: str = ""

    @property
    def operations_sheet(self) -> str:
        """The name of the XLSX sheet of the operations, as the PDF cites it."""
        return sheet_name(OPERATIONS_SHEET)

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
        activities=_activities(timezone.localdate()),
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


# --- Tables: one definition for the XLSX sheets (and the tests that read them) -------


def tables(data: ReportData) -> dict[str, Iterable[dict[str, Any]]]:
    """Sheet name -> rows (lists; the operations as an iterator, read once). Column
    names are in the active language."""
    indicators = [
        {
            _("Code"): row.indicator.code.upper(),
            _("Indicator"): row.indicator.name,
            _("Scope"): row.indicator.get_scope_display(),
            _("Unit"): row.indicator.get_unit_display(),
            _("Target"): row.indicator.target,
            _("Value"): row.value,
            _("Attainment (%)"): row.attainment,
            _("Means of verification"): row.indicator.means_of_verification,
        }
        for row in data.indicators
    ]
    trend = [
        {
            _("Code"): row.indicator.code.upper(),
            _("Data as of"): point.on,
            _("Value"): point.value,
        }
        for row in data.indicators
        for point in row.trend
    ]
    activities = [
        {
            _("Activity"): activity.code.upper(),
            _("Sub-activity"): sub.code,
            _("Title"): sub.title,
            _("Planned start"): sub.planned_start,
            _("Planned end"): sub.planned_end,
            _("Progress (%)"): sub.progress,
            _("Status"): sub.get_status_display(),
        }
        for activity in data.activities
        for sub in activity.subactivities.all()
    ]
    risks = [
        {
            _("Code"): risk.code.upper(),
            _("Activity"): risk.activity.code.upper(),
            _("Risk"): risk.title,
            _("Probability"): risk.get_probability_display(),
            _("Contingency plan"): risk.contingency_plan,
            _("Status"): risk.get_status_display(),
        }
        for risk in data.risks
    ]
    budgets = [
        {
            _("Call"): call.code,
            _("Envelope"): envelope.display_name,
            _("Amount (EUR)"): envelope.amount,
            _("Committed (EUR)"): envelope.committed,
            _("Available (EUR)"): envelope.available,
        }
        for call in data.calls
        for envelope in call.envelopes.all()
    ]
    statuses = [
        {
            _("Status"): str(row["label"]),
            _("Total"): row["total"],
            _("Tuscany"): row["tuscany"],
            _("Province of Arezzo"): row["arezzo"],
        }
        for row in data.by_status
    ]
    # Hundreds of thousands of rows: the column names and labels are translated once,
    # not once per row.
    columns = [
        _("Protocol"),
        _("Beneficiary"),
        _("Call"),
        _("Province"),
        _("Decided on"),
        _("Grant (EUR)"),
        _("Digital services (EUR)"),
        _("Status"),
    ]
    status_labels = {value: str(label) for value, label in Status.choices}
    operations = (
        dict(
            zip(
                columns,
                (
                    op["protocol_number"],
                    op["beneficiary"],
                    op["call_code"],
                    op["province"],
                    op["decided_on"],
                    op["grant_amount"],
                    op["digital_amount"],
                    status_labels[op["status"]],
                ),
                strict=True,
            )
        )
        for op in data.operations
    )
    return {
        _("Indicators"): indicators,
        _("Trend"): trend,
        _("Activities"): activities,
        _("Risks"): risks,
        _("Budgets"): budgets,
        _("Applications"): statuses,
        str(OPERATIONS_SHEET): operations,
    }


def sheet_name(name: str) -> str:
    # Excel caps sheet names at 31 characters.
    return str(name)[:31]


def _excel_value(value: Any) -> Any:
    # Excel has no decimal type: amounts go in as numbers with cents, counts as integers.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return neutralise(value)


def render_xlsx(data: ReportData) -> bytes:
    """One sheet per table. Write-only mode streams the rows to the file instead of
    keeping a cell object per value: the operations sheet alone has hundreds of
    thousands of rows at the size of the region."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, rows in tables(data).items():
        sheet = book.create_sheet(sheet_name(name))
        rows = iter(rows)
        first = next(rows, None)
        columns = list(first) if first is not None else [_("No data")]
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=str(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        if first is not None:
            sheet.append([_excel_value(value) for value in first.values()])
        for row in rows:
            sheet.append([_excel_value(value) for value in row.values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Open data -----------------------------------------------------------------------

PERSON_BENEFICIARY = "persona fisica"
OPEN_DATA_FIELDS = [
    "id",
    "protocol_number",
    "beneficiary",
    "beneficiary_vat_number",
    "beneficiary_type",
    "is_startup",
    "call_code",
    "call_title",
    "scheme",
    "fund",
    "province",
    "status",
    "submitted_on",
    "decided_on",
    "total_cost",
    "eligible_cost",
    "grant_amount",
    "final_grant",
    "digital_amount",
]


def _open_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return neutralise(value)


def _open_row(row: dict[str, Any]) -> dict[str, Any]:
    # Individuals are not published by name (GDPR, data minimisation): only that the
    # beneficiary is a natural person. The value is data, so it is not translated.
    if row["beneficiary_type"] == "person":
        row = dict(row, beneficiary=PERSON_BENEFICIARY)
    return {name: _open_value(row[name]) for name in OPEN_DATA_FIELDS}


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
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=OPEN_DATA_FIELDS, lineterminator="\n")
    # A BOM, so that spreadsheet programs read the accents right.
    out.write("\ufeff")
    writer.writeheader()
    for chunk in _chunks(rows):
        for row in chunk:
            writer.writerow({k: "" if v is None else v for k, v in _open_row(row).items()})
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    if out.tell():
        yield out.getvalue().encode("utf-8")


def _chunks(rows: Iterable[dict[str, Any]], size: int = 1000) -> Iterator[list[dict[str, Any]]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
