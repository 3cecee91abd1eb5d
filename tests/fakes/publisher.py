"""A `Publisher` that records what would have gone to the bus."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from shared.events.envelope import EventData
from shared.events.publisher import OutgoingEvent


class RecordingPublisher:
    def __init__(self) -> None:
        #: (tenant id, event) in publishing order.
        self.sent: list[tuple[str, EventData]] = []

    def publish(self, events: Iterable[OutgoingEvent]) -> None:
        self.sent += [(e.tenant_id, e.data) for e in events]

    def publish_one(self, tenant_id: str, data: EventData) -> None:
        self.sent.append((tenant_id, data))

    @contextmanager
    def along(self, events: Iterable[OutgoingEvent]) -> Iterator[None]:
        yield  # recorded only when the write inside the block succeeded, as the outbox does
        self.publish(events)

    def events(self) -> list[EventData]:
        return [data for _, data in self.sent]

    def types(self) -> list[str]:
        return [data.event_type() for _, data in self.sent]
