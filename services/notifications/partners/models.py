"""Partner subscriptions: a partner system receives a municipality's public events at its endpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from shared.model import BaseModel

#: Where the subscriptions of the network admin live (they see every municipality's public events):
#: `shared.storage.NETWORK`, written out so the public catalogue's function loads no PynamoDB (issue 15;
#: tests/unit/test_event_handler_names.py keeps the two equal).
NETWORK_SCOPE = "NETWORK"


class Subscription(BaseModel):
    """One partner endpoint and the public event types it receives; the API key is not part of it: it is
    kept by EventBridge's connection (Secrets Manager) and only a masked hint stays here."""

    tenant_id: str  # the subscriber's municipality, or NETWORK_SCOPE for the network admin
    subscription_id: str
    event_types: list[str]
    endpoint: str
    api_key_header: str | None = None
    api_key_hint: str | None = None
    created_at: datetime
    created_by: str

    @property
    def network_wide(self) -> bool:
        return self.tenant_id == NETWORK_SCOPE


class DeliveryAttempt(BaseModel):
    """What happened to one event at one subscription, as the delivery (EventBridge or local) reports it."""

    event_id: str
    event_type: str
    status: Literal["delivered", "retrying", "failed"]
    attempts: int
    last_status_code: int | None = None
    at: datetime
    replayed: bool = False
    #: Why EventBridge gave up (its dead letter's ERROR_CODE: "CONNECTION_FAILURE", "SDK_CLIENT_ERROR", …);
    #: only a failed delivery has one. Its ERROR_MESSAGE is not kept: it may quote the partner's answer.
    error_code: str | None = None
