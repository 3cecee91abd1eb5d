"""SMS delivery receipts: SNS's delivery-status log records, as CloudWatch Logs' subscription filter
delivers them to notifications' events function, mark the SMS delivered or failed in the delivery log
(a code, never the provider's words); anything else in the batch changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.notifications.models import Delivery
from services.notifications.people import receipts
from services.notifications.people.feedback import with_feedback


def entry(message_id: str, channel: str = "sms", status: str = "sent") -> Delivery:
    return Delivery(
        tenant_id="t-town",
        delivery_id=f"d-{message_id}",
        person_id="per_1",
        channel=channel,  # type: ignore[arg-type]
        template="session_moved",
        language="en",
        status=status,  # type: ignore[arg-type]
        provider_message_id=message_id,
        sent_at=datetime(2027, 3, 1, tzinfo=UTC),
        event_id="evt",
    )


class Log:
    def __init__(self, *entries: Delivery) -> None:
        self.entries = {e.provider_message_id: e for e in entries}

    def entry_by_message(self, provider_message_id: str) -> Delivery | None:
        return self.entries.get(provider_message_id)

    def set_status(self, delivery: Delivery, status: str, reason: str | None) -> None:
        assert delivery.provider_message_id is not None
        self.entries[delivery.provider_message_id] = delivery.model_copy(
            update={"status": status, "reason": reason}
        )


def receipt(message_id: str, status: str) -> dict[str, Any]:
    return {
        "notification": {"messageId": message_id, "timestamp": "2027-03-01 10:00:00.000"},
        "delivery": {"destination": "+4915123456789", "providerResponse": "Phone is switched off"},
        "status": status,
    }


def test_a_batch_of_receipts_marks_each_sms_delivered_or_failed_with_a_code_only():
    log = Log(entry("m1"), entry("m2"), entry("mail", channel="email"), entry("held", status="held"))
    batch = receipts.log_batch(
        [
            receipt("m1", "SUCCESS"),
            receipt("m2", "FAILURE"),
            receipt("mail", "SUCCESS"),
            receipt("x", "SUCCESS"),
        ]
    )
    handled: list[dict[str, Any]] = []
    handler = with_feedback(lambda r: None, lambda n: None, handled.append)
    handler(batch, None)  # type: ignore[arg-type]
    for one in handled:
        receipts.record_receipt(one, log)

    assert (log.entries["m1"].status, log.entries["m1"].reason) == ("delivered", None)
    assert (log.entries["m2"].status, log.entries["m2"].reason) == ("failed", "sms_failed")
    assert log.entries["mail"].status == "sent" and log.entries["held"].status == "held"
    assert "switched off" not in repr(log.entries)


def test_a_later_receipt_never_undoes_the_first_and_cloudwatchs_check_is_ignored():
    log = Log(entry("m1"))
    receipts.record_receipt(receipt("m1", "FAILURE"), log)
    assert receipts.record_receipt(receipt("m1", "SUCCESS"), log) is None
    assert log.entries["m1"].status == "failed"
    control = receipts.log_batch([])
    import base64
    import gzip
    import json

    batch = json.loads(gzip.decompress(base64.b64decode(control["awslogs"]["data"])))
    batch["messageType"] = "CONTROL_MESSAGE"
    control["awslogs"]["data"] = base64.b64encode(gzip.compress(json.dumps(batch).encode())).decode()
    assert receipts.receipts(control) == []
