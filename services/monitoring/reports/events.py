"""The reports part's event handlers: every event it projects goes to the `Projector` (one change each;
the consumer has claimed the event id, so a delivery runs once)."""

from __future__ import annotations

from services.monitoring.reports.deps import projector
from services.monitoring.reports.logic.projection import APPLY
from shared.events.consumer import Handler
from shared.events.envelope import EventData, Metadata


def project(meta: Metadata, data: EventData) -> None:
    projector().apply(meta, data)


HANDLERS: dict[type[EventData], Handler] = {model: project for model in APPLY}
