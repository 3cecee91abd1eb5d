"""Consumers' memory of handled events, in the service's own table (see `shared.events.consumer`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError

from shared.events.claims import EventInProgress
from shared.storage.base import TenantModel, condition_failed

_DONE, _IN_PROGRESS = "done", "in_progress"


class ProcessedEventBase(TenantModel):
    KIND = "EVENT"
    status = UnicodeAttribute()
    in_progress_until = NumberAttribute(default=0)


@cache
def _processed_model(table_name: str) -> type[ProcessedEventBase]:
    meta = type("Meta", (), {"table_name": table_name})
    return type(f"ProcessedEvent_{table_name}", (ProcessedEventBase,), {"Meta": meta})


class DynamoProcessedEvents:
    """`ProcessedEvents` in the service's own table: a claim is a conditional put that expires."""

    def __init__(
        self, table_name: str, *, hold: timedelta = timedelta(minutes=5), keep: timedelta = timedelta(days=14)
    ) -> None:
        self._model = _processed_model(table_name)
        self._hold = hold
        self._keep = keep

    def claim(self, tenant_id: str, event_id: str) -> bool:
        now = datetime.now(UTC)
        item = self._model.new_in(
            tenant_id,
            event_id,
            status=_IN_PROGRESS,
            in_progress_until=int((now + self._hold).timestamp()),
            ttl=now + self._keep,
        )
        m = self._model
        # A claim left behind by a delivery that died (its hold ran out) may be taken over.
        free = m.pk.does_not_exist() | (
            (m.status == _IN_PROGRESS) & (m.in_progress_until < int(now.timestamp()))
        )
        try:
            item.save(condition=free)
            return True
        except PutError as exc:
            if not condition_failed(exc):
                raise
        existing = self._model.get_in(tenant_id, event_id, consistent_read=True)
        if existing is not None and existing.status == _DONE:
            return False
        raise EventInProgress(f"event {event_id} is being handled by another delivery")

    def complete(self, tenant_id: str, event_id: str) -> None:
        now = datetime.now(UTC)
        self._model.new_in(tenant_id, event_id, status=_DONE, ttl=now + self._keep).save()

    def release(self, tenant_id: str, event_id: str) -> None:
        try:
            self._model.new_in(tenant_id, event_id).delete(condition=self._model.status == _IN_PROGRESS)
        except DeleteError as exc:
            if not condition_failed(exc):
                raise
