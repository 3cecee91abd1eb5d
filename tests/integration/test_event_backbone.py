"""Publish → rule → queue → consumer, on moto: the path every event takes."""

import json

import boto3
import pytest

from infra.local.cloud import BUS
from infra.local.delivery import QueuePoller
from infra.local.front import lambda_context
from shared.events.catalog import ProgrammeOpened, TenantCreated
from shared.events.consumer import Consumer
from shared.events.publisher import OutgoingEvent, Publisher, envelope_for
from shared.storage import DynamoProcessedEvents
from tests.fakes import programme_opened


class Effects:
    """What the consumer did: one entry per handled event; fails on programmes in `poison`."""

    def __init__(self, poison=()):
        self.seen: list[str] = []
        self.poison = set(poison)

    def __call__(self, meta, data):
        if data.programme_id in self.poison:
            raise ValueError("cannot handle this one")
        self.seen.append(data.programme_id)


def poller_for(cloud, lock, effects) -> QueuePoller:
    table = cloud.environment["PROBE_TABLE_NAME"]
    consumer = Consumer("probe", {ProgrammeOpened: effects}, DynamoProcessedEvents(table))
    return QueuePoller(cloud.queues["probe"], consumer, lock, lambda_context)


def drain(poller, rounds=20):
    for _ in range(rounds):
        if not poller.poll_once():
            return


@pytest.fixture
def publisher():
    return Publisher(boto3.client("events"), BUS)


def test_a_published_event_reaches_the_consumer_typed(cloud, lock, publisher):
    effects = Effects()
    poller = poller_for(cloud, lock, effects)
    publisher.publish([OutgoingEvent("t_1", programme_opened(i)) for i in range(12)])
    drain(poller)
    assert sorted(effects.seen) == sorted(f"prg_{i}" for i in range(12))
    assert poller.backlog() == 0


def test_events_the_rule_does_not_name_never_arrive(cloud, lock, publisher):
    effects = Effects()
    poller = poller_for(cloud, lock, effects)
    publisher.publish_one("t_1", TenantCreated(slug="x", name="X", default_language="de", languages=["de"]))
    assert poller.poll_once() == 0


def test_the_same_event_delivered_twice_has_one_effect(cloud, lock, publisher):
    effects = Effects()
    poller = poller_for(cloud, lock, effects)
    publisher.publish_one("t_1", programme_opened(1))
    sqs = boto3.client("sqs")
    url = cloud.queues["probe"].queue_url
    body = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]["Body"]
    sqs.send_message(QueueUrl=url, MessageBody=body)  # the bus delivering the same event again
    drain(poller)
    assert effects.seen == ["prg_1"]


def test_one_failing_record_is_retried_alone_then_lands_in_the_dlq(cloud, lock, publisher, monkeypatch):
    monkeypatch.setattr("infra.local.delivery.RETRY_AFTER_SECONDS", 0)
    effects = Effects(poison={"prg_2"})
    poller = poller_for(cloud, lock, effects)
    publisher.publish([OutgoingEvent("t_1", programme_opened(i)) for i in range(5)])
    drain(poller)
    # The four good records were handled exactly once, though their batch partly failed.
    assert sorted(effects.seen) == ["prg_0", "prg_1", "prg_3", "prg_4"]
    assert poller.backlog() == 0
    dead = poller.dead_letters()
    assert [d["detail"]["data"]["programme_id"] for d in dead] == ["prg_2"]


def test_an_event_type_from_another_producer_never_reaches_the_queue(cloud, lock):
    effects = Effects()
    poller = poller_for(cloud, lock, effects)
    forged = Publisher(boto3.client("events"), BUS)
    entry = forged._entry(envelope_for("t_1", programme_opened(1)))
    # ProgrammeOpened is intake's: the same detail-type sent as matching does not match the rule.
    boto3.client("events").put_events(Entries=[{**entry, "Source": "tandem.matching"}])
    assert poller.poll_once() == 0
    assert effects.seen == []


def test_a_forged_producer_in_the_queue_is_refused_once_and_not_retried(cloud, lock, monkeypatch):
    monkeypatch.setattr("infra.local.delivery.RETRY_AFTER_SECONDS", 0)
    effects = Effects()
    table = cloud.environment["PROBE_TABLE_NAME"]
    consumer = Consumer("probe", {ProgrammeOpened: effects}, DynamoProcessedEvents(table))
    poller = QueuePoller(cloud.queues["probe"], consumer, lock, lambda_context)
    envelope = envelope_for("t_1", programme_opened(1))
    forged = envelope.model_copy(
        update={"metadata": envelope.metadata.model_copy(update={"producer": "matching"})}
    )
    body = {
        "version": "0",
        "id": "e-1",
        "detail-type": "ProgrammeOpened",
        "source": "tandem.intake",
        "account": "123456789012",
        "time": "2027-01-01T00:00:00Z",
        "region": "eu-central-1",
        "resources": [],
        "detail": json.loads(forged.model_dump_json()),
    }
    boto3.client("sqs").send_message(QueueUrl=cloud.queues["probe"].queue_url, MessageBody=json.dumps(body))
    drain(poller)
    assert effects.seen == []
    assert consumer.refused == 1
    assert poller.backlog() == 0
    assert poller.dead_letters() == []
