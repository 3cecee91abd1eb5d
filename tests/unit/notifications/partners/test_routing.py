"""The cloud's routing: a rule per subscription, an API destination whose connection holds the key, the
retry policy and the dead-letter queue; replay filtered to the subscription's rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from services.notifications.partners.models import Subscription
from services.notifications.partners.routing import EventBridgeRouting, event_pattern
from services.notifications.partners.settings import PartnerSettings
from tests.fakes.partners import RecordingEvents

SETTINGS = PartnerSettings(
    event_bus_name="bus",
    event_archive_arn="arn:aws:events:eu-central-1:1:archive/tandem-events",
    partner_dead_letter_arn="arn:aws:sqs:eu-central-1:1:partner-dlq",
    partner_invoke_role_arn="arn:aws:iam::1:role/partner-invoke",
    partner_resource_prefix="tandem-prod",
)


def subscription(tenant_id: str = "t_a", endpoint: str = "https://hooks.partner.example/t") -> Subscription:
    return Subscription(
        tenant_id=tenant_id,
        subscription_id="sub_1",
        event_types=["ApplicationDecided", "MatchEnded"],
        endpoint=endpoint,
        api_key_header="X-Partner-Key",
        api_key_hint="••••",
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
        created_by="p_a",
    )


def test_the_rule_lets_through_only_the_municipalitys_public_events_of_these_types():
    assert event_pattern(subscription()) == {
        "source": [{"prefix": "tandem."}],
        "detail-type": ["ApplicationDecided", "MatchEnded"],
        "detail": {"metadata": {"visibility": ["public"], "tenant_id": ["t_a"]}},
    }
    network = event_pattern(subscription(tenant_id="NETWORK"))
    assert network["detail"] == {"metadata": {"visibility": ["public"]}}


def test_an_https_endpoint_gets_a_connection_with_the_key_and_an_api_destination():
    events = RecordingEvents()
    EventBridgeRouting(events, SETTINGS).connect(subscription(), "the-key")
    [rule] = events.named("put_rule")
    assert rule["Name"] == "tandem-prod-partner-sub_1" and rule["EventBusName"] == "bus"
    assert json.loads(rule["EventPattern"]) == event_pattern(subscription())
    [connection] = events.named("create_connection")
    assert connection["AuthParameters"]["ApiKeyAuthParameters"] == {
        "ApiKeyName": "X-Partner-Key",
        "ApiKeyValue": "the-key",
    }
    [destination] = events.named("create_api_destination")
    assert destination["InvocationEndpoint"] == "https://hooks.partner.example/t"
    assert destination["HttpMethod"] == "POST"
    [targets] = events.named("put_targets")
    [target] = targets["Targets"]
    assert target["Arn"].startswith("arn:aws:events:eu-central-1:1:api-destination/tandem-prod-partner-sub_1")
    assert target["RoleArn"] == SETTINGS.partner_invoke_role_arn
    assert target["DeadLetterConfig"] == {"Arn": SETTINGS.partner_dead_letter_arn}
    assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0


def test_a_partners_bus_is_targeted_directly_with_no_connection():
    events = RecordingEvents()
    arn = "arn:aws:events:eu-central-1:123456789012:event-bus/partner"
    EventBridgeRouting(events, SETTINGS).connect(subscription(endpoint=arn), None)
    assert not events.named("create_connection") and not events.named("create_api_destination")
    [targets] = events.named("put_targets")
    assert targets["Targets"][0]["Arn"] == arn and targets["Targets"][0]["RoleArn"]


def test_unsubscribing_removes_everything_it_made():
    events = RecordingEvents()
    EventBridgeRouting(events, SETTINGS).disconnect(subscription())
    assert [op for op, _ in events.calls] == [
        "remove_targets",
        "delete_rule",
        "delete_api_destination",
        "delete_connection",
    ]


def test_replay_sends_the_range_again_only_through_the_subscriptions_rule():
    events = RecordingEvents()
    start, end = datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    name = EventBridgeRouting(events, SETTINGS).replay(subscription(), start, end)
    [replay] = events.named("start_replay")
    assert replay["ReplayName"] == name and name.startswith("sub_1-")
    assert replay["EventSourceArn"] == SETTINGS.event_archive_arn
    assert (replay["EventStartTime"], replay["EventEndTime"]) == (start, end)
    assert replay["Destination"] == {
        "Arn": "arn:aws:events:eu-central-1:1:event-bus/bus",
        "FilterArns": ["arn:aws:events:eu-central-1:1:rule/bus/tandem-prod-partner-sub_1"],
    }
