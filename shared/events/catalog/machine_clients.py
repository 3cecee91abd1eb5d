"""The events of partner systems' machine clients (issue 16, seed 001): intake registers and revokes a
municipality's partner system, and a partner changes an applicant it sent. Ids and facts only: never a
client's secret, never the changed details themselves (ContactDetailsRecorded carries the contact)."""

from __future__ import annotations

from pydantic import Field

from shared.events.envelope import EventData


class MachineClientRegistered(EventData):
    producer = "intake"
    visibility = "internal"
    description = "A manager (or the network admin) registered a partner system's app client."

    client_id: str
    registered_by: str = Field(description="the user id of who registered it")


class MachineClientRevoked(EventData):
    producer = "intake"
    visibility = "internal"
    description = "A partner system's app client was revoked: its tokens are refused from now on."

    client_id: str
    revoked_by: str = Field(description="the user id of who revoked it")


class ApplicantDetailsChanged(EventData):
    producer = "intake"
    description = "A partner system changed an applicant's contact or profile details during screening."

    application_id: str
    programme_id: str
    person_id: str
    changed: list[str] = Field(description="which parts changed: person, profile, language")


EVENTS: tuple[type[EventData], ...] = (MachineClientRegistered, MachineClientRevoked, ApplicantDetailsChanged)
