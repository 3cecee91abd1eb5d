"""Arming and disarming reminders as sessions, questionnaires and relationships change.

Each runs after the relationship mail's projection of the same event (events.py), so a session's time is
the projection's: an older move arriving late does not bring its old reminder back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Literal

from services.notifications.logic import NotYetKnown
from services.notifications.reminders.models import Assignment, HeldSession
from services.notifications.reminders.schedules import (
    DIARY_AFTER,
    OVERDUE_AFTER,
    QUESTIONNAIRE_BEFORE,
    Scheduler,
    Store,
    arm,
    disarm,
    morning_of,
    next_monday_morning,
    programme,
    schedule_name,
)
from shared.events.catalog import (
    DiaryEntrySubmitted,
    DiaryReminderDue,
    MatchConfirmed,
    MatchEnded,
    ProgrammeOpened,
    QuestionnaireAssigned,
    QuestionnaireReminderDue,
    QuestionnaireSubmitted,
    SessionCancelled,
    SessionHeld,
    SessionReminderDue,
    SessionRescheduled,
    SessionScheduled,
    WeeklyDigestDue,
)
from shared.events.envelope import EventData, Metadata


def session_subject(session_id: str) -> str:
    return f"session:{session_id}"


def diary_subject(session_id: str) -> str:
    return f"diary:{session_id}"


def questionnaire_subject(assignment_id: str) -> str:
    return f"questionnaire:{assignment_id}"


def _remind_of_session(
    meta: Metadata,
    data: SessionScheduled | SessionRescheduled,
    store: Store,
    scheduler: Scheduler,
    now: datetime,
) -> None:
    """One schedule per session, at its start less the programme's lead time; a move replaces it."""
    disarm(meta, store, scheduler, data.match_id, session_subject(data.session_id))
    session = store.session(meta.tenant_id, data.session_id)
    if session is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before its session's projection")
    if session.status != "planned" or store.ended(meta.tenant_id, data.match_id):
        return
    lead = programme(meta, store, data.programme_id).session_reminder_hours
    due = SessionReminderDue(
        session_id=data.session_id,
        match_id=data.match_id,
        programme_id=data.programme_id,
        starts_at=session.starts_at,
    )
    at = session.starts_at - timedelta(hours=lead)
    arm(
        meta,
        store,
        scheduler,
        match_id=data.match_id,
        subject=session_subject(data.session_id),
        at=at,
        data=due,
        now=now,
    )


def session_cancelled(
    meta: Metadata, data: SessionCancelled, store: Store, scheduler: Scheduler, now: datetime
) -> None:
    disarm(meta, store, scheduler, data.match_id, session_subject(data.session_id))


def session_held(
    meta: Metadata, data: SessionHeld, store: Store, scheduler: Scheduler, now: datetime
) -> None:
    """The diary is asked of the mentee whose turn it is, two hours after the attendance was recorded."""
    disarm(meta, store, scheduler, data.match_id, session_subject(data.session_id))
    held = HeldSession(
        tenant_id=meta.tenant_id,
        session_id=data.session_id,
        match_id=data.match_id,
        programme_id=data.programme_id,
        held_at=meta.occurred_at,
        writer_id=data.diary_writer_id,
    )
    store.save_held(held)
    already = store.held(meta.tenant_id, data.session_id)
    if data.diary_writer_id is None or (already is not None and already.diary_written):
        return
    due = DiaryReminderDue(
        session_id=data.session_id,
        match_id=data.match_id,
        programme_id=data.programme_id,
        writer_id=data.diary_writer_id,
    )
    at = meta.occurred_at + DIARY_AFTER
    arm(
        meta,
        store,
        scheduler,
        match_id=data.match_id,
        subject=diary_subject(data.session_id),
        at=at,
        data=due,
        now=now,
    )


def diary_submitted(
    meta: Metadata, data: DiaryEntrySubmitted, store: Store, scheduler: Scheduler, now: datetime
) -> None:
    store.diary_written(meta.tenant_id, data.session_id)
    disarm(meta, store, scheduler, data.match_id, diary_subject(data.session_id))


