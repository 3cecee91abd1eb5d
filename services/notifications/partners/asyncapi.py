"""`make asyncapi`: docs/asyncapi.yaml (AsyncAPI 3.0), generated from the public event catalogue.

Tandem is the application described: it sends each public event to the endpoint a partner subscribed
(an HTTPS POST from EventBridge's API destination, or onto the partner's own event bus). A test fails
when the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic.json_schema import models_json_schema

from services.notifications.partners.catalogue import example_event, write_catalogue
from shared.events.catalog import CATALOGUE, public_event_types
from shared.events.envelope import EventData, Metadata

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.yaml"
REF = "#/components/schemas/{model}"


def _source(name: str) -> dict[str, Any]:
    """EventBridge's `source`: the one producer, or each service that may send it (a person's erasure is
    answered by every service that held their data)."""
    producers = CATALOGUE[name].allowed_producers()
    if len(producers) == 1:
        return {"const": f"tandem.{producers[0]}"}
    return {"enum": [f"tandem.{p}" for p in producers]}


def _event_schema(name: str) -> dict[str, Any]:
    """The whole event a partner receives: EventBridge's fields, the envelope in `detail`."""
    return {
        "type": "object",
        "required": ["id", "detail-type", "source", "time", "detail"],
        "properties": {
            "version": {"type": "string"},
            "id": {"type": "string", "description": "EventBridge's id (a replay gives a new one)"},
            "detail-type": {"const": name},
            "source": _source(name),
            "account": {"type": "string"},
            "time": {"type": "string", "format": "date-time"},
            "region": {"type": "string"},
            "resources": {"type": "array", "items": {"type": "string"}},
            "replay-name": {"type": "string", "description": "present when a replay sent it again"},
            "detail": {
                "type": "object",
                "required": ["metadata", "data"],
                "properties": {
                    "metadata": {"$ref": REF.format(model="Metadata")},
                    "data": {"$ref": REF.format(model=name)},
                },
            },
        },
    }


def document() -> dict[str, Any]:
    names = public_event_types()
    models: list[type[EventData] | type[Metadata]] = [Metadata, *(CATALOGUE[n] for n in names)]
    _, schemas = models_json_schema([(m, "validation") for m in models], ref_template=REF)
    components_schemas: dict[str, Any] = dict(sorted(schemas.get("$defs", {}).items()))
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for name in names:
        model = CATALOGUE[name]
        components_schemas[f"{name}Event"] = _event_schema(name)
        messages[name] = {
            "name": name,
            "title": name,
            "summary": model.description,
            "contentType": "application/json",
            "headers": {
                "type": "object",
                "properties": {
                    "x-api-key": {
                        "type": "string",
                        "description": "your API key, in the header you named (default x-api-key)",
                    }
                },
            },
            "payload": {"$ref": REF.format(model=f"{name}Event")},
            "examples": [{"name": f"{name}Example", "payload": example_event(name)}],
            "x-tandem": {"version": model.version, "producer": model.producer, "visibility": "public"},
        }
        channels[name] = {
            "address": None,
            "title": name,
            "description": f"`{name}` events, to the endpoint of every subscription that names this type.",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        operations[f"send{name}"] = {
            "action": "send",
            "title": f"Tandem sends {name}",
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Tandem partner events",
            "version": "1.0.0",
            "description": (
                "The public events of Tandem's municipalities, for partner systems. Subscribe with "
                "POST /v1/subscriptions; every event is POSTed as JSON to your endpoint (or put on your "
                "event bus), at least once: deduplicate on `detail.metadata.event_id`. Events carry "
                "identifiers and facts, never contact details or anything a person wrote. The same "
                "catalogue is served at GET /v1/public/events/catalog; see docs/partners.md."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "partner": {
                "host": "your-endpoint.example.org",
                "protocol": "https",
                "description": "Your endpoint: Tandem (EventBridge API destinations) sends each event here.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": components_schemas, "messages": messages},
    }


def rendered() -> str:
    header = "# Generated by `make asyncapi` from shared/events/catalog: do not edit by hand.\n"
    return header + yaml.safe_dump(document(), sort_keys=False, allow_unicode=True, width=100)


def main() -> int:
    DOCUMENT.write_text(rendered(), encoding="utf-8")
    print(f"wrote {DOCUMENT}")
    write_catalogue()  # the same events as the public function serves them
    return 0


if __name__ == "__main__":
    sys.exit(main())
