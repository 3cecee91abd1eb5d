"""The sessions functions' adapters, built once per cold start, each at its
first use: the store and the outbox load PynamoDB and botocore, which a cold start need not pay before a
request needs them (issue 15)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from services.sessions.settings import settings
from shared.events.publisher import Publisher

if TYPE_CHECKING:
    from services.sessions.store import SessionsStore


@cache
def store() -> SessionsStore:
    from services.sessions.store import SessionsStore

    return SessionsStore()


@cache
def publisher() -> Publisher:
    # Events go to the outbox in the service's table, in the write's transaction where the logic says
    # `along`; the table's stream takes them to the bus (shared/storage/outbox.py).
    from shared.storage.outbox import OutboxPublisher

    return OutboxPublisher(settings.sessions_table_name)
