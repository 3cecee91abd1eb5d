"""The .ics attached to the e-mail of a planned, moved or cancelled session (RFC 5545, via `icalendar`).

Its UID and SEQUENCE are those of sessions' own feeds (`services/sessions/logic/calendar.py`), so a
calendar app that imports the attachment and subscribes to the feed keeps one event, updated in place.
The summary is the programme's name: the topic and the place are what people wrote, and no free text
goes into an e-mail.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from services.notifications.models import Attachment, SessionInfo

PRODID = "-//Tandem//Notifications//EN"


def session_ics(session: SessionInfo, summary: str, zone: str) -> Attachment:
    """The session in `zone`, the municipality's (TZID and its VTIMEZONE), as sessions' feeds show it."""
    from icalendar import Calendar, Event  # only where a calendar is drawn: not in every cold start

    tz = ZoneInfo(zone)
    starts = session.starts_at.astimezone(tz)
    event = Event()
    event.add("uid", f"{session.session_id}@tandem")
    event.add("sequence", session.sequence)
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=session.duration_minutes))
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
    event.add("categories", ["in person" if session.mode == "in_person" else "online"])
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    day = starts.date()
    calendar.add_missing_timezones(first_date=day - timedelta(days=1), last_date=day + timedelta(days=1))
    return Attachment(filename="session.ics", content_type="text/calendar", data=bytes(calendar.to_ical()))
