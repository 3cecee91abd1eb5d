"""Consuming from a service's queue: SQS batch → EventBridge event → envelope → typed handler.

Failures are reported per record (partial batch response), so one bad record is retried alone and,
after the queue's receive count, lands in its DLQ. Every record is processed at most once per event id.

An event whose `source` or `metadata.producer` is not the catalogue's producer for its type is refused:
logged at error level as "event refused" (a metric filter in the cloud alarms on it) and acknowledged,
not retried, since a forged or misrouted event never becomes genuine by waiting.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from aws_lambda_powertools.utilities.typing import LambdaContext

from shared.events import correlation
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


class Consumer:
    def __init__(
        self, service: str, handlers: Mapping[type[EventData], Handler], processed: ProcessedEvents
    ) -> None:
        self._service = service
        self._handlers = {model.event_type(): (model, fn) for model, fn in handlers.items()}
        self._processed = processed
        self._logger = logger_for(service)
        self._refused = 0

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        processor = BatchProcessor(event_type=EventType.SQS)
        return process_partial_response(  # type: ignore[return-value]
            event=event, record_handler=self.handle_record, processor=processor, context=context
        )

    def handle_record(self, record: SQSRecord) -> None:
        bridge = EventBridgeModel.model_validate(json.loads(record.body))
        envelope = Envelope.model_validate(bridge.detail)
        meta = envelope.metadata
        if bridge.detail_type not in self._handlers:
            raise LookupError(f"{self._service} has no handler for {bridge.detail_type}")
        model, handle = self._handlers[bridge.detail_type]
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
