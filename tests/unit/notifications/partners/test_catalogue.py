"""The public catalogue and docs/asyncapi.yaml: public events only, valid examples, never stale."""

from __future__ import annotations

import yaml

from services.notifications.partners import asyncapi
from services.notifications.partners.catalogue import public_catalogue, rendered_catalogue
from services.notifications.partners.public_api import event_catalogue
from services.notifications.partners.published import PUBLISHED_CATALOGUE
from shared.events.catalog import CATALOGUE, model_for


def test_the_catalogue_holds_every_public_event_and_no_internal_one():
    names = [e.event_type for e in public_catalogue().events]
    assert names == sorted(n for n, m in CATALOGUE.items() if m.visibility == "public")
    assert "ContactDetailsRecorded" not in names and "ParticipantAccepted" not in names


def test_every_example_is_an_event_the_model_accepts():
    for entry in public_catalogue().events:
        detail = entry.example["detail"]
        model_for(entry.event_type).model_validate(detail["data"])
        assert detail["metadata"]["event_type"] == entry.event_type == entry.example["detail-type"]
        assert entry.example["source"] == entry.source == f"tandem.{entry.producer}"


def test_the_catalogue_the_public_function_serves_is_current():
    assert PUBLISHED_CATALOGUE.read_text(encoding="utf-8") == rendered_catalogue(), "run `make asyncapi`"
    assert event_catalogue() == public_catalogue()


def test_docs_asyncapi_yaml_is_current():
    assert asyncapi.DOCUMENT.read_text(encoding="utf-8") == asyncapi.rendered(), "run `make asyncapi`"


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_the_asyncapi_document_is_3_0_and_every_reference_resolves():
    document = yaml.safe_load(asyncapi.rendered())
    assert document["asyncapi"] == "3.0.0"
    for ref in set(_refs(document)):
        node = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    assert set(document["channels"]) == {e.event_type for e in public_catalogue().events}
    assert all(op["action"] == "send" for op in document["operations"].values())
