"""Monitoring's events Lambda: each part's handlers, joined; an event both parts need runs both, in order
(each handler is idempotent on its own, so a retry after the second failed repeats the first harmlessly).

Handlers are named, not imported (issue 15): each part's module loads at the first event it handles."""

from __future__ import annotations

from collections.abc import Mapping

from services.monitoring import questionnaires, reports
from services.monitoring.metrics import SERVICE
from services.monitoring.settings import settings
from shared.events.consumer import Consumer, HandlerName, ProcessedIn
from shared.privacy import answering_names


def joined(*parts: Mapping[str, HandlerName]) -> dict[str, tuple[HandlerName, ...]]:
    """Each event type's handlers in the parts' order (the consumer runs them in turn)."""
    by_type: dict[str, tuple[HandlerName, ...]] = {}
    for part in parts:
        for event_type, handle in part.items():
            by_type[event_type] = (*by_type.get(event_type, ()), handle)
    return by_type


handler = Consumer(
    SERVICE,
    # A person's export and erasure (issue 14): monitoring's share, then its answer.
    joined(questionnaires.HANDLERS, reports.HANDLERS, answering_names("services.monitoring.handlers")),
    ProcessedIn(settings.monitoring_table_name),
)
