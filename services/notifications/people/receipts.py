"""SMS delivery receipts. SNS reports an SMS's fate only to CloudWatch Logs (its delivery-status logs:
`sns/<region>/<account>/DirectPublishToPhoneNumber` and `.../Failure`); a subscription filter on both log
groups sends each batch to notifications' events function (infra/cloud/service.py), which records
delivered or failed in the delivery log. Locally, the runtime's SMS fake sends the same payload
(`/local/sms-receipt`, infra/local).

Only the outcome is kept, as a code: the provider's words (`providerResponse`) and the number stay out.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any, Protocol

from services.notifications.models import Delivery

#: What an SNS delivery status becomes in the log.
STATUS = {"SUCCESS": "delivered", "FAILURE": "failed"}


class Store(Protocol):
    def entry_by_message(self, provider_message_id: str) -> Delivery | None: ...
    def set_status(self, delivery: Delivery, status: str, reason: str | None) -> None: ...


def is_log_batch(event: dict[str, Any]) -> bool:
    return isinstance(event.get("awslogs"), dict) and "data" in event["awslogs"]


def receipts(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The delivery-status records in a CloudWatch Logs subscription's batch (base64 of gzipped JSON)."""
    batch = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    if batch.get("messageType") != "DATA_MESSAGE":
        return []  # the CONTROL_MESSAGE CloudWatch sends to check the destination
    found = []
    for log_event in batch.get("logEvents", []):
        try:
            record = json.loads(log_event.get("message", ""))
        except ValueError:
            continue
        if isinstance(record, dict):
            found.append(record)
    return found


def log_batch(
    records: list[dict[str, Any]], log_group: str = "sns/local/DirectPublishToPhoneNumber"
) -> dict[str, Any]:
    """A batch as CloudWatch Logs delivers it to a subscribed function (the local runtime and tests)."""
    batch = {
        "messageType": "DATA_MESSAGE",
        "logGroup": log_group,
        "logStream": "local",
        "subscriptionFilters": ["sms-receipts"],
        "logEvents": [
            {"id": str(n), "timestamp": 0, "message": json.dumps(r)} for n, r in enumerate(records)
        ],
    }
    return {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(batch).encode())).decode()}}


def record_receipt(receipt: dict[str, Any], store: Store) -> Delivery | None:
    """The log entry of the SMS the receipt is for, now delivered or failed; None: not one Tandem logged
    (or a receipt that is not an SMS's). A receipt never undoes a later one: only a sent SMS changes."""
    message_id = str((receipt.get("notification") or {}).get("messageId") or "")
    status = STATUS.get(str(receipt.get("status") or ""))
    entry = store.entry_by_message(message_id) if message_id and status else None
    if entry is None or status is None or entry.channel != "sms" or entry.status != "sent":
        return None
    store.set_status(entry, status, "sms_failed" if status == "failed" else None)
    return entry
