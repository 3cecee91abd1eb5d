"""Matching's business metrics (issue 9, item 7): one per use case, emitted by the handlers, with the
service as their only dimension (never a tenant or a person)."""

from __future__ import annotations

import importlib
import json
import os

import pytest

from infra.local.cloud import BUS
from services.matching import logic
from services.matching.schemas import MatchCreate, PublishRequest, RunCreate
from tests.fakes.matching import (
    TENANT,
    InMemoryMatchingRecords,
    RecordingPublisher,
    manager,
    meta,
    participant,
    programme,
    run_requested,
    seeded,
)
from tests.fakes.metrics import directive, emitted


@pytest.fixture(scope="module")
def handlers():
    # The settings are read at import: the names the local runtime gives (as in test_openapi.py).
    os.environ.setdefault("MATCHING_TABLE_NAME", "tandem-local-matching-MatchingTable")
    os.environ.setdefault("EVENT_BUS_NAME", BUS)
    return importlib.import_module("services.matching.api"), importlib.import_module(
        "services.matching.handlers"
    )


@pytest.fixture
def world(monkeypatch, handlers):
    """The handlers over fakes, with Powertools' metrics on (the suite turns them off)."""
    api, events = handlers
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    store, bus = InMemoryMatchingRecords(), RecordingPublisher()
    seeded(
        store,
        programme(),
        participant("m1", "mentor", capacity=2),
        participant("e1", "mentee"),
        participant("e2", "mentee"),
    )
    for module in (api, events):
        monkeypatch.setattr(module, "store", lambda: store)
        monkeypatch.setattr(module, "publisher", lambda: bus)
    monkeypatch.setattr(api, "principal", lambda _app: manager())
    return store, api, events


def assert_only_the_service_dimension(doc: dict) -> None:
    assert directive(doc)["Namespace"] == "Tandem"
    assert directive(doc)["Dimensions"] == [["service"]]
    assert doc["service"] == "matching"
    text = json.dumps(doc)
    for private in (TENANT, "m1", "e1", "e2", "person-"):
        assert private not in text


def test_a_confirmed_match_is_counted_with_the_service_as_its_only_dimension(world, capsys):
    _, api, _ = world
    api.create_match(MatchCreate(programme_id="prg_1", mentor_id="m1", mentee_ids=["e1"]))

    (doc,) = emitted(capsys)
    assert doc["MatchesConfirmed"] == [1.0]
    assert_only_the_service_dimension(doc)


def test_a_completed_run_and_the_matches_it_publishes_are_counted(world, capsys):
    store, api, events = world
    run = logic.request_run(manager(), "prg_1", RunCreate(), store, RecordingPublisher())
    capsys.readouterr()
    events.on_run_requested(meta(), run_requested(run))
    (doc,) = emitted(capsys)
    assert doc["MatchingRunsCompleted"] == [1.0]
    assert_only_the_service_dimension(doc)

    proposals = [p.proposal_id for p in store.run(TENANT, run.run_id).proposals]
    published = api.publish_run(run.run_id, PublishRequest(proposal_ids=proposals))
    (doc,) = emitted(capsys)
    assert proposals and doc["MatchesConfirmed"] == [float(len(published.matches))]
    assert_only_the_service_dimension(doc)
