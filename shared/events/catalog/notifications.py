"""The events notifications produces (for itself: the digest's timer)."""

from __future__ import annotations

from datetime import datetime

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


EVENTS: tuple[type[EventData], ...] = (ApplicationDigestDue, SmsDue)
