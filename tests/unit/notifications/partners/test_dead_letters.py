"""The partners' dead letters, as EventBridge writes them, become their subscription's failed deliveries."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from services.notifications.partners.dead_letters import record_dead_letter, subscription_id_of
from services.notifications.partners.logic import latest
from services.notifications.partners.models import DeliveryAttempt, Subscription
from tests.fakes.partners import InMemorySubscriptions

SENT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
RULE = "arn:aws:events:eu-central-1:111122223333:rule/tandem-prod-bus/tandem-prod-partner-sub_7f3a"


def subscription(tenant_id: str = "t_a", subscription_id: str = "sub_7f3a") -> Subscription:
    return Subscription(
        tenant_id=tenant_id,
        subscription_id=subscription_id,
        event_types=["ApplicationDecided"],
        endpoint="https://hooks.partner.example/tandem",
        created_at=SENT - timedelta(days=3),
        created_by="u_manager",
    )


def dead_letter(rule: str = RULE, tenant_id: str = "t_a", replayed: bool = False) -> dict:
    """One record of the partners' DLQ as Lambda's SQS event source hands it over."""
    event = {
        "version": "0",
        "id": "eb-1",
        "detail-type": "ApplicationDecided",
        "source": "tandem.intake",
        "account": "111122223333",
        "time": "2026-12-01T09:00:00Z",
        "region": "eu-central-1",
        "resources": [],
        "detail": {"metadata": {"event_id": "ev_42", "tenant_id": tenant_id}, "data": {}},
        **({"replay-name": "sub_7f3a-20261201"} if replayed else {}),
    }

    def attribute(value: str) -> dict:
        return {"stringValue": value, "stringListValues": [], "binaryListValues": [], "dataType": "String"}

    return {
        "messageId": "m-1",
        "body": json.dumps(event),
        "attributes": {"SentTimestamp": str(int(SENT.timestamp() * 1000)), "ApproximateReceiveCount": "1"},
        "messageAttributes": {
            "RULE_ARN": attribute(rule),
            "TARGET_ARN": attribute("arn:aws:events:eu-central-1:111122223333:api-destination/x/1"),
            "ERROR_CODE": attribute("SDK_CLIENT_ERROR"),
            "ERROR_MESSAGE": attribute("Unable to invoke ApiDestination endpoint: the partner said 'no'"),
            "EXHAUSTED_RETRY_CONDITION": attribute("MaximumEventAgeInSeconds"),
            "RETRY_ATTEMPTS": attribute("129"),
        },
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:eu-central-1:111122223333:partner-dead-letters",
    }


def test_a_dead_letter_is_its_subscriptions_failure_with_the_code_and_not_the_message():
    store = InMemorySubscriptions()
    sub = subscription()
    store.items[("t_a", sub.subscription_id)] = sub
    assert record_dead_letter(dead_letter(), store)
    [failure] = store.failures(sub)
    assert (failure.event_id, failure.event_type, failure.status) == ("ev_42", "ApplicationDecided", "failed")
    assert (failure.attempts, failure.error_code, failure.at) == (130, "SDK_CLIENT_ERROR", SENT)
    assert "partner said" not in failure.model_dump_json()  # the partner's words are not kept


def test_a_redelivered_dead_letter_is_recorded_once():
    store = InMemorySubscriptions()
    sub = subscription()
    store.items[("t_a", sub.subscription_id)] = sub
    record_dead_letter(dead_letter(), store)
    record_dead_letter(dead_letter(), store)
    assert len(store.failures(sub)) == 1


def test_the_network_admins_subscription_is_found_from_any_municipalitys_event():
    store = InMemorySubscriptions()
    sub = subscription(tenant_id="NETWORK")
    store.items[("NETWORK", sub.subscription_id)] = sub
    assert record_dead_letter(dead_letter(tenant_id="t_b", replayed=True), store)
    [failure] = store.failures(sub)
    assert failure.replayed


def test_a_deleted_subscriptions_or_a_stray_rules_dead_letter_records_nothing():
    store = InMemorySubscriptions()
    assert not record_dead_letter(dead_letter(), store)
    assert not record_dead_letter(dead_letter(rule="arn:aws:events:eu-central-1:1:rule/bus/other"), store)
    assert store.failed == {}


def test_the_subscription_id_is_read_from_the_rules_name():
    assert subscription_id_of(RULE) == "sub_7f3a"
    assert subscription_id_of("arn:aws:events:eu-central-1:1:rule/bus/tandem-prod-partner-") is None


def attempt(status: str, at: datetime, code: int | None = None, **more) -> DeliveryAttempt:
    return DeliveryAttempt(
        event_id=more.pop("event_id", "ev_1"),
        event_type="ApplicationDecided",
        status=status,  # type: ignore[arg-type]
        attempts=8,
        last_status_code=code,
        at=at,
        **more,
    )


def test_the_page_shows_one_line_per_event_the_failure_over_the_attempts_with_their_last_status():
    reported = [
        attempt("retrying", SENT + timedelta(milliseconds=1), 503),  # recorded a moment after the dead letter
        attempt("delivered", SENT - timedelta(minutes=5), 204, event_id="ev_0"),
    ]
    failed = [attempt("failed", SENT, error_code="SDK_CLIENT_ERROR")]
    shown = latest(reported, failed)
    assert [(d.event_id, d.status, d.last_status_code) for d in shown] == [
        ("ev_1", "failed", 503),
        ("ev_0", "delivered", 204),
    ]


def test_a_replay_that_arrives_is_its_own_line_beside_the_failure():
    failed = [attempt("failed", SENT)]
    reported = [attempt("delivered", SENT + timedelta(hours=1), 204, replayed=True)]
    shown = latest(reported, failed)
    assert [(d.status, d.replayed) for d in shown] == [("delivered", True), ("failed", False)]
