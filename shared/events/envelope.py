"""The envelope every event travels in, as `detail` on the bus (ARCHITECTURE.md, "Event envelope")."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from shared.model import BaseModel

Visibility = Literal["public", "internal"]


class EventData(BaseModel):
    """Base of every event's `data`: identifiers and facts only, never free text a person wrote.

    A subclass names its type by its class name and declares its version, visibility and producer.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: ClassVar[int] = 1
    visibility: ClassVar[Visibility] = "public"
    producer: ClassVar[str]
    #: The services that may publish this type. Empty: only `producer`. An answer every service gives (a
    #: person's erasure done, say) names them all; the envelope's `metadata.producer` says which one sent it.
    producers: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""

    @classmethod
    def event_type(cls) -> str:
        return cls.__name__

    @classmethod
    def allowed_producers(cls) -> tuple[str, ...]:
        return cls.producers or (cls.producer,)

    def sent_by(self) -> str:
        """The service publishing this instance: `producer`, unless the type names several (then the
        subclass says which, from its data)."""
        return self.producer


class Metadata(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: str
    event_type: str
    version: int
    tenant_id: str
    occurred_at: datetime
    correlation_id: str
    producer: str
    visibility: Visibility = "public"


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    metadata: Metadata
    data: dict[str, Any] = Field(default_factory=dict)
