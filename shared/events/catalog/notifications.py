"""The events notifications produces (for itself: the digest's timer)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import EventData


class ApplicationDigestDue(EventData):
    producer = "notifications"
    visibility = "internal"
    description = (
        "An hour of applications to one programme is over: time for the managers' digest. Delivered by "
        "EventBridge Scheduler into notifications' own queue, never put on the bus."
    )

    programme_id: str
    hour: datetime = Field(description="the start (UTC) of the hour whose applications the digest counts")


class SmsDue(EventData):
    producer = "notifications"
    visibility = "internal"
    description = (
        "An SMS written during the municipality's quiet hours (21:00-08:00) may go now. Delivered by "
        "EventBridge Scheduler into notifications' own queue at 08:00 local time, never put on the bus."
    )

    person_id: str
    template: str = Field(description="which fixed SMS text (session_moved, session_cancelled, ...)")
    delivery_id: str = Field(description="the held message's id in the delivery log")
    link_path: str = Field(description="the page the text links to, under /app/{tenant_slug}/ (ids only)")
    starts_at: datetime | None = Field(default=None, description="the session's start the text names")


# --- reminders: each delivered by a one-time schedule into notifications' own queue, never on the bus;
# what is sent is decided when it arrives, from the state then (a cancelled session's reminder sends none).


class SessionReminderDue(EventData):
    producer = "notifications"
    visibility = "internal"
    description = "A session starts within the programme's lead time (24 h by default): remind its members."

    session_id: str
    match_id: str
    programme_id: str
    starts_at: datetime = Field(description="the start the reminder was made for; a moved session's differs")


class DiaryReminderDue(EventData):
    producer = "notifications"
    visibility = "internal"
    description = (
        "Two hours after a held session: remind the mentee whose turn it is, if the diary is unwritten."
    )

    session_id: str
    match_id: str
    programme_id: str
    writer_id: str = Field(description="participant id of the mentee whose turn it is")


class QuestionnaireReminderDue(EventData):
    producer = "notifications"
    visibility = "internal"
    description = (
        "A questionnaire is due in two days, or overdue: remind its assignee unless it is submitted."
    )

    assignment_id: str
    match_id: str
    programme_id: str
    participant_id: str
    due_on: date
    stage: Literal["due_soon", "overdue"]


class WeeklyDigestDue(EventData):
    producer = "notifications"
    visibility = "internal"
    description = "Monday morning: the municipality's managers get the week's figures (counts and links)."

    week_of: date = Field(description="the Monday the digest is for, in the municipality's time zone")


class RiskDigestDue(EventData):
    producer = "notifications"
    visibility = "internal"
    description = "The day's relationships newly at risk in one programme go to its managers in one e-mail."

    programme_id: str
    day: date = Field(description="the day (the municipality's) whose morning the digest is sent")


EVENTS: tuple[type[EventData], ...] = (
    ApplicationDigestDue,
    SmsDue,
    SessionReminderDue,
    DiaryReminderDue,
    QuestionnaireReminderDue,
    WeeklyDigestDue,
    RiskDigestDue,
)
