"""The events of a person's rights (issue 14): intake asks every service to export or erase what it holds
about a person, and each service answers. Ids and facts only; the export's content stays in the bucket,
the reason's note stays in intake."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.events.envelope import EventData

#: Every service that holds something about a person and so answers an export or an erasure.
ANSWERING_SERVICES: tuple[str, ...] = ("intake", "matching", "sessions", "monitoring", "notifications")
Service = Literal["intake", "matching", "sessions", "monitoring", "notifications"]

#: Why a manager erases a person (the note, if any, stays in intake).
ERASURE_REASONS: tuple[str, ...] = (
    "person_request",
    "consent_withdrawn",
    "no_longer_needed",
    "unlawful_processing",
    "legal_obligation",
)
ErasureReason = Literal[
    "person_request", "consent_withdrawn", "no_longer_needed", "unlawful_processing", "legal_obligation"
]


class PersonExportRequested(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "A person's data is to be exported (Art. 15/20): each service writes its part to the export bucket "
        "and answers PersonExportWritten."
    )

    export_id: str
    person_id: str = Field(description="the person's account (user) id; empty when they have none")
    participant_ids: list[str]


class PersonErasureRequested(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "A person is to be erased (Art. 17): each service erases or pseudonymises what it holds and answers "
        "PersonErased. Re-published for every ledger entry after a restore, so it must be harmless twice."
    )

    erasure_id: str
    person_id: str = Field(description="the person's account (user) id; empty when they have none")
    participant_ids: list[str]
    reason: ErasureReason


class PersonExportWritten(EventData):
    producer = "intake"
    producers = ANSWERING_SERVICES
    visibility = "internal"
    description = "One service wrote its part of a person's export to the export bucket."

    export_id: str
    service: Service

    def sent_by(self) -> str:
        return self.service


class PersonErased(EventData):
    producer = "intake"
    producers = ANSWERING_SERVICES
    description = (
        "One service erased or pseudonymised what it held about a person. Public: partners holding the "
        "person's data erase it too."
    )

    erasure_id: str
    person_id: str
    participant_ids: list[str]
    service: Service

    def sent_by(self) -> str:
        return self.service


EVENTS: tuple[type[EventData], ...] = (
    PersonExportRequested,
    PersonErasureRequested,
    PersonExportWritten,
    PersonErased,
)
