"""What the reports' logic needs from the outside: its table (documents by key) and the bus."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from shared.events.envelope import EventData
from shared.events.publisher import OutgoingEvent


@dataclass(frozen=True)
class Stored:
    document: dict[str, Any]
    revision: int


@dataclass(frozen=True)
class Write:
    """One document to save at the revision it was read (0: only if it does not exist yet)."""

    tenant_id: str
    key: str
    document: dict[str, Any]
    revision: int


class ReportStore(Protocol):
    def read(self, tenant_id: str, key: str) -> Stored | None: ...

    def query(self, tenant_id: str, prefix: str) -> list[Stored]: ...

    def commit(self, writes: list[Write]) -> None:
        """Saves every write or none (a stale revision: Conflict, and nothing is saved)."""
        ...


class Publisher(Protocol):
    def publish_one(self, tenant_id: str, data: EventData) -> object: ...

    def along(self, events: Sequence[OutgoingEvent]) -> AbstractContextManager[None]:
        """The events commit with the write inside the block (shared/storage/outbox.py)."""
        ...
