"""A relationship's plan as an iCalendar feed (RFC 5545) for its members.

Each session is one VEVENT whose UID is the session's id (stable: a calendar app updates the event it has
instead of adding another), its SEQUENCE the session's own counter (raised on every change), a cancelled
session `STATUS:CANCELLED`, and times in the programme's time zone (TZID, with the zone's VTIMEZONE).
The feed names no person: the topic and place only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from services.sessions.logic.common import caller_in
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import Relationship, Session
from shared.auth import Principal

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//Tandem//Sessions//EN"
_STATUS = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}


def _event(session: Session, zone: ZoneInfo, stamp: datetime) -> Event:
    from icalendar import Event  # only where a calendar is drawn: not in every cold start

    event = Event()
    event.add("uid", f"{session.session_id}@tandem")
    event.add("sequence", session.sequence)
    starts = session.starts_at.astimezone(zone)
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=session.duration_minutes))
    event.add("dtstamp", stamp)
    event.add("summary", session.topic)
    event.add("status", _STATUS[session.status])
    if session.location:
        event.add("location", session.location)
    event.add("categories", ["in person" if session.mode == "in_person" else "online"])
    return event


def calendar(relationship: Relationship, sessions: list[Session]) -> bytes:
    from icalendar import Calendar  # only where a calendar is drawn: not in every cold start

    zone = ZoneInfo(relationship.timezone)
    stamp = datetime.now(UTC).replace(microsecond=0)
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    for session in sorted(sessions, key=lambda s: s.starts_at):
        feed.add_component(_event(session, zone, stamp))
    # The zone's rules for the years the programme and its sessions span, not every year since 1970.
    days = [relationship.programme_starts_on, relationship.programme_ends_on]
    days += [s.starts_at.astimezone(zone).date() for s in sessions]
    feed.add_missing_timezones(
        first_date=min(days) - timedelta(days=1), last_date=max(days) + timedelta(days=1)
    )
    return bytes(feed.to_ical())


def member_calendar(principal: Principal, match_id: str, store: SessionsRecords) -> bytes:
    caller = caller_in(principal, match_id, store)
    caller.require("mentor", "mentee", rule="members_only")
    plan = store.plan(caller.tenant_id, match_id)
    return calendar(caller.relationship, plan.sessions)
