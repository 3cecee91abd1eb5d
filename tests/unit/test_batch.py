"""A queue's batch answered record by record (shared/events/batch.py): the failed records come back alone;
when every record failed, the invocation fails so the batch comes back whole."""

from __future__ import annotations

import logging

import pytest

from shared.events.batch import BatchFailed, QueueRecord, partial_batch_response

LOG = logging.getLogger("test")


def _event(*bodies: str) -> dict:
    return {
        "Records": [
            {"messageId": f"m-{n}", "body": body, "eventSourceARN": "arn:aws:sqs:eu-central-1:1:q"}
            for n, body in enumerate(bodies)
        ]
    }


def test_only_the_records_that_failed_are_answered_as_failures() -> None:
    seen: list[str] = []

    def handle(record: QueueRecord) -> None:
        if record.body == "bad":
            raise ValueError("no")
        seen.append(record.body)

    answer = partial_batch_response(_event("a", "bad", "c"), handle, LOG)
    assert answer == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}
    assert seen == ["a", "c"]


def test_a_batch_whose_every_record_failed_fails_the_invocation() -> None:
    def handle(record: QueueRecord) -> None:
        raise ValueError("no")

    with pytest.raises(BatchFailed):
        partial_batch_response(_event("a", "b"), handle, LOG)


def test_a_record_says_where_it_came_from() -> None:
    record = QueueRecord(_event("x")["Records"][0])
    assert (record.body, record.message_id, record.event_source_arn) == (
        "x",
        "m-0",
        "arn:aws:sqs:eu-central-1:1:q",
    )
