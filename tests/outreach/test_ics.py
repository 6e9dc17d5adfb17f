import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitoring.outreach.rules import CalendarEvent, ics_calendar

ROME = ZoneInfo("Europe/Rome")


def _event(**kwargs) -> CalendarEvent:
    fields = {
        "uid": "event-7@trinno.arezzoinnovazione.it",
        "starts_at": dt.datetime(2026, 3, 10, 9, 30, tzinfo=ROME),
        "ends_at": dt.datetime(2026, 3, 10, 12, 0, tzinfo=ROME),
        "stamp": dt.datetime(2026, 2, 1, 8, 0, tzinfo=dt.UTC),
        "summary": "Officina 4.0; oro, moda",
        "description": "Riga uno\nRiga due",
        "location": "Arezzo Innovazione, Via Ferrari 1",
    }
    fields.update(kwargs)
    return CalendarEvent(**fields)


def test_it_writes_a_valid_calendar_in_utc_with_crlf():
    text = ics_calendar(_event()).decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "\r\nDTSTART:20260310T083000Z\r\n" in text  # 09:30 in Rome is 08:30 UTC (CET)
    assert "\r\nDTEND:20260310T110000Z\r\n" in text
    assert "\r\nDTSTAMP:20260201T080000Z\r\n" in text
    assert "\r\nMETHOD:PUBLISH\r\n" in text
    assert "\n" not in text.replace("\r\n", "")


def test_it_escapes_text_values():
    text = ics_calendar(_event()).decode()
    assert "SUMMARY:Officina 4.0\\; oro\\, moda\r\n" in text
    assert "DESCRIPTION:Riga uno\\nRiga due\r\n" in text
    assert "LOCATION:Arezzo Innovazione\\, Via Ferrari 1\r\n" in text


def test_a_cancellation_says_so():
    text = ics_calendar(_event(cancelled=True)).decode()
    assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text


def test_it_refuses_a_naive_time():
    with pytest.raises(ValueError):
        ics_calendar(_event(starts_at=dt.datetime(2026, 3, 10, 9, 30)))  # noqa: DTZ001


@given(st.text(min_size=0, max_size=400))
def test_lines_are_folded_at_75_octets_and_unfold_to_the_text(summary):
    data = ics_calendar(_event(summary=summary, description=""))
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    unfolded = data.replace(b"\r\n ", b"").decode()  # never split inside a character
    line = next(x for x in unfolded.split("\r\n") if x.startswith("SUMMARY:"))
    escaped = (
        summary.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )
    assert line == "SUMMARY:" + escaped
