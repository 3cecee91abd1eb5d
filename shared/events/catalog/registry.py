"""The registry of every event type: what the consumer parses by, the publisher checks, infra subscribes
partners to (public ones only) and `make events` writes into docs/events/."""

from __future__ import annotations

from shared.events.catalog import (
    audit,
    intake,
    machine_clients,
    matching,
    monitoring,
    notifications,
    privacy,
    sessions,
)
from shared.events.envelope import EventData

#: Every event, by producer; a new producer's module declares its `EVENTS` and is added here.
EVENTS: tuple[type[EventData], ...] = (
    *intake.EVENTS,
    *notifications.EVENTS,
    *matching.EVENTS,
    *sessions.EVENTS,
    *monitoring.EVENTS,
    *audit.EVENTS,
    *privacy.EVENTS,
    *machine_clients.EVENTS,
)
CATALOGUE: dict[str, type[EventData]] = {model.event_type(): model for model in EVENTS}


def model_for(event_type: str) -> type[EventData]:
    try:
        return CATALOGUE[event_type]
    except KeyError:
        raise KeyError(f"{event_type!r} is not in the event catalogue") from None


def public_event_types() -> list[str]:
    return sorted(name for name, model in CATALOGUE.items() if model.visibility == "public")


def json_schemas() -> dict[str, dict[str, object]]:
    """File name → JSON Schema of the event's envelope `data`, with its catalogue facts."""
    out: dict[str, dict[str, object]] = {}
    for name, model in sorted(CATALOGUE.items()):
        schema = model.model_json_schema()
        schema["x-tandem"] = {
            "event_type": name,
            "version": model.version,
            "visibility": model.visibility,
            "producer": model.producer,
            "source": f"tandem.{model.producer}",
        }
        if model.producers:
            # An answer every service gives: any of these may send it (metadata.producer says which).
            schema["x-tandem"]["producers"] = list(model.producers)
            schema["x-tandem"]["sources"] = [f"tandem.{p}" for p in model.producers]
        if model.description:
            schema["description"] = model.description
        out[f"{name}.v{model.version}.json"] = schema
    return out
