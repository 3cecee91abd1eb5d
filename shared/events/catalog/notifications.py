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


EVENTS: tuple[type[EventData], ...] = (ApplicationDigestDue,)
