"""Reading an import file into a preview, and exporting an edition the same way."""

import pytest

from catalogue.editions.importing import COLUMNS, export_csv, export_xlsx, import_preview
from catalogue.editions.models import Edition
from catalogue.editions.selectors import edition_records
from catalogue.editions.services import catalogue_fixtures_load, edition_import

pytestmark = pytest.mark.usefixtures("english")

HEADER = "code,area,name,name_en,min_cost,max_cost,intensity_micro,intensity_small,intensity_medium"


def _csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def test_it_previews_a_good_csv_with_semicolons_and_italian_numbers():
    content = (
        "code;name;name_en;min_cost;max_cost;intensity_micro;intensity_small;intensity_medium\n"
        "A.1;Audit;Audit;5.000,00;20.000,00;60;50;40\n"
    ).encode("cp1252")
    preview = import_preview(content=content, filename="catalogo.csv")
    assert preview.ok, (preview.file_errors, [r.errors for r in preview.rows])
    [row] = preview.rows
    assert row.number == 2
    assert str(row.record["max_cost"]) == "20000.00"


def test_it_lists_the_errors_of_every_row():
    preview = import_preview(
        content=_csv(
            ",A,Senza codice,No code,1,2,50,40,30",
            "D.1,D,Area ignota,Unknown area,1,2,50,40,30",
            "A.2,A,Costi,Costs,20000,10000,50,40,30",
            "A.3,A,Intensità,Intensity,1,2,150,40,30",
            "A.4,A,Doppio,Duplicate,1,2,50,40,30",
            "A.4,A,Doppio,Duplicate,1,2,50,40,30",
            "A.5,A,Buono,Good,1,2,50,40,30",
        ),
        filename="x.csv",
    )
    assert not preview.ok
    errors = {row.number: " ".join(row.errors) for row in preview.rows}
    assert "code is missing" in errors[2]
    assert "area D is unknown" in errors[3]
    assert "minimum cost" in errors[4]
    assert "between 0 and 100" in errors[5]
    assert "appears more than once" in errors[6] and "appears more than once" in errors[7]
    assert errors[8] == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 not really a workbook", "could not be read"),
        (b"\x00\x01\x02garbage", "Required columns are missing"),
        (b"code,nome\nA.1,x\n", "Unknown columns"),
        (HEADER.encode() + b"\n", "no service rows"),
    ],
)
def test_it_explains_a_file_it_cannot_use(content, message):
    preview = import_preview(
        content=content, filename="catalogo.xlsx" if content[:2] == b"PK" else "c.csv"
    )
    assert not preview.ok
    assert message in " ".join(preview.file_errors)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_exports_an_edition_that_imports_back_unchanged(fmt):
    catalogue_fixtures_load()
    records = edition_records(Edition.objects.get(number=2))
    content = export_xlsx(records) if fmt == "xlsx" else export_csv(records)
    preview = import_preview(content=content, filename=f"e.{fmt}")
    assert preview.ok, preview.file_errors + [e for r in preview.rows for e in r.errors]
    assert preview.records() == [{c: r[c] for c in COLUMNS} for r in records]
    copy = edition_import(records=preview.records(), title="Copia", title_en="Copy")
    assert edition_records(copy) == records
