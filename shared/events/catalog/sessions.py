"""The events sessions produces: the agreement signed, goals set, the plan's sessions, absences,
attendance and diary entries. Ids and facts only: what people wrote (the agreement's rules, goals, a
diary, a reason for an absence) stays in sessions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import EventData


class AgreementSigned(EventData):
    producer = "sessions"
    description = "Every member and a manager signed the current version of a relationship's agreement."

    match_id: str
    programme_id: str
    agreement_version: int
    #: The relationship's dates as the agreement sets them (monitoring schedules its questionnaires by
    #: them); absent in events before 2026-12.
    starts_on: date | None = None
    ends_on: date | None = None


class AgreementChanged(EventData):
    producer = "sessions"
    visibility = "internal"
    description = (
        "The mentor or a manager wrote a new version of a relationship's agreement; any signatures of the "
        "old version are cleared, so every member and a manager sign again (the text stays in sessions)."
    )

    match_id: str
    programme_id: str
    agreement_version: int
    signatures_cleared: bool = Field(description="true when someone had signed the version it replaces")


class GoalsSet(EventData):
    producer = "sessions"
    visibility = "internal"
    description = "A mentee wrote their goals (or the mentor the group's goals); the goals stay in sessions."

    match_id: str
    programme_id: str
    mentee_id: str | None = Field(default=None, description="None: the group's goals, written by the mentor")
    goals_version: int
    goal_count: int
    set_by: Literal["mentee", "mentor", "employer"] | None = Field(
        default=None,
        description="employer: goals the mentee's linked employer set for them (seed 002), apart from the "
        "mentee's own; absent in events before 2026-12 (the mentee's, or the mentor's for the group)",
    )


class SessionScheduled(EventData):
    producer = "sessions"
    visibility = "internal"
    description = "A session was added to a relationship's plan."

    session_id: str
    match_id: str
    programme_id: str
    starts_at: datetime
    duration_minutes: int
    mode: Literal["in_person", "online"]


class SessionRescheduled(EventData):
    producer = "sessions"
    visibility = "internal"
    description = "A planned session moved to another time (by the plan's keeper or a mentor's absence)."

    session_id: str
    match_id: str
    programme_id: str
    starts_at: datetime
    previous_starts_at: datetime
    sequence: int
    cause: Literal["changed", "mentor_absent"] = Field(
        default="changed", description="mentor_absent: the mentor cannot come and moved it (AbsenceNoticed)"
    )
    late: bool = Field(default=False, description="a mentor's notice under 48 hours before the old start")


class SessionCancelled(EventData):
    producer = "sessions"
    visibility = "internal"
    description = "A planned session was cancelled (by the plan's keeper, or because the relationship ended)."

    session_id: str
    match_id: str
    programme_id: str
    reason: Literal["cancelled", "relationship_ended"] = "cancelled"


class AbsenceNoticed(EventData):
    producer = "sessions"
    visibility = "internal"
    description = (
        "A member said they cannot come to a session; a mentor's notice under 48 hours before the start "
        "is late (the reason given stays in sessions)."
    )

    session_id: str
    match_id: str
    programme_id: str
    participant_id: str
    role: Literal["mentor", "mentee"]
    late: bool


class SessionHeld(EventData):
    producer = "sessions"
    visibility = "internal"
    description = "A mentor recorded who came to a session; the diary's writer is set."

    session_id: str
    match_id: str
    programme_id: str
    present: list[str] = Field(description="participant ids of the mentees who were there")
    diary_writer_id: str | None = None


class DiaryEntrySubmitted(EventData):
    producer = "sessions"
    visibility = "internal"
    description = "The mentee whose turn it was wrote a session's diary entry (ids only, never its text)."

    session_id: str
    match_id: str
    programme_id: str
    writer_id: str
    entry_version: int


class WorkPlanWritten(EventData):
    producer = "sessions"
    visibility = "internal"
    description = (
        "A mentor or mentee wrote or ticked a relationship's work plan for a day or a week (seed 002); "
        "counts only, the tasks stay in sessions."
    )

    match_id: str
    programme_id: str
    period: str = Field(description="the day (YYYY-MM-DD) or ISO week (YYYY-Www) the plan is for")
    plan_version: int
    task_count: int
    done_count: int


class TalkFeedbackGiven(EventData):
    producer = "sessions"
    visibility = "internal"
    description = (
        "A member rated a held session (Mentoring 2.0's feedback talks, seed 001): the rating only, never "
        "what they wrote to keep or change."
    )

    session_id: str
    match_id: str
    programme_id: str
    role: Literal["mentor", "mentee"]
    usefulness: int = Field(ge=1, le=5, description="how useful the talk was, 1 (not) to 5 (very)")


EVENTS: tuple[type[EventData], ...] = (
    AgreementSigned,
    AgreementChanged,
    GoalsSet,
    SessionScheduled,
    SessionRescheduled,
    SessionCancelled,
    AbsenceNoticed,
    SessionHeld,
    DiaryEntrySubmitted,
    WorkPlanWritten,
    TalkFeedbackGiven,
)
