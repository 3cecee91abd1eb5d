"""The local runtime's SQS queue attributes (infra/local/fast_queues.py): the same as moto's own, with the
message counts read when asked for, so a send no longer walks the queue."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.sqs.models import Queue, sqs_backends

from infra.local import fast_queues

REGION = "eu-central-1"


@pytest.fixture
def sqs() -> Iterator[Any]:
    fast_queues.install()
    with mock_aws():
        yield boto3.client("sqs", region_name=REGION)


def _queue(name: str) -> Queue:
    return sqs_backends[DEFAULT_ACCOUNT_ID][REGION].queues[name]


def test_attributes_are_motos_own_for_standard_and_fifo_queues_with_messages_waiting_and_in_flight(
    sqs: Any,
) -> None:
    dlq = sqs.create_queue(QueueName="dead")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    standard = sqs.create_queue(
        QueueName="standard",
        Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})},
    )["QueueUrl"]
    fifo = sqs.create_queue(
        QueueName="ordered.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    )["QueueUrl"]
    for n in range(3):
        sqs.send_message(QueueUrl=standard, MessageBody=f"m{n}")
        sqs.send_message(QueueUrl=fifo, MessageBody=f"m{n}", MessageGroupId="g")
    sqs.receive_message(QueueUrl=standard, MaxNumberOfMessages=1, VisibilityTimeout=300)

    for name in ("standard", "ordered.fifo", "dead"):
        queue = _queue(name)
        assert dict(queue.attributes) == fast_queues.moto_attributes.fget(queue)
    counted = sqs.get_queue_attributes(QueueUrl=standard, AttributeNames=["All"])["Attributes"]
    assert (counted["ApproximateNumberOfMessages"], counted["ApproximateNumberOfMessagesNotVisible"]) == (
        "2",
        "1",
    )
    assert json.loads(counted["RedrivePolicy"])["deadLetterTargetArn"] == dlq_arn
    # Content-based deduplication still holds on the FIFO queue (a send reads that one attribute).
    sqs.send_message(QueueUrl=fifo, MessageBody="m0", MessageGroupId="g")
    assert len(_queue("ordered.fifo")._messages) == 3


def test_a_send_does_not_count_the_messages_already_waiting(
    sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqs.create_queue(QueueName="reminders")["QueueUrl"]
    walks: list[str] = []
    visible = Queue.messages.fget  # type: ignore[attr-defined]
    monkeypatch.setattr(Queue, "messages", property(lambda q: walks.append(q.name) or visible(q)))
    for n in range(50):
        sqs.send_message(QueueUrl=url, MessageBody=f"m{n}")
    assert walks == []
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])[
        "Attributes"
    ] == {"ApproximateNumberOfMessages": "50"}
