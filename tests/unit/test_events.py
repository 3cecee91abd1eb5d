import json

import pytest
from pydantic import ValidationError

from shared.events import correlation
from shared.events.catalog import (
    CATALOGUE,
    ContactDetailsRecorded,
    ProgrammeOpened,
    model_for,
    public_event_types,
)
from shared.events.docs import DOCS, rendered
from shared.events.envelope import Envelope
from shared.events.publisher import OutgoingEvent, Publisher, PublishError, envelope_for
from tests.fakes import programme_opened
from tests.fakes.eventbridge import RefusingEventBridge


def test_envelope_carries_metadata_and_correlation_id():
    token = correlation.set("corr-1")
    try:
        env = envelope_for("t_1", programme_opened())
    finally:
        correlation.reset(token)
    assert env.metadata.event_type == "ProgrammeOpened"
    assert env.metadata.version == 1
    assert env.metadata.tenant_id == "t_1"
    assert env.metadata.producer == "intake"
    assert env.metadata.correlation_id == "corr-1"
    assert env.metadata.occurred_at.tzinfo is not None
    assert Envelope.model_validate_json(env.model_dump_json()) == env


def test_event_data_refuses_unknown_fields():
    with pytest.raises(ValidationError):
        ProgrammeOpened.model_validate({**programme_opened().model_dump(), "diary": "secret"})


def test_contact_details_are_internal_and_never_offered_to_partners():
    assert ContactDetailsRecorded.visibility == "internal"
    assert "ContactDetailsRecorded" not in public_event_types()
    assert "ProgrammeOpened" in public_event_types()


def test_every_event_has_a_producer_and_the_catalogue_knows_it():
    for name, model in CATALOGUE.items():
        assert model_for(name) is model
        assert model.producer in {"intake", "matching", "sessions", "monitoring", "notifications", "audit"}
    with pytest.raises(KeyError):
        model_for("NoSuchEvent")


def test_published_schemas_in_docs_are_current():
    """Run `make events` when this fails: docs/events must match the catalogue."""
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.json")}
    assert on_disk == rendered()


def test_publisher_sends_chunks_of_ten():
    bus = RefusingEventBridge()
    Publisher(bus, "bus").publish([OutgoingEvent("t_1", programme_opened(i)) for i in range(23)])
    assert [len(c) for c in bus.calls] == [10, 10, 3]
    entry = bus.calls[0][0]
    assert entry["Source"] == "tandem.intake" and entry["DetailType"] == "ProgrammeOpened"
    assert json.loads(entry["Detail"])["data"]["programme_id"] == "prg_0"


def test_publisher_retries_only_failed_entries():
    bus = RefusingEventBridge(refuse={0: {1, 3}})
    sleeps: list[float] = []
    Publisher(bus, "bus", sleep=sleeps.append).publish(
        [OutgoingEvent("t", programme_opened(i)) for i in range(5)]
    )
    assert len(bus.calls) == 2
    resent = [json.loads(e["Detail"])["data"]["programme_id"] for e in bus.calls[1]]
    assert resent == ["prg_1", "prg_3"]
    assert sleeps == [0.1]


def test_publisher_gives_up_loudly_after_backoff():
    bus = RefusingEventBridge(refuse={i: {0} for i in range(4)})
    sleeps: list[float] = []
    with pytest.raises(PublishError):
        Publisher(bus, "bus", sleep=sleeps.append).publish_one("t", programme_opened())
    assert sleeps == [0.1, 0.2, 0.4]


class FakeProcessed:
    def __init__(self):
        self.claimed = []

    def claim(self, tenant_id, event_id):
        self.claimed.append(event_id)
        return True

    def complete(self, tenant_id, event_id):
        pass

    def release(self, tenant_id, event_id):
        pass


def _record(envelope, *, source="tandem.intake", detail_type=None):
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    body = {
        "version": "0",
        "id": "e-1",
        "detail-type": detail_type or envelope.metadata.event_type,
        "source": source,
        "account": "123456789012",
        "time": "2027-01-01T00:00:00Z",
        "region": "eu-central-1",
        "resources": [],
        "detail": json.loads(envelope.model_dump_json()),
    }
    return SQSRecord(
        {"messageId": "m-1", "body": json.dumps(body), "attributes": {}, "messageAttributes": {}}
    )


def _consumer():
    from shared.events.consumer import Consumer

    handled, processed = [], FakeProcessed()
    consumer = Consumer("probe", {ProgrammeOpened: lambda meta, data: handled.append(data)}, processed)
    return consumer, handled, processed


def test_the_consumer_handles_an_event_from_its_catalogue_producer():
    consumer, handled, processed = _consumer()
    consumer.handle_record(_record(envelope_for("t_1", programme_opened())))
    assert len(handled) == 1
    assert len(processed.claimed) == 1
    assert consumer.refused == 0


def _forged_producer():
    env = envelope_for("t_1", programme_opened())
    return env.model_copy(update={"metadata": env.metadata.model_copy(update={"producer": "matching"})})


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(
            lambda: _record(envelope_for("t_1", programme_opened()), source="tandem.matching"), id="source"
        ),
        pytest.param(
            lambda: _record(envelope_for("t_1", programme_opened()), source="evil"), id="foreign source"
        ),
        pytest.param(lambda: _record(_forged_producer()), id="metadata.producer"),
        pytest.param(lambda: _record(_forged_producer(), source="tandem.matching"), id="both"),
    ],
)
def test_the_consumer_refuses_an_event_from_another_producer_without_retrying(record):
    consumer, handled, processed = _consumer()
    consumer.handle_record(record())  # returns: acknowledged, so the queue does not redeliver it
    assert handled == []
    assert processed.claimed == []
    assert consumer.refused == 1


def test_the_source_of_every_event_type_is_its_producers():
    from shared.events.publisher import source_of

    for name, model in CATALOGUE.items():
        assert source_of(name) == f"tandem.{model.producer}"
    with pytest.raises(KeyError):
        source_of("NoSuchEvent")


def test_the_catalogue_names_each_event_where_it_lives_and_the_type_checker_sees_the_same() -> None:
    import ast
    import importlib
    from pathlib import Path

    import shared.events.catalog as catalogue
    from shared.events.catalog.registry import EVENTS

    where: dict[str, str] = catalogue._WHERE
    for name, module in where.items():
        assert getattr(catalogue, name) is getattr(
            importlib.import_module(f"shared.events.catalog.{module}"), name
        )
    assert {model.__name__ for model in EVENTS} <= where.keys()
    tree = ast.parse(Path(catalogue.__file__).read_text(encoding="utf-8"))
    checked = next(node for node in tree.body if isinstance(node, ast.If))  # `if TYPE_CHECKING:`
    typed = {
        (alias.name, str(node.module).rsplit(".", 1)[-1])
        for node in checked.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == set(where.items())
