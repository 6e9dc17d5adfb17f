"""The legal clock of a procedure: pure rules, no database (docs/procedure.md).

Law 241/1990 art. 2(7) stops the clock while the office waits for information it asked
for (soccorso istruttorio, art. 6(1)(b)), and art. 10-bis while the applicant may answer
a notice of intended rejection. Days are calendar days (Europe/Rome): a suspension that
starts on day S and ends on day E stops the clock for E - S days; one still open stops it
until today.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trinno_portal.funding.workflow import Status

# The states in which the clock stops.
SUSPENDING = frozenset({Status.INFO_REQUESTED, Status.PREAVVISO})
# The states in which the procedure has ended: no days are left to count.
ENDED = frozenset(
    {
        Status.DRAFT,
        Status.NOT_ELIGIBLE,
        Status.APPROVED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.IN_PROGRESS,
        Status.FINAL_REPORT,
        Status.MONITORING,
        Status.CLOSED,
    }
)


@dataclass(frozen=True)
class Suspension:
    start: dt.date
    end: dt.date | None  # None: still running


@dataclass(frozen=True)
class Move:
    """One row of the status history, as the clock reads it."""

    on: dt.date
    from_status: str
    to_status: str


def suspensions_from(moves: Iterable[Move]) -> list[Suspension]:
    """The periods spent in a suspending state, from the history in time order."""
    found: list[Suspension] = []
    since: dt.date | None = None
    for move in moves:
        if since is None and move.to_status in SUSPENDING:
            since = move.on
        elif since is not None and move.to_status not in SUSPENDING:
            found.append(Suspension(since, move.on))
            since = None
    if since is not None:
        found.append(Suspension(since, None))
    return found


def _merged(periods: Sequence[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def legal_deadline(
    start: dt.date, days: int, suspensions: Sequence[Suspension], today: dt.date
) -> dt.date:
    """The day the procedure must end by: `days` running days after `start`, the days of
    every suspension not counted (an open one runs until `today`)."""
    periods = [
        (max(s.start, start), s.end if s.end is not None else max(today, s.start))
        for s in suspensions
    ]
    deadline = start + dt.timedelta(days=days)
    for begin, end in _merged([p for p in periods if p[0] < p[1]]):
        # Merged and in order: a suspension that starts before the deadline reached so
        # far pushes it by its whole length; one after it does not count.
        if begin < deadline:
            deadline += end - begin
    return deadline


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Negative once the deadline has passed."""
    return (deadline - today).days


def preavviso_owed(*, required: bool, competitive: bool) -> bool:
    """Whether a rejection must follow a notice of intended rejection. Law 241/1990 art.
    10-bis, last sentence: the notice is not owed in competitive procedures, so the
    outcome of a ranking (below the minimum, or not funded for lack of funds) is decided
    without one, whatever the call's `preavviso_required` says of its other rejections."""
    return required and not competitive
