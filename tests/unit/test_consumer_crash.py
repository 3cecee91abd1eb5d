"""A consumer that crashes mid-batch: the records it finished are not done again when the batch comes back,
the one that failed is retried alone, nothing is lost (issue 15)."""

from __future__ import annotations

import json
from typing import Any

from shared.events.catalog import ProgrammeOpened
from shared.events.consumer import Consumer
from shared.events.publisher import envelope_for
from tests.fakes.events import programme_opened


class RememberingProcessed:
    """Claims as DynamoProcessedEvents does: one claim per event id until released."""

    def __init__(self) -> None:
        self.done: set[str] = set()
        self.in_hand: set[str] = set()

    def claim(self, tenant_id: str, event_id: str) -> bool:
        if event_id in self.done or event_id in self.in_hand:
            return False
        self.in_hand.add(event_id)
        return True

    def complete(self, tenant_id: str, event_id: str) -> None:
        self.in_hand.discard(event_id)
        self.done.add(event_id)

    def release(self, tenant_id: str, event_id: str) -> None:
        self.in_hand.discard(event_id)


def sqs_event(envelopes: list[Any]) -> dict[str, Any]:
    records = []
    for i, env in enumerate(envelopes):
        body = {
            "version": "0",
            "id": f"e-{i}",
            "detail-type": env.metadata.event_type,
            "source": "tandem.intake",
            "account": "123456789012",
            "time": "2027-01-01T00:00:00Z",
            "region": "eu-central-1",
            "resources": [],
            "detail": json.loads(env.model_dump_json()),
        }
        records.append(
            {
                "messageId": f"m-{i}",
                "receiptHandle": f"r-{i}",
                "body": json.dumps(body),
                "attributes": {},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:eu-central-1:123456789012:probe",
                "awsRegion": "eu-central-1",
            }
        )
    return {"Records": records}


def test_a_crash_mid_batch_retries_only_the_failed_record_and_repeats_nothing():
    handled: list[str] = []
    crash = {"prg_1"}

    def on_opened(meta: Any, data: ProgrammeOpened) -> None:
        if data.programme_id in crash:
            raise RuntimeError("the function fell over")
        handled.append(data.programme_id)

    processed = RememberingProcessed()
    consumer = Consumer("probe", {ProgrammeOpened: on_opened}, processed)
    batch = sqs_event([envelope_for("t_1", programme_opened(n)) for n in range(3)])

    first = consumer(batch, None)  # type: ignore[arg-type]
    assert first["batchItemFailures"] == [{"itemIdentifier": "m-1"}]
    assert handled == ["prg_0", "prg_2"]

    crash.clear()
    # SQS hands the whole batch back (as after a timeout or an out-of-memory crash of the function).
    again = consumer(batch, None)  # type: ignore[arg-type]
    assert again["batchItemFailures"] == []
    assert handled == ["prg_0", "prg_2", "prg_1"]  # each once: the finished ones were not repeated
