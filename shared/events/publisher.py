"""Publishing to the bus: typed events in envelopes, in chunks of 10, failed entries retried with backoff."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.events import correlation
from shared.events.envelope import Envelope, EventData, Metadata

CHUNK = 10  # PutEvents takes at most 10 entries
SOURCE_PREFIX = "tandem."


def source_for(producer: str) -> str:
    """The EventBridge `source` of a producing service's events; rules match on it."""
    return f"{SOURCE_PREFIX}{producer}"


def source_of(event_type: str) -> str:
    """The only `source` an event type may come from: its producer in the catalogue."""
    from shared.events.catalog import model_for

    return source_for(model_for(event_type).producer)


def sources_of(event_type: str) -> list[str]:
    """Every `source` an event type may come from: its producer, or each of its `producers`."""
    from shared.events.catalog import model_for

    return [source_for(p) for p in model_for(event_type).allowed_producers()]


class PublishError(RuntimeError):
    """Some entries were still refused after every retry; nothing about the request may be assumed sent."""


@dataclass(frozen=True)
class OutgoingEvent:
    tenant_id: str
    data: EventData


def envelope_for(tenant_id: str, data: EventData, *, now: datetime | None = None) -> Envelope:
    return Envelope(
        metadata=Metadata(
            event_id=str(uuid.uuid4()),
            event_type=data.event_type(),
            version=data.version,
            tenant_id=tenant_id,
            occurred_at=now or datetime.now(UTC),
            correlation_id=correlation.get(),
            producer=data.sent_by(),
            visibility=data.visibility,
        ),
        data=data.model_dump(mode="json"),
    )


class Publisher:
    def __init__(
        self,
        client: Any,  # a boto3 EventBridge client, or a fake in tests
        bus_name: str,
        *,
        attempts: int = 4,
        base_delay: float = 0.1,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._bus = bus_name
        self._attempts = attempts
        self._base_delay = base_delay
        self._sleep = sleep

    def publish(self, events: Sequence[OutgoingEvent]) -> list[Envelope]:
        envelopes = [envelope_for(e.tenant_id, e.data) for e in events]
        entries = [self._entry(env) for env in envelopes]
        for start in range(0, len(entries), CHUNK):
            self._put_with_retry(entries[start : start + CHUNK])
        return envelopes

    def publish_one(self, tenant_id: str, data: EventData) -> Envelope:
        return self.publish([OutgoingEvent(tenant_id, data)])[0]

    @contextmanager
    def along(self, events: Sequence[OutgoingEvent]) -> Iterator[None]:
        """The events of the write done inside the block: straight to the bus, after it, here; in the
        same transaction as the write with `shared.storage.outbox.OutboxPublisher`."""
        yield
        self.publish(events)

    def _entry(self, env: Envelope) -> dict[str, Any]:
        return {
            "EventBusName": self._bus,
            "Source": source_for(env.metadata.producer),
            "DetailType": env.metadata.event_type,
            "Detail": env.model_dump_json(),
            "Time": env.metadata.occurred_at,
        }

    def _put_with_retry(self, entries: list[dict[str, Any]]) -> None:
        pending = entries
        for attempt in range(self._attempts):
            response = self._client.put_events(Entries=pending)
            if not response.get("FailedEntryCount"):
                return
            # Results line up with the entries sent; only those with an ErrorCode are sent again.
            pending = [
                entry
                for entry, result in zip(pending, response["Entries"], strict=True)
                if result.get("ErrorCode")
            ]
            if attempt < self._attempts - 1:
                self._sleep(self._base_delay * 2**attempt)
        codes = sorted({json.loads(e["Detail"])["metadata"]["event_type"] for e in pending})
        raise PublishError(
            f"{len(pending)} event(s) refused by the bus after {self._attempts} attempts: {codes}"
        )
