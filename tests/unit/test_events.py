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
        assert model.producer in {"intake", "matching", "sessions", "monitoring", "notifications"}
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
