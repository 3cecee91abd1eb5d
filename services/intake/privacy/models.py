"""A person's export and erasure as intake keeps them (the requests; each service's answer apart)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from shared.events.catalog.privacy import ErasureReason
from shared.model import BaseModel


class Export(BaseModel):
    tenant_id: str
    export_id: str
    person_id: str
    participant_ids: list[str]
    #: Who asked: the manager's person id, or the person's own.
    requested_by: str
    requested_at: datetime
    languages: list[str] = Field(default_factory=lambda: ["en"])


class Erasure(BaseModel):
    tenant_id: str
    erasure_id: str
    person_id: str
    participant_ids: list[str]
    reason: ErasureReason
    #: The manager's note: kept here only, never in an event or the ledger.
    note: str = ""
    requested_by: str
    requested_at: datetime


class LedgerEntry(BaseModel):
    """What survives an erasure: ids and the time, so a restored table can be erased again."""

    tenant_id: str
    erasure_id: str
    person_id: str
    participant_ids: list[str]
    reason: ErasureReason
    requested_at: datetime
