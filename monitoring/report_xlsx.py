"""The monitoring report as XLSX: the tables of the PDF from the same stored content
(monitoring/report_content.py), and the list of supported operations that the PDF only
points to, read from the database as the sheet is written.

Every sheet has typed columns (widths, euro and date formats), a frozen header and
filters. The file is reproducible: fixed document properties (the data date) and fixed
timestamps in the zip, so the same content and data give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trinno_portal.funding.workflow import Status
from trinno_portal.lib.spreadsheets import neutralise

from .report_content import FUNDS

EUR_FORMAT = '#,##0.00 "€"'
INT_FORMAT = "#,##0"
PCT_FORMAT = '0.0 "%"'
# 1980-01-01 is the earliest time a zip entry can carry.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | int | eur | pct | date
    width: int = 14


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    rows: Iterable[tuple]
    # Per row, the format of the "eur" columns when a table mixes counts and euros.
    row_kinds: list[str] | None = None


def _d(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def content_sheets(content: dict[str, Any]) -> list[Sheet]:
    """The PDF's tables, one sheet each, in the active language."""
    indicators = Sheet(
        _("Indicators"),
        [
            Column(_("Code"), width=8),
            Column(_("Indicator"), width=60),
            Column(_("Scope"), width=20),
            Column(_("Unit"), width=10),
            Column(_("Target"), "eur"),
            Column(_("Value"), "eur"),
            Column(_("Attainment (%)"), "pct"),
            Column(_("Means of verification"), width=60),
        ],
        [
            (
                r["code"],
                r["name"],
                r["scope"],
                r["unit_label"],
                _d(r["target"]),
                _d(r["value"]),
                _d(r["attainment"]),
                r["means_of_verification"],
            )
            for r in content["indicators"]
        ],
    )
    # Counts are not euros: the two value columns take each row's own format.
    indicators.row_kinds = ["eur" if r["unit"] == "eur" else "int" for r in content["indicators"]]
    trend = Sheet(
        _("Trend"),
        [Column(_("Code"), width=8), Column(_("Data as of"), "date"), Column(_("Value"), "int")],
        [(r["code"], _date(on), _d(v)) for r in content["indicators"] for on, v in r["trend"]],
    )
    activities = Sheet(
        _("Activities"),
        [
            Column(_("Activity"), "int", 9),
            Column(_("Sub-activity"), width=60),
            Column(_("Planned start"), "date"),
            Column(_("Planned end"), "date"),
            Column(_("Progress (%)"), "int", 12),
            Column(_("Status"), width=16),
            Column(_("Note"), width=50),
        ],
        [
            (
                a["number"],
                s["title"],
                _date(s["planned_start"]),
                _date(s["planned_end"]),
                s["progress"],
                s["status"],
                s["note"],
            )
            for a in content["activities"]
            for s in a["subactivities"]
        ],
    )
    risks = Sheet(
        _("Risks"),
        [
            Column(_("Activity"), "int", 9),
            Column(_("Risk"), width=50),
            Column(_("Probability"), width=12),
            Column(_("Contingency plan"), width=60),
            Column(_("Status"), width=14),
            Column(_("Note"), width=40),
        ],
        [
            (
                r["activity"],
                r["title"],
                r["probability"],
                r["contingency_plan"],
                r["status"],
                r["note"],
            )
            for r in content["risks"]
        ],
    )
    budget_rows = []
    for call in content["calls"]:
        budget_rows.append(
            (
                call["title"],
                _("Budget of the call"),
                "",
                _d(call["total"]),
                _d(call["committed"]),
                _d(call["available"]),
            )
        )
        for breakdown in call["breakdowns"]:
            label = (
                _("The same budget by year")
                if breakdown[0]["kind"] == "year"
                else _("The same budget by sector and reserve")
            )
            for e in breakdown:
                budget_rows.append(
                    (
                        call["title"],
                        label,
                        e["name"],
                        _d(e["amount"]),
                        _d(e["committed"]),
                        _d(e["available"]),
                    )
                )
    budgets = Sheet(
        _("Budgets"),
        [
            Column(_("Call"), width=50),
            Column(_("Division"), width=34),
            Column(_("Envelope"), width=34),
            Column(_("Amount (EUR)"), "eur", 16),
            Column(_("Committed (EUR)"), "eur", 16),
            Column(_("Available (EUR)"), "eur", 16),
        ],
        budget_rows,
    )
    applications = Sheet(
        _("Applications"),
        [
            Column(_("Status"), width=24),
            Column(_("Total"), "int"),
            Column(_("Tuscany"), "int"),
            Column(_("Province of Arezzo"), "int"),
        ],
        [
            (r["label"], r["total"], r["tuscany"], r["arezzo"])
            for r in content["applications"]["by_status"]
        ],
    )
    money_rows = []
    for key, label in (
        ("status", _("By status")),
        ("province", _("By province (NUTS 3)")),
        ("size_class", _("By size class")),
        ("supply_chain", _("By supply chain")),
    ):
        for r in content["money"][key]:
            money_rows.append(
                (
                    label,
                    r["label"],
                    int(r["operations"]),
                    _d(r["eligible"]),
                    _d(r["granted"]),
                    _d(r["paid"]),
                )
            )
    money = Sheet(
        _("Money"),
        [
            Column(_("Breakdown"), width=22),
            Column(_("Group"), width=40),
            Column(_("Operations"), "int"),
            Column(_("Eligible cost (EUR)"), "eur", 18),
            Column(_("Grant (EUR)"), "eur", 18),
            Column(_("Paid (EUR)"), "eur", 18),
        ],
        money_rows,
    )
    common = Sheet(
        _("EU common indicators"),
        [
            Column(_("Code"), width=14),
            Column(_("Indicator"), width=50),
            Column(_("Fund"), width=7),
            Column(_("Value"), "int"),
            Column(_("Target"), "int"),
            Column(_("Attainment (%)"), "pct"),
            Column(_("Milestones"), width=30),
        ],
        [
            (
                r["code"],
                r["name"],
                r["fund"],
                _d(r["value"]),
                _d(r["target"]),
                _d(r["attainment"]),
                "; ".join(f"{on}: {value}" for on, value in r["milestones"]),
            )
            for r in content.get("common_indicators", [])
        ],
    )
    return [indicators, common, trend, activities, risks, budgets, applications, money]


