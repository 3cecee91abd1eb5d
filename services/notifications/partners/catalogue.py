"""The event catalogue as partners see it: every public event type, its JSON Schema and an example.

Examples are made from each schema (the first choice of every enum, the lower bound of every number, a
made-up id for every `*_id`) and then parsed by the event's own model, so an example can never drift
from what Tandem really publishes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from services.notifications.partners.published import PUBLISHED_CATALOGUE, Catalogue, CatalogueEntry
from shared.events.catalog import CATALOGUE, public_event_types
from shared.events.envelope import Envelope, Metadata
from shared.events.publisher import source_for

EXAMPLE_TIME = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
EXAMPLE_TENANT = "t_4f2a9c"


def _example(schema: dict[str, Any], defs: dict[str, Any], name: str = "") -> Any:
    if "$ref" in schema:
        return _example(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, name)
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return _example(options[0], defs, name)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {key: _example(prop, defs, key) for key, prop in props.items()}
    if kind == "array":
        item = _example(schema.get("items", {}), defs, name.rstrip("s"))
        return [item] * max(1, int(schema.get("minItems", 1)))
    if kind == "integer":
        return int(
            schema.get(
                "minimum", schema.get("exclusiveMinimum", 0) + 1 if "exclusiveMinimum" in schema else 1
            )
        )
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return EXAMPLE_TIME.isoformat()
        if fmt == "date":
            return "2027-01-11"
        if fmt == "email":
            return "someone@example.org"
        if name.endswith("_id") or name.endswith("_ids") or name in ("opened_by", "decided_by"):
            return f"{name.split('_')[0][:3]}_7c1e5d"
        if name == "timezone":
            return "Europe/Berlin"
        return name or "text"
    return None


def example_event(event_type: str) -> dict[str, Any]:
    """A whole event as an endpoint receives it: the EventBridge event, the envelope in `detail`."""
    model = CATALOGUE[event_type]
    schema = model.model_json_schema()
    data = model.model_validate(_example(schema, schema.get("$defs", {})))
    envelope = Envelope(
        metadata=Metadata(
            event_id="0b8f3c7e-5d1a-4c2e-9f60-3a7d2e1b4c59",
            event_type=event_type,
            version=model.version,
            tenant_id=EXAMPLE_TENANT,
            occurred_at=EXAMPLE_TIME,
            correlation_id="c3a1f0d2-7e4b-4b8a-a0c5-9d2f6e1b7a34",
            producer=model.producer,
            visibility=model.visibility,
        ),
        data=data.model_dump(mode="json"),
    )
    return {
        "version": "0",
        "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": event_type,
        "source": source_for(model.producer),
        "account": "111122223333",
        "time": EXAMPLE_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "eu-central-1",
        "resources": [],
        "detail": envelope.model_dump(mode="json"),
    }


@cache
def public_catalogue() -> Catalogue:
    entries = []
    for name in public_event_types():
        model = CATALOGUE[name]
        entries.append(
            CatalogueEntry(
                event_type=name,
                version=model.version,
                producer=model.producer,
                source=source_for(model.producer),
                description=model.description,
                data_schema=model.model_json_schema(),
                example=example_event(name),
            )
        )
    return Catalogue(envelope=Envelope.model_json_schema(), events=entries)


def rendered_catalogue() -> str:
    """The public catalogue as `PUBLISHED_CATALOGUE` holds it."""
    return public_catalogue().model_dump_json(indent=1) + "\n"


def write_catalogue() -> None:
    PUBLISHED_CATALOGUE.write_text(rendered_catalogue(), encoding="utf-8")
    print(f"wrote {PUBLISHED_CATALOGUE}")
