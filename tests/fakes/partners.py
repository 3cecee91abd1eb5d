"""Partner subscriptions' store and routing in memory, and an EventBridge client that records calls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.notifications.partners.models import DeliveryAttempt, Subscription
from shared.idempotency import Answer
from tests.fakes.idempotency import AnswerBook


class InMemorySubscriptions(AnswerBook):
    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], Subscription] = {}
        self.failed: dict[tuple[str, str], DeliveryAttempt] = {}
        self.fail_next_add = False

    def add_subscription(self, subscription: Subscription, *, idempotency: Answer | None) -> None:
        if self.fail_next_add:
            raise RuntimeError("the table is unavailable")
        if idempotency is not None:
            self.keep(subscription.tenant_id, idempotency)
        self.items[(subscription.tenant_id, subscription.subscription_id)] = subscription

    def subscriptions(self, tenant_id: str) -> list[Subscription]:
        return [s for (t, _), s in self.items.items() if t == tenant_id]

    def subscription(self, tenant_id: str, subscription_id: str) -> Subscription | None:
        return self.items.get((tenant_id, subscription_id))

    def remove_subscription(self, tenant_id: str, subscription_id: str) -> None:
        self.items.pop((tenant_id, subscription_id), None)

    # --- the deliveries EventBridge gave up on (keyed as the table keys them) ---
    def subscription_of_event(self, event_tenant_id: str, subscription_id: str) -> Subscription | None:
        return self.subscription(event_tenant_id, subscription_id) or self.subscription(
            "NETWORK", subscription_id
        )

    def record_failure(self, subscription: Subscription, failure: DeliveryAttempt) -> None:
        key = f"{subscription.subscription_id}#{failure.at.isoformat()}#{failure.event_id}"
        self.failed[(subscription.tenant_id, key)] = failure

    def failures(self, subscription: Subscription) -> list[DeliveryAttempt]:
        mine = [
            f
            for (t, key), f in self.failed.items()
            if t == subscription.tenant_id and key.startswith(f"{subscription.subscription_id}#")
        ]
        return sorted(mine, key=lambda f: f.at, reverse=True)


class RecordingRouting:
    """Which subscriptions are routed, with the key each was given (the key goes nowhere else)."""

    def __init__(self) -> None:
        self.routed: dict[str, str | None] = {}
        self.replays: list[tuple[str, datetime, datetime]] = []

    def connect(self, subscription: Subscription, api_key: str | None) -> None:
        self.routed[subscription.subscription_id] = api_key

    def disconnect(self, subscription: Subscription) -> None:
        self.routed.pop(subscription.subscription_id, None)

    def replay(self, subscription: Subscription, start: datetime, end: datetime) -> str:
        self.replays.append((subscription.subscription_id, start, end))
        return f"replay-{len(self.replays)}"

    def deliveries(self, subscription: Subscription) -> list[DeliveryAttempt]:
        return []


class RecordingEvents:
    """The boto3 `events` calls the cloud routing makes, answered as EventBridge would."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, operation: str) -> Any:
        def call(**kwargs: Any) -> dict[str, Any]:
            self.calls.append((operation, kwargs))
            name = kwargs.get("Name", "")
            return {
                "create_connection": {"ConnectionArn": f"arn:aws:events:eu-central-1:1:connection/{name}/x"},
                "create_api_destination": {
                    "ApiDestinationArn": f"arn:aws:events:eu-central-1:1:api-destination/{name}/y"
                },
                "describe_rule": {"Arn": f"arn:aws:events:eu-central-1:1:rule/bus/{name}"},
                "describe_event_bus": {"Arn": "arn:aws:events:eu-central-1:1:event-bus/bus"},
            }.get(operation, {})

        return call

    def named(self, operation: str) -> list[dict[str, Any]]:
        return [kwargs for op, kwargs in self.calls if op == operation]
