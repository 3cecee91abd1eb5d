"""The matching functions' adapters, built once per cold start."""

from __future__ import annotations

from functools import cache

from services.matching.settings import settings
from services.matching.store import MatchingStore
from shared.events.publisher import Publisher
from shared.storage.outbox import OutboxPublisher


@cache
def store() -> MatchingStore:
    return MatchingStore()


@cache
def publisher() -> Publisher:
    # Events go to the outbox in the service's table, in the write's transaction where the logic says
    # `along`; the table's stream takes them to the bus (shared/storage/outbox.py).
    return OutboxPublisher(settings.matching_table_name)
