"""The ports reminders talk to, their schedules' names and times, and arming and disarming them.

A reminder's schedule is remembered (`Reminder`) under its relationship and subject, so a move, a
cancellation, a submission or the end of the relationship finds and deletes it; what fires anyway (a
delete racing the clock) is checked against the state when it arrives (`sending`).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from services.notifications.logic import NotYetKnown
from services.notifications.models import MatchInfo, ProgrammeInfo, SessionInfo
from services.notifications.relationships import Store as RelationshipStore
from services.notifications.reminders.models import Assignment, HeldSession, Reminder, RiskDigest
from shared.events.envelope import EventData, Metadata

#: The diary is asked for this long after a held session (issue 13).
DIARY_AFTER = timedelta(hours=2)
#: A questionnaire is announced as due this many days before its date, and as overdue the day after it.
QUESTIONNAIRE_BEFORE = timedelta(days=2)
OVERDUE_AFTER = timedelta(days=1)
#: Reminders about a date (not a time) are sent at this hour of the municipality's morning.
MORNING = time(9, 0)
#: The weekly digest: Monday at this hour, in the municipality's zone.
DIGEST_MORNING = time(7, 0)


class Store(RelationshipStore, Protocol):
    def programmes_of(self, tenant_id: str) -> list[ProgrammeInfo]: ...
    def save_reminder(self, reminder: Reminder) -> None: ...
    def reminders(self, tenant_id: str, match_id: str, subject: str | None = None) -> list[Reminder]: ...
    def forget_reminder(self, reminder: Reminder) -> None: ...
    def save_held(self, held: HeldSession) -> None: ...
    def diary_written(self, tenant_id: str, session_id: str) -> None: ...
    def held(self, tenant_id: str, session_id: str) -> HeldSession | None: ...
    def held_sessions(self, tenant_id: str) -> list[HeldSession]: ...
    def save_assignment(self, assignment: Assignment) -> None: ...
    def assignment_submitted(self, tenant_id: str, assignment_id: str) -> None: ...
    def assignment(self, tenant_id: str, assignment_id: str) -> Assignment | None: ...
    def assignments(self, tenant_id: str) -> list[Assignment]: ...
    def match_ended(self, tenant_id: str, match_id: str) -> None: ...
    def ended(self, tenant_id: str, match_id: str) -> bool: ...
    def ended_matches(self, tenant_id: str) -> set[str]: ...
    def matches_of(self, tenant_id: str) -> list[MatchInfo]: ...
    def sessions_of(self, tenant_id: str) -> list[SessionInfo]: ...
    def add_to_risk_digest(
        self, tenant_id: str, programme_id: str, day: date, entries: set[str]
    ) -> RiskDigest | None: ...
    def risk_digest_scheduled(self, tenant_id: str, programme_id: str, day: date) -> None: ...
    def close_risk_digest(self, tenant_id: str, programme_id: str, day: date) -> RiskDigest | None: ...


class Scheduler(Protocol):
    def send_at(
        self, name: str, at: datetime, tenant_id: str, data: EventData, correlation_id: str
    ) -> None: ...
    def cancel(self, name: str) -> None: ...


def schedule_name(prefix: str, *parts: object) -> str:
    """A schedule's name (≤ 64 characters, and the fired event's id): one per subject and time, so a moved
    session's reminder is a new schedule and a repeated event makes none."""
    digest = hashlib.sha256("#".join(str(p) for p in parts).encode()).hexdigest()[:48]
    return f"{prefix}-{digest}"


def programme(meta: Metadata, store: Store, programme_id: str) -> ProgrammeInfo:
    found = store.programme(meta.tenant_id, programme_id)
    if found is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before its programme")
    return found


def morning_of(day: date, zone: str, at: time = MORNING) -> datetime:
    return datetime.combine(day, at, ZoneInfo(zone))


def next_monday_morning(now: datetime, zone: str) -> datetime:
    """The first Monday 07:00 (the municipality's) after `now`."""
    local = now.astimezone(ZoneInfo(zone))
    monday = local.date() - timedelta(days=local.weekday())
    when = morning_of(monday, zone, DIGEST_MORNING)
    return when if when > now else morning_of(monday + timedelta(days=7), zone, DIGEST_MORNING)


def arm(
    meta: Metadata,
    store: Store,
    scheduler: Scheduler,
    *,
    match_id: str,
    subject: str,
    at: datetime,
    data: EventData,
    now: datetime,
) -> Reminder | None:
    """Schedules `data` for `at`, remembered under the relationship and subject; none for a time past."""
    if at <= now:
        return None
    reminder = Reminder(
        tenant_id=meta.tenant_id,
        match_id=match_id,
        subject=subject,
        name=schedule_name(subject.split(":", 1)[0], meta.tenant_id, subject, at.isoformat()),
        at=at,
    )
    store.save_reminder(reminder)  # first: a disarm that runs meanwhile finds what it must delete
    scheduler.send_at(reminder.name, at, meta.tenant_id, data, meta.correlation_id)
    return reminder


def disarm(
    meta: Metadata, store: Store, scheduler: Scheduler, match_id: str, subject: str | None = None
) -> int:
    """Deletes the subject's schedules (or all of the relationship's); returns how many there were."""
    found = store.reminders(meta.tenant_id, match_id, subject)
    for reminder in found:
        scheduler.cancel(reminder.name)
        store.forget_reminder(reminder)
    return len(found)
