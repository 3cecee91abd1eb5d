"""The outbox and the fault layer on moto: a write and its events commit together or not at all, the
relay puts each event on the bus once (after an outage too), and SES/SNS faults are retried or raised."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import TransactWriteError

from infra.local.cloud import BUS, SENDER
from infra.local.faults import Faults
from infra.local.relay import OutboxRelay
from shared.events.publisher import OutgoingEvent
from shared.storage import TenantModel, transaction
from shared.storage.outbox import PK_SUFFIX, OutboxPublisher, outbox_model
from tests.fakes.events import programme_opened

TABLE = "tandem-local-probe-ProbeTable"


class Thing(TenantModel):
    KIND = "THING"
    name = UnicodeAttribute()

    class Meta:
        table_name = TABLE


@pytest.fixture
def faults(cloud) -> Iterator[Faults]:
    f = Faults().install()
    yield f
    f.uninstall()


@pytest.fixture
def relay(cloud, lock) -> Iterator[OutboxRelay]:
    r = OutboxRelay([TABLE], BUS, lock)
    r.start()
    r.stop()  # rounds are driven by the test, not its thread
    yield r


def outbox_items() -> list[object]:
    return [i for i in outbox_model(TABLE).scan() if str(i.pk).endswith(PK_SUFFIX)]


def delivered(cloud) -> list[dict]:
    sqs = boto3.client("sqs")
    got = sqs.receive_message(QueueUrl=cloud.queues["probe"].queue_url, MaxNumberOfMessages=10)
    return [json.loads(m["Body"]) for m in got.get("Messages", [])]


def write(name: str, publisher: OutboxPublisher, *, n: int = 0) -> None:
    with publisher.along([OutgoingEvent("t_1", programme_opened(n))]), transaction() as tx:
        tx.save(Thing.new_in("t_1", name, name=name), condition=Thing.pk.does_not_exist())


def test_a_write_and_its_event_commit_together_and_the_event_reaches_the_bus_once(cloud, relay):
    publisher = OutboxPublisher(TABLE)
    write("a", publisher)
    assert Thing.get_in("t_1", "a") is not None and len(outbox_items()) == 1
    assert relay.poll_once() == 1
    assert relay.poll_once() == 0 and outbox_items() == []  # relayed, then removed
    events = delivered(cloud)
    assert [e["detail-type"] for e in events] == ["ProgrammeOpened"]
    assert events[0]["source"] == "tandem.intake" and events[0]["detail"]["data"]["programme_id"] == "prg_0"


def test_a_refused_write_takes_its_event_with_it(cloud, relay):
    publisher = OutboxPublisher(TABLE)
    write("a", publisher)
    relay.poll_once()
    with pytest.raises(TransactWriteError):
        write("a", publisher, n=1)  # the same key again: the condition refuses the write
    assert outbox_items() == [] and relay.poll_once() == 0


def test_events_without_a_transaction_are_written_on_leaving_the_block(cloud, relay):
    publisher = OutboxPublisher(TABLE)
    with publisher.along([OutgoingEvent("t_1", programme_opened(1))]):
        Thing.new_in("t_1", "b", name="b").save()
    publisher.publish([OutgoingEvent("t_1", programme_opened(2))])
    assert len(outbox_items()) == 2 and relay.poll_once() == 2


def test_while_the_bus_is_down_events_wait_and_go_once_when_it_is_back(cloud, relay, faults):
    publisher = OutboxPublisher(TABLE)
    faults.fail("events", "PutEvents", kind="5xx")
    for n in range(12):  # more than one PutEvents chunk
        write(f"t{n}", publisher, n=n)
    assert relay.poll_once() == 0 and relay.backlog() == 12 and relay.refusals >= 1
    faults.heal()
    assert relay.backlog() == 0
    assert len(relay.relayed) == len(set(relay.relayed)) == 12 and outbox_items() == []


def test_dynamodb_throttling_is_absorbed_by_retries(cloud, faults):
    faults.fail("dynamodb", "TransactWriteItems", kind="throttle", times=2)
    write("c", OutboxPublisher(TABLE))
    assert Thing.get_in("t_1", "c") is not None and len(outbox_items()) == 1


def test_ses_and_sns_faults_are_retried_then_raised(cloud, faults):
    from services.notifications.mailer import SesMailer, SnsTexter
    from services.notifications.models import Email, Sms

    mailer = SesMailer(boto3.client("ses"), SENDER)
    texter = SnsTexter(boto3.client("sns"))
    faults.fail("ses", "SendRawEmail", kind="throttle", times=2)
    faults.fail("sns", "Publish", kind="5xx", times=2)
    assert mailer.send(Email(to="a@example.org", subject="s", body="b"))
    assert texter.text(Sms(to="+4915112345678", text="t"))
    faults.fail("ses", "SendRawEmail", kind="unavailable")
    faults.fail("sns", "Publish", kind="throttle")
    with pytest.raises(ClientError):  # the consumer's record fails, and its queue hands it back later
        mailer.send(Email(to="a@example.org", subject="s", body="b"))
    with pytest.raises(ClientError):
        texter.text(Sms(to="+4915112345678", text="t"))
    assert all(f["seen"] > 1 for f in faults.describe())  # botocore's own retries came first