def match_ended(meta: Metadata, data: MatchEnded, store: Store, scheduler: Scheduler, now: datetime) -> None:
    """An ended relationship is reminded of nothing more (its sessions' cancellations may come later)."""
    store.match_ended(meta.tenant_id, data.match_id)
    disarm(meta, store, scheduler, data.match_id)


def questionnaire_assigned(
    meta: Metadata, data: QuestionnaireAssigned, store: Store, scheduler: Scheduler, now: datetime
) -> None:
    """Two reminders: two days before the date, and the morning after it (overdue), both at 09:00 local."""
    store.save_assignment(
        Assignment(
            tenant_id=meta.tenant_id,
            assignment_id=data.assignment_id,
            match_id=data.match_id,
            programme_id=data.programme_id,
            participant_id=data.participant_id,
            kind=data.kind,
            due_on=data.due_on,
        )
    )
    assignment = store.assignment(meta.tenant_id, data.assignment_id)
    if assignment is not None and assignment.submitted:  # the submission overtook the assignment
        return
    zone = programme(meta, store, data.programme_id).timezone
    stages: dict[Literal["due_soon", "overdue"], datetime] = {
        "due_soon": morning_of(data.due_on - QUESTIONNAIRE_BEFORE, zone),
        "overdue": morning_of(data.due_on + OVERDUE_AFTER, zone),
    }
    for stage, at in stages.items():
        due = QuestionnaireReminderDue(
            assignment_id=data.assignment_id,
            match_id=data.match_id,
            programme_id=data.programme_id,
            participant_id=data.participant_id,
            due_on=data.due_on,
            stage=stage,
        )
        subject = questionnaire_subject(data.assignment_id)
        arm(meta, store, scheduler, match_id=data.match_id, subject=subject, at=at, data=due, now=now)


def questionnaire_submitted(
    meta: Metadata, data: QuestionnaireSubmitted, store: Store, scheduler: Scheduler, now: datetime
) -> None:
    store.assignment_submitted(meta.tenant_id, data.assignment_id)
    disarm(meta, store, scheduler, data.match_id, questionnaire_subject(data.assignment_id))


def weekly_digest(meta: Metadata, store: Store, scheduler: Scheduler, now: datetime, zone: str) -> None:
    """Makes sure the municipality's next Monday digest is scheduled (its name is the week's: once)."""
    at = next_monday_morning(now, zone)
    week_of = at.astimezone(at.tzinfo).date()
    name = schedule_name("weekly", meta.tenant_id, week_of.isoformat())
    scheduler.send_at(name, at, meta.tenant_id, WeeklyDigestDue(week_of=week_of), meta.correlation_id)


def programme_opened(
    meta: Metadata, data: ProgrammeOpened, store: Store, scheduler: Scheduler, now: datetime
) -> None:
    weekly_digest(meta, store, scheduler, now, data.timezone)


def match_confirmed(
    meta: Metadata, data: MatchConfirmed, store: Store, scheduler: Scheduler, now: datetime
) -> None:
    weekly_digest(meta, store, scheduler, now, programme(meta, store, data.programme_id).timezone)


Planning = Callable[[Metadata, Any, Store, Scheduler, datetime], None]

#: What each event does to the schedules (events.py runs it after the event's mail and projections).
PLANNING: dict[type[EventData], Planning] = {
    SessionScheduled: _remind_of_session,
    SessionRescheduled: _remind_of_session,
    SessionCancelled: session_cancelled,
    SessionHeld: session_held,
    DiaryEntrySubmitted: diary_submitted,
    MatchEnded: match_ended,
    QuestionnaireAssigned: questionnaire_assigned,
    QuestionnaireSubmitted: questionnaire_submitted,
    ProgrammeOpened: programme_opened,
    MatchConfirmed: match_confirmed,
}
