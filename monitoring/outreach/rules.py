"""Pure rules of the outreach: where a new registration goes, when feedback is open, and
the iCalendar file of an event (RFC 5545), with no database."""

import datetime as dt
from dataclasses import dataclass

# RFC 5545 section 3.1: lines of at most 75 octets, folded with CRLF and one space.
_LINE_OCTETS = 75


def registration_goes_to_waiting_list(*, capacity: int, confirmed: int) -> bool:
    """A place is taken while the confirmed registrations fill the capacity."""
    return confirmed >= capacity


def feedback_open(*, ends_at: dt.datetime, now: dt.datetime) -> bool:
    """The survey opens when the event is over."""
    return now >= ends_at


def reminder_due(*, starts_at: dt.datetime, now: dt.datetime, hours: int = 48) -> bool:
    """A confirmed participant is reminded in the last `hours` before the start."""
    return now < starts_at <= now + dt.timedelta(hours=hours)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    stamp: dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


def _escape(text: str) -> str:
    # RFC 5545 section 3.3.11: backslash, semicolon, comma and newlines in TEXT values.
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> bytes:
    """One content line folded at 75 octets, never inside a UTF-8 character."""
    out: list[bytes] = []
    current = b""
    limit = _LINE_OCTETS
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b" "  # the continuation's leading space counts in its 75 octets
        current += encoded
    out.append(current)
    return b"\r\n".join(out) + b"\r\n"


def _utc(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is required")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_calendar(event: CalendarEvent, *, product: str = "-//TRINNO//Portal//IT") -> bytes:
    """A VCALENDAR with one VEVENT, times in UTC (no VTIMEZONE needed), as bytes with CRLF
    line ends. METHOD PUBLISH for a confirmation, CANCEL (with STATUS) for a cancellation."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if event.cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_escape(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{_escape(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{_escape(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return b"".join(_fold(line) for line in lines)
