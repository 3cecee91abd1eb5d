"""The cloud's routing of a subscription: one EventBridge rule on the bus, targeting an API destination
whose connection holds the API key (EventBridge keeps it in Secrets Manager), or the partner's own bus;
with a retry policy and the partners' dead-letter queue. Replay is StartReplay from the bus's archive,
filtered to the subscription's rule, so only its events are sent again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from services.notifications.partners.endpoints import endpoint_kind
from services.notifications.partners.models import DeliveryAttempt, Subscription
from services.notifications.partners.settings import PartnerSettings
from shared.events.publisher import SOURCE_PREFIX

TARGET_ID = "partner"
#: EventBridge's own retries before an event goes to the dead-letter queue: a day of an endpoint down.
RETRY_POLICY = {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 86_400}
#: A partner's endpoint is not flooded by a busy hour (EventBridge queues the rest).
INVOCATIONS_PER_SECOND = 20
#: Without a key of the partner's own, the connection sends the subscription's id (EventBridge's
#: connections always authorise somehow); it is no secret, it only tells the partner whose events these are.
NO_KEY_HEADER = "x-tandem-subscription"


def event_pattern(subscription: Subscription) -> dict[str, Any]:
    """Public events of these types from Tandem's services, of the subscriber's municipality (the
    network admin's: of every municipality)."""
    metadata: dict[str, Any] = {"visibility": ["public"]}
    if not subscription.network_wide:
        metadata["tenant_id"] = [subscription.tenant_id]
    return {
        "source": [{"prefix": SOURCE_PREFIX}],
        "detail-type": list(subscription.event_types),
        "detail": {"metadata": metadata},
    }


class EventBridgeRouting:
    def __init__(self, client: Any, settings: PartnerSettings) -> None:
        self._events = client
        self._settings = settings

    def name(self, subscription: Subscription) -> str:
        """The rule's, the connection's and the API destination's name (each at most 64 characters)."""
        return f"{self._settings.partner_resource_prefix}-partner-{subscription.subscription_id}"[:64]

    def connect(self, subscription: Subscription, api_key: str | None) -> None:
        name, bus = self.name(subscription), self._settings.event_bus_name
        self._events.put_rule(
            Name=name,
            EventBusName=bus,
            EventPattern=json.dumps(event_pattern(subscription)),
            State="ENABLED",
            Description=f"Partner subscription {subscription.subscription_id}",
        )
        if endpoint_kind(subscription.endpoint) == "event_bus":
            arn = subscription.endpoint
        else:
            connection = self._events.create_connection(
                Name=name,
                AuthorizationType="API_KEY",
                AuthParameters={
                    "ApiKeyAuthParameters": {
                        "ApiKeyName": subscription.api_key_header or NO_KEY_HEADER,
                        "ApiKeyValue": api_key or subscription.subscription_id,
                    }
                },
            )
            arn = self._events.create_api_destination(
                Name=name,
                ConnectionArn=connection["ConnectionArn"],
                InvocationEndpoint=subscription.endpoint,
                HttpMethod="POST",
                InvocationRateLimitPerSecond=INVOCATIONS_PER_SECOND,
            )["ApiDestinationArn"]
        target: dict[str, Any] = {"Id": TARGET_ID, "Arn": arn, "RetryPolicy": RETRY_POLICY}
        if self._settings.partner_invoke_role_arn:
            target["RoleArn"] = self._settings.partner_invoke_role_arn
        if self._settings.partner_dead_letter_arn:
            target["DeadLetterConfig"] = {"Arn": self._settings.partner_dead_letter_arn}
        self._events.put_targets(Rule=name, EventBusName=bus, Targets=[target])

    def disconnect(self, subscription: Subscription) -> None:
        name, bus = self.name(subscription), self._settings.event_bus_name
        # Each step tolerates what an earlier, interrupted removal already did.
        _gone(lambda: self._events.remove_targets(Rule=name, EventBusName=bus, Ids=[TARGET_ID]))
        _gone(lambda: self._events.delete_rule(Name=name, EventBusName=bus))
        if endpoint_kind(subscription.endpoint) == "https":
            _gone(lambda: self._events.delete_api_destination(Name=name))
            _gone(lambda: self._events.delete_connection(Name=name))

    def rule_arn(self, subscription: Subscription) -> str:
        rule = self._events.describe_rule(
            Name=self.name(subscription), EventBusName=self._settings.event_bus_name
        )
        return str(rule["Arn"])

    def replay(self, subscription: Subscription, start: datetime, end: datetime) -> str:
        bus = self._events.describe_event_bus(Name=self._settings.event_bus_name)
        replay_name = f"{subscription.subscription_id}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"[:64]
        self._events.start_replay(
            ReplayName=replay_name,
            EventSourceArn=self._settings.event_archive_arn,
            EventStartTime=start,
            EventEndTime=end,
            Destination={"Arn": bus["Arn"], "FilterArns": [self.rule_arn(subscription)]},
        )
        return replay_name

    def deliveries(self, subscription: Subscription) -> list[DeliveryAttempt]:
        # EventBridge reports nothing per event; what it gives up on reaches the dead-letter queue, which
        # notifications' events function records (dead_letters.py) and the logic adds to this.
        return []


def _gone(call: Any) -> None:
    try:
        call()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
            raise
