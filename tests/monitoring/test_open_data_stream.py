"""The open-data downloads are written in pieces (the whole plan at the region's size is
half a million operations): the pieces must make one valid document, whatever the number
of rows. The views' tests check that the responses stream."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from monitoring import reports
from monitoring.reports import OPEN_DATA_FIELDS


def _operation(i: int) -> dict:
    row = {name: "" for name in OPEN_DATA_FIELDS}
    row.update(
        id=i,
        protocol_number=f"AUDIT-2025-{i:06d}",
        beneficiary=f"Officina {i} S.r.l." if i % 3 else "Maria Rossi",
        beneficiary_type="enterprise" if i % 3 else "person",
        is_startup=False,
        decided_on=dt.date(2025, 3, 1),
        OC_FINANZ_TOT_PUB_NETTO=Decimal("1000.50"),
    )
    return row


@pytest.mark.parametrize("n", [0, 1, 999, 1000, 2501])
def test_the_csv_in_pieces_is_one_file_with_every_row(n):
    pieces = list(reports.open_data_csv(_operation(i) for i in range(n)))
    body = b"".join(pieces).decode("utf-8")
    assert body.startswith("\ufeff") and body.count("\ufeff") == 1
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert len(rows) == n
    assert [int(r["id"]) for r in rows] == list(range(n))
    assert {r["beneficiary"] for r in rows if r["beneficiary_type"] == "person"} <= {
        "persona fisica"
    }
    if n > 1000:
        assert len(pieces) > 1  # written as it goes, not at the end


@pytest.mark.parametrize("n", [0, 1, 1000, 2501])
def test_the_json_in_pieces_is_one_document_with_every_operation(n):
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    pieces = list(reports.open_data_json((_operation(i) for i in range(n)), start=start, end=end))
    document = json.loads(b"".join(pieces))
    assert document["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert len(document["operations"]) == n
    assert [op["id"] for op in document["operations"]] == list(range(n))
    if n:
        assert document["operations"][0]["OC_FINANZ_TOT_PUB_NETTO"] == "1000.50"
        assert list(document["operations"][0]) == OPEN_DATA_FIELDS
