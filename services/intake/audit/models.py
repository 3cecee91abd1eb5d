"""The audit trail's entries as intake keeps them, and the pages of them a manager reads."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from shared.events.catalog.audit import ActorRole, AuditAction, DataKind
from shared.model import BaseModel

#: The hash the first entry of a day follows.
GENESIS = "0" * 64


class TrailEntry(BaseModel):
    """One read or change of one subject's personal data: a link of its municipality's chain of the day."""

    entry_id: str = Field(description="<day>#<position>: where the entry sits in its municipality's chain")
    tenant_id: str
    day: str = Field(description="the UTC day of the chain, YYYY-MM-DD")
    position: int = Field(ge=1, description="1 for the day's first entry, then without gaps")
    at: datetime
    event_id: str
    correlation_id: str
    service: str
    actor_user_id: str
    actor_person_id: str | None = None
    actor_role: ActorRole
    action: AuditAction
    kind: DataKind
    subject_participant_id: str
    resource_id: str
    previous_hash: str = Field(description="the hash of the entry before it in the chain")
    hash: str = Field(description="sha256 of this entry's canonical JSON, which holds previous_hash")


class AuditEntryView(BaseModel):
    """What a manager sees of an entry: who, what, when, in which request (never the data itself)."""

    entry_id: str
    at: datetime
    actor_person_id: str | None
    actor_role: ActorRole
    action: AuditAction
    kind: DataKind
    subject_participant_id: str
    resource_id: str
    service: str
    correlation_id: str
    partner_client_id: str | None = Field(
        default=None, description="the partner system's client id, when a partner system read or changed"
    )


class AuditPage(BaseModel):
    items: list[AuditEntryView]
    next_token: str | None = Field(default=None, description="the next, older page; absent on the last")


class ChainProblem(BaseModel):
    """What the check found wrong with a day's chain, naming the entry."""

    entry_id: str
    problem: str = Field(description="changed | missing | out_of_order")
