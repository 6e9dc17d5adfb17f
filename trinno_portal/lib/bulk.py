"""Inserting many rows at once: COPY on PostgreSQL, bulk_create elsewhere.

bulk_create sends an INSERT whose parameters the driver adapts one by one: for the
thousands of rows of an eligibility batch (its outcomes) or of a month's ranking (20,000
entries), adapting the parameters was most of the job's time (issue 8: the ranking of
20,000 applications spent 2.8 of its 4.9 profiled seconds there). COPY streams the rows
in the same transaction, with the same values as the fields would save.

The synthetic-region generator has its own COPY path (lib/synthetic.py, Spool and
copy_table): PostgreSQL only, spooled to a file so that it can fill many tables in one
pass, with defaults written for the columns it leaves out. This one is for the portal's
own jobs on both engines: every column given, no file.
"""

from collections.abc import Iterable, Sequence

from django.db import connections
from django.db.models import Model


def rows_insert(model: type[Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `fields`, field names or attnames) into the
    model's table; returns the number of rows. No signals, no save(), no ids returned:
    as bulk_create, for rows that need none."""
    rows = list(rows)
    if not rows:
        return 0
    meta = model._meta
    db = connections[model.objects.db]  # the connection itself, not the proxy
    if db.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=2000
        )
        return len(rows)
    model_fields = [meta.get_field(name) for name in fields]
    # Only the values that need the field's own preparation (JSON, for one) pay for it.
    prepared = [i for i, f in enumerate(model_fields) if f.get_internal_type() in ("JSONField",)]
    qn = db.ops.quote_name
    columns = ", ".join(qn(f.column) for f in model_fields)
    with (
        db.cursor() as cursor,
        cursor.cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            if prepared:
                row = list(row)
                for i in prepared:
                    row[i] = model_fields[i].get_db_prep_save(row[i], db)
            copy.write_row(row)
    return len(rows)
