"""Import and export of an edition's services as XLSX or CSV (layout in
docs/catalogue-import.md). Reading a file gives a preview, row by row with its errors;
nothing is written here: catalogue.editions.services.edition_import saves a clean preview in one
transaction once staff confirm it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from django.utils.translation import gettext as _

from catalogue.editions.rules import RECORD_FIELDS, duplicate_codes, service_record_clean
from trinno_portal.lib.spreadsheets import csv_bytes, unneutralise, xlsx_bytes

logger = logging.getLogger(__name__)

COLUMNS = RECORD_FIELDS
REQUIRED_COLUMNS = (
    "code",
    "name",
    "name_en",
    "min_cost",
    "max_cost",
    "intensity_micro",
    "intensity_small",
    "intensity_medium",
)
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
XLSX_MAGIC = b"PK\x03\x04"  # an XLSX is a ZIP archive
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


@dataclass
class PreviewRow:
    number: int  # the row in the spreadsheet: the header is row 1
    record: dict[str, object]
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[PreviewRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not self.error_rows

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.errors]

    def records(self) -> list[dict[str, object]]:
        return [row.record for row in self.rows]


def _read_frame(content: bytes, filename: str) -> pd.DataFrame:
    if content.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return pd.read_excel(io.BytesIO(content), engine="openpyxl", dtype=object)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Italian Windows saves CSV in Windows-1252.
        text = content.decode("cp1252")
    # sep=None sniffs the separator: Italian Excel writes ";", most tools ",".
    return pd.read_csv(
        io.StringIO(text), sep=None, engine="python", dtype=str, keep_default_na=False
    )


def import_preview(*, content: bytes, filename: str) -> ImportPreview:
    """Read an uploaded XLSX or CSV into a preview, with every error it can find."""
    preview = ImportPreview()
    if len(content) > MAX_BYTES:
        preview.file_errors.append(
            _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
        return preview
    if not content.strip():
        preview.file_errors.append(_("The file is empty."))
        return preview
    try:
        frame = _read_frame(content, filename)
    except Exception:  # noqa: BLE001 - pandas and openpyxl raise many types on bad files
        logger.info("catalogue import: unreadable file %s", filename, exc_info=True)
        preview.file_errors.append(
            _(
                "The file could not be read: upload an XLSX workbook or a CSV file "
                "with the columns described in the import guide."
            )
        )
        return preview
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    unknown = [c for c in frame.columns if c not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        preview.file_errors.append(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if unknown:
        preview.file_errors.append(
            _("Unknown columns (check their spelling): %(columns)s.")
            % {"columns": ", ".join(unknown)}
        )
    if len(frame.columns) != len(set(frame.columns)):
        preview.file_errors.append(_("A column appears more than once."))
    if preview.file_errors:
        return preview
    if len(frame) > MAX_ROWS:
        preview.file_errors.append(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
        return preview
    frame = frame.astype(object).where(frame.notna(), None)
    for index, raw in enumerate(frame.to_dict(orient="records"), start=2):
        if all(value is None or str(value).strip() == "" for value in raw.values()):
            continue  # blank lines at the end of a sheet are not rows
        # Text the portal's own export neutralised against formulas reads back as typed.
        record, errors = service_record_clean({k: unneutralise(v) for k, v in raw.items()})
        preview.rows.append(PreviewRow(index, record, errors))
    if not preview.rows:
        preview.file_errors.append(_("The file has no service rows."))
    for code in duplicate_codes(row.record["code"] for row in preview.rows):
        for row in preview.rows:
            if row.record["code"] == code:
                row.errors.append(
                    _("The code %(code)s appears more than once in the file.") % {"code": code}
                )
    return preview


def records_to_session(records: Iterable[Mapping[str, object]]) -> list[dict[str, object]]:
    """Records as JSON-safe values (Decimals as strings, never floats)."""
    return [
        {k: str(v) if isinstance(v, Decimal) else v for k, v in record.items()}
        for record in records
    ]


def _export_value(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _rows(records: Iterable[Mapping[str, object]]):
    # Formulas are neutralised by the portal's one spreadsheet writer, read back above.
    return ([_export_value(record.get(c)) for c in COLUMNS] for record in records)


def export_csv(records: Iterable[Mapping[str, object]]) -> bytes:
    """The records as CSV (UTF-8 with a BOM, so that Excel reads the accents)."""
    return csv_bytes(list(COLUMNS), _rows(records), delimiter=",")


def export_xlsx(records: Iterable[Mapping[str, object]]) -> bytes:
    """The records as an XLSX workbook with one sheet, "services"."""
    return xlsx_bytes({"services": (list(COLUMNS), _rows(records))})
