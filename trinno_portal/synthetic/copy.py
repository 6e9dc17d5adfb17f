"""Bulk loading of the synthetic region: rows spooled to a file per table and loaded
with PostgreSQL's COPY, indexes dropped during the load and rebuilt after, sequences
moved past the ids written. PostgreSQL only: the generator refuses any other engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Iterator

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone
from psycopg import sql


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        # A model's own table name, quoted: no user input reaches this statement.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def _constant(field: models.Field, now: dt.datetime):
    """The value of a column the generator does not set: the field's own default."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    # A new required field on a model: say which, rather than fail inside COPY.
    raise ValueError(f"synthetic data: no value for {field.model.__name__}.{field.name}")


def _text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dict | list):
        value = json.dumps(value)
    elif not isinstance(value, str):
        return str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.translate(_ESCAPES)
    return value


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Spool:
    """Rows of one table written to a temporary file in COPY text format, loaded with
    one COPY later: the generator walks the applications once and fills every table
    that hangs off them at the same time (a connection runs one COPY at a time)."""

    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        now = timezone.now()
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(by_attname)
        if unknown:
            raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
        # Generated columns are the database's to write (COPY refuses them).
        rest = [
            f for f in model._meta.concrete_fields if f.attname not in columns and not f.generated
        ]
        self.model = model
        self.suffix = "".join("\t" + _text(_constant(f, now)) for f in rest)
        names = [by_attname[c].column for c in columns] + [f.column for f in rest]
        self.statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, names))
        )
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.count = 0

    def add(self, row: tuple) -> None:
        self.file.write("\t".join(map(_text, row)) + self.suffix + "\n")
        self.count += 1

    def load(self) -> int:
        self.file.flush()
        self.file.seek(0)
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(self.statement) as copy:
            while chunk := self.file.read(1 << 20):
                copy.write(chunk)
        self.file.close()
        return self.count


def copy_table(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows (tuples in the order of `columns`, attnames) into the model's table;
    every other column gets the field's default. Returns the number of rows."""
    spool = Spool(model, columns)
    for row in rows:
        spool.add(row)
    return spool.load()


@contextlib.contextmanager
def indexes_detached(models_: list[type[models.Model]]) -> Iterator[None]:
    """Drop the secondary indexes and unique constraints of the tables while they are
    filled, and build them again at the end: one sort per index is many times faster
    than updating every index row by row (PostgreSQL manual, "Populating a Database")."""
    restore: list[str] = []
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'u'",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname "
                "AND c.conrelid = %s::regclass)",
                [table, table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                restore.append(definition)
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for statement in restore:
            cursor.execute(statement)


def sequences_reset(models_: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
