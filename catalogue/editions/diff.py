"""Differences between two editions of the catalogue, as a pure function over records.

Services are matched by code. A service whose code is in both editions and whose other
fields differ is *changed* (a rename within the same code, like Temporary manager ->
Digital temporary manager, is a change of `name`). A code that changes is treated as the
removal of the old code and the addition of the new one: the code is the identity a call,
an application or a regional act refers to, so a new code is a new service even when its
text is the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from catalogue.editions.rules import RECORD_FIELDS, code_sort_key

# Fields compared between editions: everything but the code, which is the match key.
COMPARED_FIELDS: tuple[str, ...] = tuple(f for f in RECORD_FIELDS if f != "code")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class ServiceChange:
    code: str
    old: Mapping[str, object]
    new: Mapping[str, object]
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class EditionDiff:
    added: tuple[Mapping[str, object], ...] = field(default_factory=tuple)
    removed: tuple[Mapping[str, object], ...] = field(default_factory=tuple)
    changed: tuple[ServiceChange, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _by_code(records: Iterable[Mapping[str, object]]) -> dict[str, Mapping[str, object]]:
    index: dict[str, Mapping[str, object]] = {}
    for record in records:
        code = str(record["code"])
        if code in index:
            raise ValueError(f"duplicate service code {code!r} in one edition")
        index[code] = record
    return index


def diff_services(
    old: Iterable[Mapping[str, object]],
    new: Iterable[Mapping[str, object]],
    fields: Sequence[str] = COMPARED_FIELDS,
) -> EditionDiff:
    """What changes from the `old` list of service records to the `new` one.

    Added and removed services are listed whole; changed services list, field by field,
    the old and the new value of each field in `fields` that differs. Everything is in
    natural code order. A field missing from a record counts as None.
    """
    before = _by_code(old)
    after = _by_code(new)
    ordered = sorted(before.keys() | after.keys(), key=code_sort_key)
    added, removed, changed = [], [], []
    for code in ordered:
        if code not in before:
            added.append(after[code])
        elif code not in after:
            removed.append(before[code])
        else:
            changes = tuple(
                FieldChange(name, before[code].get(name), after[code].get(name))
                for name in fields
                if before[code].get(name) != after[code].get(name)
            )
            if changes:
                changed.append(ServiceChange(code, before[code], after[code], changes))
    return EditionDiff(tuple(added), tuple(removed), tuple(changed))
