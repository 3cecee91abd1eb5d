"""Consuming from a service's queue: SQS batch → EventBridge event → envelope → typed handler.

Failures are reported per record (partial batch response), so one bad record is retried alone and,
after the queue's receive count, lands in its DLQ. Every record is processed at most once per event id.

An event whose `source` or `metadata.producer` is not the catalogue's producer for its type is refused:
logged at error level as "event refused" (a metric filter in the cloud alarms on it) and acknowledged,
not retried, since a forged or misrouted event never becomes genuine by waiting.

Handlers may be named rather than imported (issue 15, a handler imports in 300 ms): the event type by its
catalogue name, the handler as "package.module:function". A named handler's module is imported, and its
event's model looked up in the catalogue, at the first event of that type, so a cold start pays for neither.
tests/unit/test_event_handler_names.py checks every service's names resolve to a handler of their event.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol, cast

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from aws_lambda_powertools.utilities.typing import LambdaContext

from shared.events import correlation
from shared.events.batch import QueueRecord, partial_batch_response
from shared.events.claims import EventInProgress as EventInProgress
from shared.events.envelope import Envelope, EventData, Metadata
from shared.events.publisher import source_for
from shared.observability import logger_for


class ProcessedEvents(Protocol):
    """Remembers which event ids a service has handled (see `shared.storage.DynamoProcessedEvents`)."""

    def claim(self, tenant_id: str, event_id: str) -> bool:
        """True when this delivery should run; False when the event was handled or is in hand elsewhere."""
        ...

    def complete(self, tenant_id: str, event_id: str) -> None: ...

    def release(self, tenant_id: str, event_id: str) -> None: ...


#: The log message the cloud's metric filter counts (infra/cloud/service.py).
REFUSED_MESSAGE = "event refused"


Handler = Callable[[Metadata, Any], None]
#: A handler named, not imported: "package.module:function" (imported at the first event of its type).
HandlerName = str
#: What handles one event type: a handler, a named one, or several run in turn (each is idempotent on its
#: own, so a retry after a later one failed repeats the earlier ones harmlessly).
Handling = Handler | HandlerName | tuple[Handler | HandlerName, ...]
#: A consumer's handlers: by event model, or by the event type's catalogue name (the model is then looked up
#: at the first event of that type).
Handlers = Mapping[str, Handling] | Mapping[type[EventData], Handling]


def handler_named(name: HandlerName) -> Handler:
    """The handler `name` ("package.module:function") names, its module imported now."""
    module, _, attribute = name.partition(":")
    found = getattr(importlib.import_module(module), attribute)
    if not callable(found):
        raise TypeError(f"{name} is not a handler")
    return cast(Handler, found)


def model_named(event_type: str) -> type[EventData]:
    """The catalogue's model of `event_type` (only its producer's module is loaded)."""
    from shared.events import catalog

    model = getattr(catalog, event_type)
    if not (isinstance(model, type) and issubclass(model, EventData) and model.event_type() == event_type):
        raise LookupError(f"{event_type} is not an event type of the catalogue")
    return model


def in_turn(handlers: list[Handler]) -> Handler:
    """One handler running `handlers` one after another."""

    def handle(meta: Metadata, data: EventData) -> None:
        for each in handlers:
            each(meta, data)

    return handle


def _type_name(key: type[EventData] | str) -> str:
    return key if isinstance(key, str) else key.event_type()


class Consumer:
    def __init__(self, service: str, handlers: Handlers, processed: ProcessedEvents) -> None:
        self._service = service
        self._named = {_type_name(key): (key, handling) for key, handling in handlers.items()}
        self._handlers: dict[str, tuple[type[EventData], Handler]] = {}
        self._processed = processed
        self._logger = logger_for(service)
        self._refused = 0

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return partial_batch_response(event, self.handle_record, self._logger)

    def handle_record(self, record: QueueRecord) -> None:
        bridge = EventBridgeModel.model_validate(json.loads(record.body))
        envelope = Envelope.model_validate(bridge.detail)
        meta = envelope.metadata
        model, handle = self._handling(bridge.detail_type)
        if not self._genuine(bridge, meta, model):
            return
        data = model.model_validate(envelope.data)
        token = correlation.set(meta.correlation_id)
        log = {"event_type": meta.event_type, "event_id": meta.event_id, "tenant_id": meta.tenant_id}
        try:
            if not self._processed.claim(meta.tenant_id, meta.event_id):
                self._logger.info("event already handled", extra=log)
                return
            try:
                handle(meta, data)
            except Exception:
                self._processed.release(meta.tenant_id, meta.event_id)
                self._logger.warning("event handling failed", extra=log)
                raise
            self._processed.complete(meta.tenant_id, meta.event_id)
            self._logger.info("event handled", extra=log)
        finally:
            correlation.reset(token)

    @property
    def event_types(self) -> list[str]:
        """The event types this consumer handles (by name: nothing is imported to answer)."""
        return list(self._named)

    def handlers_of(self, event_type: str) -> tuple[type[EventData], list[Handler]]:
        """The model of `event_type` and its handlers in turn, imported now."""
        if event_type not in self._named:
            raise LookupError(f"{self._service} has no handler for {event_type}")
        key, handling = self._named[event_type]
        model = model_named(key) if isinstance(key, str) else key
        each = handling if isinstance(handling, tuple) else (handling,)
        return model, [handler_named(h) if isinstance(h, str) else h for h in each]

    def _handling(self, event_type: str) -> tuple[type[EventData], Handler]:
        """The model and handler of `event_type`, imported at its first event."""
        if event_type not in self._handlers:
            model, handlers = self.handlers_of(event_type)
            self._handlers[event_type] = (model, handlers[0] if len(handlers) == 1 else in_turn(handlers))
        return self._handlers[event_type]

    def _genuine(self, bridge: EventBridgeModel, meta: Metadata, model: type[EventData]) -> bool:
        """Whether the event comes from the service the catalogue names as its producer."""
        allowed = model.allowed_producers()
        # The source must be the producer the envelope names, and that one of the type's producers.
        expected = meta.producer if meta.producer in allowed else model.producer
        problems = [
            problem
            for problem, bad in (
                ("source", bridge.source != source_for(expected)),
                ("metadata.producer", meta.producer not in allowed),
                ("metadata.event_type", meta.event_type != bridge.detail_type),
            )
            if bad
        ]
        if not problems:
            return True
        self._refused += 1
        self._logger.error(
            REFUSED_MESSAGE,
            extra={
                "event_type": bridge.detail_type,
                "event_id": meta.event_id,
                "tenant_id": meta.tenant_id,
                "source": bridge.source,
                "producer": meta.producer,
                "expected_producer": expected,
                "mismatch": problems,
            },
        )
        return False

    @property
    def refused(self) -> int:
        """Events refused since this consumer was made (this container, in the cloud)."""
        return self._refused


class ProcessedIn:
    """`shared.storage.DynamoProcessedEvents` of `table_name`, made at the first event: PynamoDB and
    botocore are ~95 ms a cold start need not pay before an event arrives."""

    def __init__(self, table_name: str) -> None:
        self._table_name = table_name
        self._made: ProcessedEvents | None = None

    def _events(self) -> ProcessedEvents:
        if self._made is None:
            from shared.storage.processed import DynamoProcessedEvents

            self._made = DynamoProcessedEvents(self._table_name)
        return self._made

    def claim(self, tenant_id: str, event_id: str) -> bool:
        return self._events().claim(tenant_id, event_id)

    def complete(self, tenant_id: str, event_id: str) -> None:
        self._events().complete(tenant_id, event_id)

    def release(self, tenant_id: str, event_id: str) -> None:
        self._events().release(tenant_id, event_id)
