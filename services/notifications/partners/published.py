"""The public event catalogue's answer, apart from the partners API's other schemas: the public function
(public_api.py) imports only this module, so its cold start builds no other model (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field

from shared.model import BaseModel


class CatalogueEntry(BaseModel):
    event_type: str
    version: int
    producer: str
    source: str
    description: str
    #: JSON Schema of the envelope's `data`.
    data_schema: dict[str, Any]
    #: A whole event as your endpoint receives it (the EventBridge event; `detail` is the envelope).
    example: dict[str, Any]


class Catalogue(BaseModel):
    envelope: dict[str, Any] = Field(description="JSON Schema of `detail`: the metadata and the data")
    events: list[CatalogueEntry]


#: The catalogue as the public function serves it, written by `make asyncapi` from the event models
#: (`catalogue.public_catalogue`; tests/unit keeps it current). Read, not built, at the first request:
#: building it loads every event model, which put that function's cold start over 300 ms (issue 15).
PUBLISHED_CATALOGUE = Path(__file__).with_name("catalogue.json")
