"""Event delivery on this machine: a poller per service queue, as Lambda's SQS event source would do it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import boto3

from infra.local.cloud import ACCOUNT, REGION, RETRY_AFTER_SECONDS, ServiceQueues

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


class QueuePoller:
    """Receives up to 10 messages, calls the consumer with a real SQS batch event, honours its
    `batchItemFailures` (those come back after a short wait), deletes the rest. SQS's redrive policy moves
    a message that keeps failing to the DLQ after the queue's receive count."""

    def __init__(
        self,
        queues: ServiceQueues,
        handler: Handler,
        lock: threading.RLock,
        context_factory: Callable[[str], Any],
        idle_sleep: float = 0.05,
    ) -> None:
        self.queues = queues
        self._handler = handler
        self._lock = lock
        self._context = context_factory
        self._idle_sleep = idle_sleep
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sqs = boto3.client("sqs")

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name=f"poller-{self.queues.service.name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self.poll_once():
                self._stop.wait(self._idle_sleep)

    def poll_once(self) -> int:
        """One receive-and-handle round; returns how many messages it handled."""
        with self._lock:
            messages = self._sqs.receive_message(
                QueueUrl=self.queues.queue_url,
                MaxNumberOfMessages=10,
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if not messages:
                return 0
            event = {"Records": [self._record(m) for m in messages]}
            fn = self.queues.service.events_handler or ""
            try:
                response = self._handler(event, self._context(fn)) or {}
                failed = {f["itemIdentifier"] for f in response.get("batchItemFailures", [])}
            except Exception:
                failed = {m["MessageId"] for m in messages}
            done = [m for m in messages if m["MessageId"] not in failed]
            if done:
                self._sqs.delete_message_batch(
                    QueueUrl=self.queues.queue_url,
                    Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
                )
            for m in messages:
                if m["MessageId"] in failed:
                    self._sqs.change_message_visibility(
                        QueueUrl=self.queues.queue_url,
                        ReceiptHandle=m["ReceiptHandle"],
                        VisibilityTimeout=RETRY_AFTER_SECONDS,
                    )
            return len(messages)

    def _record(self, message: Any) -> dict[str, Any]:
        body = json.loads(message["Body"])
        # moto leaves out `account`, which AWS always sends and Powertools' EventBridgeModel requires.
        body.setdefault("account", ACCOUNT)
        return {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": json.dumps(body),
            "attributes": message.get("Attributes", {}),
            # As Lambda's SQS event source shapes them (the partners' dead letters carry EventBridge's).
            "messageAttributes": {
                name: {"stringValue": value.get("StringValue"), "dataType": value.get("DataType", "String")}
                for name, value in message.get("MessageAttributes", {}).items()
            },
            "md5OfBody": message.get("MD5OfBody", ""),
            "eventSource": "aws:sqs",
            "eventSourceARN": self.queues.queue_arn,
            "awsRegion": REGION,
        }

    def backlog(self) -> int:
        """Messages waiting or in flight (a failed one waiting for its retry counts).

        Counted in moto's queue itself: GetQueueAttributes computes every attribute, each walking every
        message, and the waits below ask many times a second (at 2,000 queued reminders that walk was
        four fifths of the time to handle them). Nothing here sends with a delay, so every message not
        yet deleted is one waiting or in flight."""
        from moto.sqs.models import sqs_backends

        name = self.queues.queue_url.rsplit("/", 1)[1]
        return len(sqs_backends[ACCOUNT][REGION].queues[name]._messages)

    def dead_letter_count(self) -> int:
        attrs = self._sqs.get_queue_attributes(
            QueueUrl=self.queues.dlq_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])

    def redrive(self) -> int:
        """Moves the DLQ's messages back to the queue, as SQS's message move task does; returns how many."""
        moved = 0
        while True:
            got = self._sqs.receive_message(QueueUrl=self.queues.dlq_url, MaxNumberOfMessages=10).get(
                "Messages", []
            )
            if not got:
                return moved
            for m in got:
                self._sqs.send_message(QueueUrl=self.queues.queue_url, MessageBody=m["Body"])
                self._sqs.delete_message(QueueUrl=self.queues.dlq_url, ReceiptHandle=m["ReceiptHandle"])
            moved += len(got)

    def dead_letters(self) -> list[dict[str, Any]]:
        """Messages in the DLQ (read without removing them for good)."""
        got = self._sqs.receive_message(
            QueueUrl=self.queues.dlq_url, MaxNumberOfMessages=10, VisibilityTimeout=0
        )
        return [json.loads(m["Body"]) for m in got.get("Messages", [])]


class Relay(Protocol):
    def backlog(self) -> int: ...


def wait_until_idle(pollers: list[QueuePoller], timeout: float = 10.0, relay: Relay | None = None) -> None:
    """Blocks until the outbox is relayed and every queue is empty: for tests and the seed, which need
    the events' effects."""
    deadline = time.monotonic() + timeout

    def relayed() -> bool:
        return relay is None or relay.backlog() == 0

    while time.monotonic() < deadline:
        # The outbox first (what it sends lands in the queues at once), then the queues, then the outbox
        # again: a consumer that finished while the queues were read may have written events meanwhile.
        if relayed() and all(p.backlog() == 0 for p in pollers) and relayed():
            return
        time.sleep(0.02)
    raise TimeoutError(
        f"queues not drained after {timeout}s: outbox={relay.backlog() if relay else 0}, "
        + ", ".join(f"{p.queues.service.name}={p.backlog()}" for p in pollers)
    )
