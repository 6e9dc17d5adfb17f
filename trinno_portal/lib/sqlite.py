"""SQL functions that PostgreSQL has and SQLite lacks, registered on every SQLite
connection, so that the embedded default runs the same queries as production."""

from django.db.backends.signals import connection_created


class _BitOr:
    """BIT_OR(x): the OR of a group's integers (NULLs skipped), as in PostgreSQL."""

    def __init__(self) -> None:
        self.value: int | None = None

    def step(self, x: int | None) -> None:
        if x is not None:
            self.value = (self.value or 0) | int(x)

    def finalize(self) -> int | None:
        return self.value


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("BIT_OR", 1, _BitOr)


def register() -> None:
    connection_created.connect(_register, dispatch_uid="trinno_sqlite_functions")
