"""The transactional outbox: a service's write and its events commit together, in the service's own table.

An event is an outbox item (`<tenant>#OUTBOX`, sort key its event id) holding the whole envelope. In the
cloud the table's stream feeds an EventBridge Pipe that puts each new outbox item on the bus (the item
expires a day later); on this machine `infra/local/relay.py` does the same and deletes what it relayed.
So a request answers once its write is committed, whatever the bus is doing, and an event leaves the
service if and only if the write that caused it stayed. Consumers are idempotent on the event id, which
is fixed when the item is written, so a relay that sends twice after a crash does no harm.

Two ways in, both through `OutboxPublisher` (every service's `deps.publisher()`):
- `publish(events)`: writes the outbox items at once (one transaction of their own) — for logic that
  has already written, or writes nothing (scheduler-delivered work);
- `along(events)`: the events join the next `shared.storage.transaction()` that commits inside the block,
  in the same DynamoDB transaction as the write; if none commits, they are written on leaving the block.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from shared.events.envelope import Envelope
from shared.events.publisher import OutgoingEvent, Publisher, envelope_for, source_for

KIND = "OUTBOX"
#: The partition key's ending the Pipe's filter and the local relay look for.
PK_SUFFIX = f"#{KIND}"
#: In the cloud nothing deletes a relayed item: it expires (the stream's REMOVE is filtered out).
KEEP = timedelta(days=1)
#: DynamoDB's limit of items in one transaction, less room for the write the events go with.
MAX_ALONG = 90


class OutboxItem(Model):
    """One event waiting for the bus. `detail` is the envelope's JSON, put on the bus as it is."""

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    event_type = UnicodeAttribute()
    source = UnicodeAttribute()
    detail = UnicodeAttribute()
    occurred_at = UnicodeAttribute()
    ttl = TTLAttribute(null=True)


@cache
def outbox_model(table_name: str) -> type[OutboxItem]:
    """The outbox item type of one service's table (PynamoDB binds a model to its table)."""
    meta = type("Meta", (), {"table_name": table_name})
    return type(f"OutboxItem_{table_name.replace('-', '_')}", (OutboxItem,), {"Meta": meta})


def item_for(table_name: str, env: Envelope) -> OutboxItem:
    meta = env.metadata
    return outbox_model(table_name)(
        f"{meta.tenant_id}{PK_SUFFIX}",
        meta.event_id,
        event_type=meta.event_type,
        source=source_for(meta.producer),
        detail=env.model_dump_json(),
        occurred_at=meta.occurred_at.isoformat(),
        ttl=datetime.now(UTC) + KEEP,
    )


def entry_for(image: dict[str, Any], bus_name: str) -> dict[str, Any]:
    """The PutEvents entry of an outbox item's stream image (what the Pipe's target parameters build)."""
    return {
        "EventBusName": bus_name,
        "Source": image["source"]["S"],
        "DetailType": image["event_type"]["S"],
        "Detail": image["detail"]["S"],
        "Time": datetime.fromisoformat(image["occurred_at"]["S"]),
    }


def is_outbox_image(image: dict[str, Any] | None) -> bool:
    return bool(image) and str(image.get("pk", {}).get("S", "")).endswith(PK_SUFFIX)  # type: ignore[union-attr]


@dataclass
class _Staged:
    table_name: str
    envelopes: list[Envelope]
    taken: bool = False


_staged: contextvars.ContextVar[_Staged | None] = contextvars.ContextVar("outbox_staged", default=None)


class OutboxTransactWrite(TransactWrite):
    """`shared.storage.transaction()`: adds the events staged by `OutboxPublisher.along` to its commit.

    They go last (as updates that create the item), so the positions a store reads its refused
    conditions at (`condition_failed_at`) stay what they were without them."""

    def _commit(self) -> Any:
        staged = _staged.get()
        if staged is not None and not staged.taken:
            model = outbox_model(staged.table_name)
            for env in staged.envelopes:
                item = item_for(staged.table_name, env)
                self.update(
                    item,
                    actions=[
                        model.event_type.set(item.event_type),
                        model.source.set(item.source),
                        model.detail.set(item.detail),
                        model.occurred_at.set(item.occurred_at),
                        model.ttl.set(item.ttl),
                    ],
                    condition=model.pk.does_not_exist(),
                )
            response = super()._commit()
            staged.taken = True
            return response
        return super()._commit()


class OutboxPublisher(Publisher):
    """A `Publisher` whose events go to the service's outbox, never straight to the bus."""

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name

    def publish(self, events: Sequence[OutgoingEvent]) -> list[Envelope]:
        envelopes = [envelope_for(e.tenant_id, e.data) for e in events]
        self._write(envelopes)
        return envelopes

    @contextmanager
    def along(self, events: Sequence[OutgoingEvent]) -> Iterator[None]:
        envelopes = [envelope_for(e.tenant_id, e.data) for e in events]
        if len(envelopes) > MAX_ALONG:
            raise ValueError(f"{len(envelopes)} events cannot join one transaction")
        staged = _Staged(self.table_name, envelopes)
        token = _staged.set(staged)
        try:
            yield
        finally:
            _staged.reset(token)
        # Reached only when the block succeeded: a write that failed takes its events with it.
        if not staged.taken:
            self._write(envelopes)

    def _write(self, envelopes: list[Envelope]) -> None:
        for start in range(0, len(envelopes), MAX_ALONG):
            with TransactWrite(connection=_connection()) as tx:
                for env in envelopes[start : start + MAX_ALONG]:
                    tx.save(item_for(self.table_name, env))


def _connection() -> Any:
    from shared.storage.base import _connection as shared_connection

    return shared_connection()
