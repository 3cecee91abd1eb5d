"""The audit trail's event: every service reports the reads and changes of personal data it served.

Its producer is `audit` (source `tandem.audit`), not one service: every service publishes it through
shared/audit.py, and intake (services/intake/audit) keeps the trail. Ids only, never the content.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from shared.events.envelope import EventData
from shared.model import BaseModel

AuditAction = Literal["read", "change"]
#: The kinds of personal data the trail names (what was read or changed, never its content).
DataKind = Literal[
    "account",
    "agreement",
    "answers",
    "application",
    "diary",
    "erasure",
    "export",
    "goals",
    "interview_notes",
    "outcome",
    "participant",
    "reflection",
    "review",
    "work_plan",
    "feedback",
    "employer_link",
    "progress",
]
#: `partner_system`: a municipality's machine client (issue 16); actor_user_id is `client:<its client id>`.
ActorRole = Literal["admin", "manager", "mentor", "mentee", "trainer", "employer", "none", "partner_system"]


class AccessedRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    subject_participant_id: str = Field(
        description="the participant the data is about (an application not yet accepted: its application id)"
    )
    resource_id: str = Field(description="the item read or changed (an application, a diary entry, ...)")


class PersonalDataAccessed(EventData):
    producer = "audit"
    visibility = "internal"
    description = (
        "Someone read or changed personal data (one entry per subject shown); the trail in intake keeps it. "
        "When is the envelope's occurred_at, the request its correlation_id."
    )

    service: str = Field(description="the service that served the read or the change")
    actor_user_id: str = Field(description="the account (sub) that asked")
    actor_person_id: str | None = Field(default=None, description="the person behind the account, if any")
    actor_role: ActorRole
    action: AuditAction
    kind: DataKind
    records: list[AccessedRecord] = Field(min_length=1, max_length=200)


EVENTS: tuple[type[EventData], ...] = (PersonalDataAccessed,)
