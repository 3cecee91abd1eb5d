"""The monitoring functions' shared adapters, built once per cold start (each part keeps its own store)."""

from __future__ import annotations

from functools import cache

from services.monitoring.settings import settings
from shared.events.publisher import Publisher
from shared.storage.outbox import OutboxPublisher


@cache
def publisher() -> Publisher:
    # Events go to the outbox in the service's table, in the write's transaction where the logic says
    # `along`; the table's stream takes them to the bus (shared/storage/outbox.py).
    return OutboxPublisher(settings.monitoring_table_name)
