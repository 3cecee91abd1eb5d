"""The reports part's event handlers: every event it projects goes to the `Projector` (one change each;
the consumer has claimed the event id, so a delivery runs once)."""

from __future__ import annotations

from services.monitoring.reports.deps import projector
from shared.events.envelope import EventData, Metadata


def project(meta: Metadata, data: EventData) -> None:
    projector().apply(meta, data)
