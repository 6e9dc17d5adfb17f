"""The opening instant of a click-day call: pure rules, no database.

A call with `Call.submissions_open_at` takes drafts from its opening day and submissions
from that instant, by the server's clock and nobody else's: the browser's countdown is a
courtesy (static/js/clickday.js), the refusal here is the rule (docs/clickday.md,
docs/decisions/0024-click-day.md).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

# The call's instant is the Region's: shown in Italian time whatever the visitor's clock.
ROME = ZoneInfo("Europe/Rome")


def opening_shown(opens_at: dt.datetime) -> str:
    """The instant as the call states it: day and time to the second, Italian time."""
    return date_format(opens_at.astimezone(ROME), "d/m/Y H:i:s")


def seconds_to_opening(*, opens_at: dt.datetime | None, now: dt.datetime) -> float:
    """Seconds left before submissions open (0: they are open)."""
    if opens_at is None:
        return 0.0
    return max(0.0, (opens_at - now).total_seconds())


def opening_refusal(*, opens_at: dt.datetime | None, now: dt.datetime) -> str | None:
    """Why a submission at `now` is refused for being early (None: it is not).

    The instant itself is open: `now == opens_at` is accepted, a microsecond before is not.
    """
    if opens_at is None or now >= opens_at:
        return None
    return _(
        "Submissions open at %(instant)s (Italian time): it is too early. Your draft is kept; "
        "submit it again from then."
    ) % {"instant": opening_shown(opens_at)}


def opening_context(*, opens_at: dt.datetime | None, now: dt.datetime) -> dict:
    """What the submit form shows and its countdown reads (epoch milliseconds)."""
    left = seconds_to_opening(opens_at=opens_at, now=now)
    return {
        "pending": left > 0,
        "shown": opening_shown(opens_at) if opens_at else "",
        "opens_at_ms": int(opens_at.timestamp() * 1000) if opens_at else 0,
        "now_ms": int(now.timestamp() * 1000),
    }
