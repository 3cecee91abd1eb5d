"""Monitoring's events Lambda: each part's handlers, joined; an event both parts need runs both, in order
(each handler is idempotent on its own, so a retry after the second failed repeats the first harmlessly)."""

from __future__ import annotations

from collections.abc import Mapping

from services.monitoring import privacy, questionnaires, reports
from services.monitoring.deps import publisher
from services.monitoring.metrics import SERVICE
from services.monitoring.settings import settings
from shared.events.consumer import Consumer, Handler
from shared.events.envelope import EventData, Metadata
from shared.privacy import answering_handlers
from shared.storage import DynamoProcessedEvents


def joined(*parts: Mapping[type[EventData], Handler]) -> dict[type[EventData], Handler]:
    by_type: dict[type[EventData], list[Handler]] = {}
    for part in parts:
        for model, handle in part.items():
            by_type.setdefault(model, []).append(handle)

    def in_turn(handlers: list[Handler]) -> Handler:
        def handle(meta: Metadata, data: EventData) -> None:
            for each in handlers:
                each(meta, data)

        return handle

    return {model: fns[0] if len(fns) == 1 else in_turn(fns) for model, fns in by_type.items()}


handler = Consumer(
    SERVICE,
    # A person's export and erasure (issue 14): monitoring's share, then its answer.
    joined(questionnaires.HANDLERS, reports.HANDLERS, answering_handlers(privacy.PERSON_DATA, publisher)),
    DynamoProcessedEvents(settings.monitoring_table_name),
)
