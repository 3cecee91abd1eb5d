"""The routing of partner subscriptions on this machine: the cloud's (services/notifications/partners/
routing.py) against moto, plus a queue per subscription as the API destination's stand-in, the local
delivery (partners.py) and replay from the local archive."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

import boto3

from infra.local.cloud import ACCOUNT, BUS, REGION
from infra.local.partners import ARCHIVE, Endpoint, LocalPartnerDelivery
from services.notifications.partners.models import DeliveryAttempt, Subscription
from services.notifications.partners.routing import TARGET_ID, EventBridgeRouting
from services.notifications.partners.settings import settings


def _iso(value: Any) -> str:
    if isinstance(value, int | float):
        return datetime.fromtimestamp(float(value), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


def _time_of(event: dict[str, Any]) -> datetime:
    value = event.get("time")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(float(value), UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


class LocalRouting(EventBridgeRouting):
    """The cloud's routing against moto, plus the stand-in queue and the local delivery."""

    def __init__(self, delivery: LocalPartnerDelivery) -> None:
        super().__init__(boto3.client("events"), settings())
        self._delivery = delivery
        self._sqs = boto3.client("sqs")

    def connect(self, subscription: Subscription, api_key: str | None) -> None:
        with self._delivery.lock:
            super().connect(subscription, api_key)
            name = self.name(subscription)
            url = self._sqs.create_queue(QueueName=name)["QueueUrl"]
            arn = self._sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
            self._events.put_targets(
                Rule=name, EventBusName=BUS, Targets=[{"Id": "local-delivery", "Arn": arn}]
            )
            header, key = self._connection_key(name)
            rule_arn = self.rule_arn(subscription)
            targets = self._events.list_targets_by_rule(Rule=name, EventBusName=BUS)["Targets"]
            target_arn = next(str(t["Arn"]) for t in targets if t["Id"] == TARGET_ID)
        self._delivery.register(Endpoint(subscription, url, name, header, key, rule_arn, target_arn))

    def _connection_key(self, name: str) -> tuple[str, str]:
        """What EventBridge would read from the connection's secret: the header and the key."""
        from moto.events.models import events_backends

        connection = events_backends[ACCOUNT][REGION].connections[name]
        params = connection.auth_parameters["ApiKeyAuthParameters"]
        return str(params["ApiKeyName"]), str(params["ApiKeyValue"])

    def disconnect(self, subscription: Subscription) -> None:
        endpoint = self._delivery.forget(subscription.subscription_id)
        with self._delivery.lock:
            name = self.name(subscription)
            self._gone_target(name)
            super().disconnect(subscription)
            if endpoint is not None:
                self._sqs.delete_queue(QueueUrl=endpoint.queue_url)

    def _gone_target(self, name: str) -> None:
        with contextlib.suppress(self._events.exceptions.ResourceNotFoundException):
            self._events.remove_targets(Rule=name, EventBusName=BUS, Ids=["local-delivery"])

    def replay(self, subscription: Subscription, start: datetime, end: datetime) -> str:
        """From the local archive: the events of the range that the subscription's rule matches."""
        from moto.events.models import events_backends

        backend = events_backends[ACCOUNT][REGION]
        name = self.name(subscription)
        replay_name = f"{subscription.subscription_id}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
        with self._delivery.lock:
            rule = backend.event_buses[BUS].rules[name]
            archived: list[dict[str, Any]] = [dict(e) for e in backend.archives[ARCHIVE].events]
        for event in archived:
            if start <= _time_of(event) < end and rule.event_pattern.matches_event(event):  # type: ignore[arg-type]
                again = {**event, "time": _iso(event.get("time")), "replay-name": replay_name}
                again.setdefault("account", ACCOUNT)
                self._delivery.enqueue(subscription.subscription_id, again, replayed=True)
        return replay_name

    def deliveries(self, subscription: Subscription) -> list[DeliveryAttempt]:
        return self._delivery.deliveries(subscription.subscription_id)
