"""The partners API's requests and answers (API.md, "notifications and partners")."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from services.notifications.partners.models import NETWORK_SCOPE, DeliveryAttempt, Subscription
from shared.http import RequestBody
from shared.model import BaseModel

EventTypeName = Annotated[str, StringConstraints(min_length=1, max_length=64)]
#: An HTTP header name (RFC 9110 token characters).
HeaderName = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
]


class SubscriptionCreate(RequestBody):
    event_types: list[EventTypeName] = Field(
        min_length=1, max_length=50, description="public event types (GET /v1/public/events/catalog)"
    )
    endpoint: str = Field(
        min_length=1,
        max_length=2048,
        description="an https URL (its host must resolve to public addresses), or the ARN of your event bus",
    )
    api_key_header: HeaderName | None = Field(
        default=None, description="the header the API key is sent in (default `x-api-key`)"
    )
    # What EventBridge's connections accept: no control characters and no colon.
    api_key: (
        Annotated[str, StringConstraints(min_length=1, max_length=512, pattern=r"^[^\x00-\x1f:\x7f]+$")]
        | None
    ) = Field(
        default=None, description="kept by EventBridge's connection (Secrets Manager); never shown again"
    )

    @model_validator(mode="after")
    def _header_needs_key(self) -> SubscriptionCreate:
        if self.api_key_header is not None and self.api_key is None:
            raise ValueError("api_key_header is given without an api_key")
        return self


class SubscriptionView(BaseModel):
    subscription_id: str
    #: `municipality`: the municipality's own public events; `network`: every municipality's (the admin's).
    scope: Literal["municipality", "network"]
    tenant_id: str | None
    event_types: list[str]
    endpoint: str
    api_key_header: str | None
    api_key_hint: str | None = Field(description="the key's last characters, masked; the key is never shown")
    created_at: datetime
    deliveries: list[DeliveryAttempt] | None = Field(
        default=None, description="the latest deliveries, newest first (only when one subscription is read)"
    )

    @classmethod
    def of(cls, sub: Subscription, deliveries: list[DeliveryAttempt] | None = None) -> SubscriptionView:
        return cls(
            subscription_id=sub.subscription_id,
            scope="network" if sub.tenant_id == NETWORK_SCOPE else "municipality",
            tenant_id=None if sub.tenant_id == NETWORK_SCOPE else sub.tenant_id,
            event_types=sub.event_types,
            endpoint=sub.endpoint,
            api_key_header=sub.api_key_header,
            api_key_hint=sub.api_key_hint,
            created_at=sub.created_at,
            deliveries=deliveries,
        )


class SubscriptionList(BaseModel):
    subscriptions: list[SubscriptionView]


class ReplayRequest(RequestBody):
    from_: AwareDatetime = Field(alias="from", description="the first moment whose events are sent again")
    to: AwareDatetime = Field(description="the moment after the last event sent again")


class ReplayStarted(BaseModel):
    replay_id: str
    subscription_id: str
    status: Literal["started"] = "started"
