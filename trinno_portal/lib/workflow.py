"""A workflow as data: states, and transitions with who may make each (pure, no database).

The funding applications (trinno_portal/funding/workflow.py) and the training courses
(vouchers/offer/rules.py) each write their table with these; the guarded move that
carries a transition out for any model with a status field and a history model is
trinno_portal/funding/engine.py.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    label: str | Promise
    needs_reason: bool = False


def transition(
    name: str,
    sources: Iterable[str],
    target: str,
    actors: Iterable[str],
    label: str | Promise,
    needs_reason: bool = False,
) -> Transition:
    """One row of a table, its sources and actors given as any iterable."""
    return Transition(name, frozenset(sources), target, frozenset(actors), label, needs_reason)


class Workflow:
    """A table of transitions, kept in the order written (the order buttons show in)."""

    def __init__(self, rows: Sequence[Transition]) -> None:
        self.transitions: dict[str, Transition] = {t.name: t for t in rows}
        if len(self.transitions) != len(rows):
            raise ValueError("two transitions of one workflow share a name")

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def __contains__(self, name: object) -> bool:
        return name in self.transitions

    def transitions_from(self, status: str, actor: str) -> list[Transition]:
        """The transitions an actor may make from a status, in table order."""
        return [t for t in self.transitions.values() if status in t.sources and actor in t.actors]
