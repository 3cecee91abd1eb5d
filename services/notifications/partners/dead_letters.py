"""Partner events EventBridge gave up on, recorded as their subscription's failed deliveries.

EventBridge tells nobody when it delivers to an API destination, and only its dead-letter queue when it
gives up: after the retry policy's attempts or age (routing.py), or at once when the destination cannot be
called at all. Notifications' events function reads that queue (an SQS event source in the cloud, a poller
here) and records each dead letter under its subscription, so the manager's page says which events did not
arrive and since when, and can replay them from the archive. A dead letter is the event as it was on the
bus, with EventBridge's attributes: RULE_ARN (whose name carries the subscription id), ERROR_CODE,
ERROR_MESSAGE, RETRY_ATTEMPTS, EXHAUSTED_RETRY_CONDITION. The message is not kept: it may quote what the
partner's endpoint answered.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Protocol

from services.notifications.partners.models import DeliveryAttempt, Subscription

#: The rules' names are `<prefix>-partner-<subscription id>` (routing.EventBridgeRouting.name).
RULE_NAME_MARK = "-partner-"


class FailureStore(Protocol):
    def subscription_of_event(self, event_tenant_id: str, subscription_id: str) -> Subscription | None: ...
    def record_failure(self, subscription: Subscription, failure: DeliveryAttempt) -> None: ...


def subscription_id_of(rule_arn: str) -> str | None:
    """`arn:aws:events:<region>:<account>:rule/<bus>/<prefix>-partner-<id>` → `<id>`."""
    name = rule_arn.rsplit("/", 1)[-1]
    if RULE_NAME_MARK not in name:
        return None
    return name.split(RULE_NAME_MARK, 1)[1] or None


def _attribute(record: dict[str, Any], name: str) -> str | None:
    value = (record.get("messageAttributes") or {}).get(name) or {}
    found = value.get("stringValue")
    return str(found) if found is not None else None


def failure_of(record: dict[str, Any]) -> tuple[str, str, DeliveryAttempt] | None:
    """(event's municipality, subscription id, the failed delivery) of one dead letter; None when it is
    not a partner rule's (nothing to record)."""
    subscription_id = subscription_id_of(_attribute(record, "RULE_ARN") or "")
    if subscription_id is None:
        return None
    event = json.loads(record["body"])
    metadata = (event.get("detail") or {}).get("metadata") or {}
    # When it was dead-lettered: SQS's own timestamp, the same on every redelivery of the message.
    sent = (record.get("attributes") or {}).get("SentTimestamp")
    at = datetime.fromtimestamp(int(sent) / 1000, UTC) if sent else datetime.now(UTC)
    retries = _attribute(record, "RETRY_ATTEMPTS")
    failure = DeliveryAttempt(
        event_id=str(metadata.get("event_id") or event.get("id", "")),
        event_type=str(event.get("detail-type", "")),
        status="failed",
        attempts=int(retries) + 1 if retries and retries.isdigit() else 1,
        at=at,
        replayed=bool(event.get("replay-name")),
        error_code=_attribute(record, "ERROR_CODE") or "UNKNOWN",
    )
    return str(metadata.get("tenant_id", "")), subscription_id, failure


def record_dead_letter(record: dict[str, Any], store: FailureStore) -> bool:
    """Records one dead letter; False when there is nothing to record (not a partner rule's, or the
    subscription was deleted since: its events are no one's concern now)."""
    found = failure_of(record)
    if found is None:
        return False
    tenant_id, subscription_id, failure = found
    subscription = store.subscription_of_event(tenant_id, subscription_id)
    if subscription is None:
        return False
    store.record_failure(subscription, failure)
    return True
