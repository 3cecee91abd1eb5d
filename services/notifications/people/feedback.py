"""SES feedback (delivery, bounce, complaint) reaches notifications' own queue through the configuration
set's SNS topic (infra/cloud/core.py), beside the bus's events: this tells the two apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from services.notifications.people import receipts
from shared.events.batch import QueueRecord, partial_batch_response
from shared.observability import logger_for

Notification = dict[str, Any]


def ses_notification(body: str) -> Notification | None:
    """The SES notification a queue message carries (raw, or in an SNS envelope); None for anything else."""
    try:
        message = json.loads(body)
        if isinstance(message, dict) and message.get("Type") == "Notification" and "Message" in message:
            message = json.loads(message["Message"])
    except (TypeError, ValueError):
        return None
    if not isinstance(message, dict) or not isinstance(message.get("mail"), dict):
        return None
    if "notificationType" not in message and "eventType" not in message:
        return None
    return message


def with_feedback(
    handle_event: Callable[[QueueRecord], None],
    handle_feedback: Callable[[Notification], None],
    handle_sms_receipt: Callable[[Notification], None] | None = None,
    dead_letter: Callable[[QueueRecord], bool] | None = None,
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """The events function's handler: each record an event of the bus or SES feedback, failures retried
    one by one (a partial batch response); or a batch of SMS delivery receipts from CloudWatch Logs'
    subscription filter (receipts.py: a failure raises, and CloudWatch Logs retries the batch). A record
    `dead_letter` takes (it tells by the queue it came from) is the partners' dead letter, handled there."""

    log = logger_for("notifications")

    def one(record: QueueRecord) -> None:
        if dead_letter is not None and dead_letter(record):
            return
        notification = ses_notification(record.body)
        if notification is None:
            handle_event(record)
        else:
            handle_feedback(notification)

    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        if handle_sms_receipt is not None and receipts.is_log_batch(event):
            for receipt in receipts.receipts(event):
                handle_sms_receipt(receipt)
            return {}
        return partial_batch_response(event, one, log)

    return handler