def operation_columns() -> list[Column]:
    return [
        Column(_("CUP"), width=17),
        Column(_("Protocol"), width=18),
        Column(_("Beneficiary"), width=40),
        Column(_("Partita IVA"), width=13),
        Column(_("Call"), width=50),
        Column(_("Fund"), width=7),
        Column(_("Province"), width=9),
        Column(_("Status"), width=18),
        Column(_("Submitted on"), "date"),
        Column(_("Decided on"), "date"),
        Column(_("Eligible cost (EUR)"), "eur", 18),
        Column(_("Grant (EUR)"), "eur", 18),
        Column(_("Paid (EUR)"), "eur", 18),
    ]


def operations_sheet(rows: Iterable[dict[str, Any]]) -> Sheet:
    """The supported operations, one row each, as they are read (never held whole)."""
    status_labels = {value: str(label) for value, label in Status.choices}
    return Sheet(
        operations_sheet_name(),
        operation_columns(),
        (
            (
                op["cup"] or "",
                op["protocol_number"],
                op["beneficiary"],
                op["beneficiary_vat_number"],
                op["call_title"],
                FUNDS.get(op["scheme"], ""),
                op["province"],
                status_labels.get(op["status"], op["status"]),
                op["submitted_on"],
                op["decided_on"],
                op["eligible_cost"],
                op["granted"],
                op["paid"],
            )
            for op in rows
        ),
    )


def operations_sheet_name() -> str:
    return _("Supported operations")


def notes_sheet() -> Sheet:
    """What the columns of the operations sheet mean, where a reader could doubt it."""
    notes = [
        (_("CUP"), _("Codice Unico di Progetto; empty until the CUP system has assigned it.")),
        (_("Partita IVA"), _("Of the enterprise; empty for individuals (training vouchers).")),
        (
            _("Grant (EUR)"),
            _(
                "The final grant where the final report has set it, otherwise the grant at "
                "approval. The report's money tables sum the same amounts."
            ),
        ),
        (
            _("Paid (EUR)"),
            _(
                "Reimbursements of training vouchers approved in the portal. The portal has "
                "no record of the payments of the audit and catalogue calls: empty for them."
            ),
        ),
    ]
    columns = [Column(_("Column"), width=20), Column(_("Meaning"), width=100)]
    return Sheet(_("Notes"), columns, notes)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry the same time: openpyxl stamps each with the clock."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        else:
            zinfo_or_arcname.date_time = ZIP_TIME
        return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # The worksheets of write-only mode come from temporary files: copied in a
        # block at a time (the operations sheet may be hundreds of megabytes).
        info = zipfile.ZipInfo(arcname or str(filename), date_time=ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        with open(filename, "rb") as source, self.open(info, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1024 * 1024)


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return neutralise(value)


def render_xlsx(content: dict[str, Any], *, operations: Iterable[dict[str, Any]] = ()) -> bytes:
    """The workbook, in write-only mode (the operations sheet has hundreds of thousands
    of rows at the region's size: cells are streamed, not kept)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    date_format = "DD/MM/YYYY" if get_language() == "it" else "YYYY-MM-DD"
    formats = {"eur": EUR_FORMAT, "int": INT_FORMAT, "pct": PCT_FORMAT, "date": date_format}
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheets = [*content_sheets(content), operations_sheet(operations), notes_sheet()]
    for spec in sheets:
        sheet = book.create_sheet(spec.name[:31])
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font, cell.alignment = bold, wrap
            header.append(cell)
        sheet.append(header)
        row_kinds = spec.row_kinds
        count = 0
        for count, row in enumerate(spec.rows, start=1):
            cells = []
            for column, value in zip(spec.columns, row, strict=True):
                kind = column.kind
                if row_kinds is not None and kind == "eur":
                    kind = row_kinds[count - 1]
                if value is None or kind == "text":
                    cells.append(_cell_value(value))
                    continue
                cell = WriteOnlyCell(sheet, value=_cell_value(value))
                cell.number_format = formats[kind]
                cells.append(cell)
            sheet.append(cells)
        last = get_column_letter(len(spec.columns))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    stamp = dt.datetime.combine(dt.date.fromisoformat(content["period"]["end"]), dt.time.min)
    book.properties.creator = "Arezzo Innovazione"
    book.properties.title = _("Monitoring report of the TRINNO action plan")
    book.properties.created = stamp
    out = io.BytesIO()
    archive = _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    # openpyxl's save_workbook stamps "modified" with the clock: written here instead.
    book.properties.modified = stamp
    ExcelWriter(book, archive).save()
    return out.getvalue()
