"""The one way the portal writes CSV and XLSX files (and reads its own back).

Every spreadsheet goes through csv_chunks/csv_bytes or xlsx_bytes, which neutralise
every text cell, header included: an applicant's name like "=HYPERLINK(...)" would run
when an official opens the export (CSV injection, OWASP). JSON is not a spreadsheet and
is never neutralised. tests/security/test_exports.py fails if a module writes a CSV or
XLSX file some other way.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal

from django.utils import timezone

# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[object]


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, made plain text with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(value: object) -> object:
    """The text neutralise() wrote, read back (for files the portal imports again)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _cell(value: object) -> object:
    # Spreadsheets have no time zones: datetimes are written in Rome's local time.
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | dt.date | dt.time):
        return value
    return neutralise(str(value))  # lazy translations and other objects as their text


def csv_chunks(
    header: Row, rows: Iterable[Row], *, delimiter: str = ";", chunk: int = 1000
) -> Iterator[str]:
    """A CSV in pieces of `chunk` lines, for a StreamingHttpResponse. A byte-order mark
    first: Excel reads a UTF-8 CSV's accents right only with one. Semicolons by default,
    as Excel expects of an Italian CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    out.write("\ufeff")
    writer.writerow([_cell(v) for v in header])
    for n, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else _cell(v) for v in row])
        if n % chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue()


def csv_bytes(header: Row, rows: Iterable[Row], *, delimiter: str = ";") -> bytes:
    return "".join(csv_chunks(header, rows, delimiter=delimiter)).encode("utf-8")


def _excel_value(value: object) -> object:
    # Excel has no decimal type: amounts go in as numbers with cents, counts as integers.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return _cell(value)


def xlsx_bytes(sheets: Mapping[str, tuple[Row, Iterable[Row]]]) -> bytes:
    """One sheet per entry (name -> header, rows), header in bold. Write-only mode
    streams the rows to the file instead of keeping a cell object per value."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(sheet_name(name))
        cells = []
        for column in header:
            cell = WriteOnlyCell(sheet, value=_cell(column))
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append([_excel_value(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_name(name: object) -> str:
    # Excel caps sheet names at 31 characters and forbids a few of them.
    text = str(name)
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31] or "Sheet"
