"""The event catalogue: one model per event type, versioned, each `public` or `internal`.

Partners may subscribe to public events only. Internal events may carry contact details (name, e-mail,
phone, language) that one service needs from another; free text a person wrote travels in no event.
`make events` writes this catalogue as JSON Schema into docs/events/.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events.envelope import EventData
from shared.validation import EmailAddress
from shared.vocabulary import (
    AgeRange,
    ApplicantRole,
    CommunicationStyle,
    Criterion,
    Education,
    Gender,
    Industry,
    Interest,
    Kind,
    LifeExperience,
    MinScore,
    Mode,
    Skill,
    Slot,
    Value,
)

Language = str  # ISO 639-1, checked where it enters (the API), not again on every event
Role = Literal["admin", "manager", "mentor", "mentee", "trainer"]


# --- intake ---------------------------------------------------------------------------------------


class TenantCreated(EventData):
    producer = "intake"
    description = "A municipality joined the network."

    slug: str
    name: str
    default_language: Language
    languages: list[Language]


class ContactDetailsRecorded(EventData):
    producer = "intake"
    visibility = "internal"
    description = "How to reach a person, for the notifications service's contact directory."

    person_id: str
    role: Role
    email: EmailAddress
    given_name: str
    family_name: str
    language: Language
    phone: str | None = None
    contact_email: bool = True
    contact_sms: bool = False


class MatchingRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: dict[Criterion, int] = Field(default_factory=dict)
    min_score: MinScore = 0


class ProgrammeFacts(EventData):
    """A programme's settings, as the other services need them (nothing personal)."""

    programme_id: str
    tenant_slug: str
    name: str
    kind: Kind
    max_group_size: int = 5
    mode: Mode
    languages: list[Language]
    starts_on: date
    ends_on: date
    intake_open: bool
    mentor_training_required: bool = False
    matching: MatchingRules = Field(default_factory=MatchingRules)


class ProgrammeOpened(ProgrammeFacts):
    producer = "intake"
    description = "A manager opened a programme; its public forms are live when intake is open."

    opened_by: str = Field(description="person id of the manager")


class ProgrammeChanged(ProgrammeFacts):
    producer = "intake"
    description = "A manager changed a programme's settings; carries all of them as they are now."

    programme_version: int


class ApplicationSubmitted(EventData):
    producer = "intake"
    description = "Someone applied to a programme through its form (the application's text stays in intake)."

    application_id: str
    programme_id: str
    person_id: str
    role: ApplicantRole


class ApplicationDecided(EventData):
    producer = "intake"
    description = "The manager accepted, rejected or wait-listed an application."

    application_id: str
    programme_id: str
    person_id: str
    role: ApplicantRole
    decision: Literal["accepted", "rejected", "waitlisted"]
    participant_id: str | None = None


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MatchingWishes(Facts):
    mentor_gender: Gender | None = None
    mentor_age_range: AgeRange | None = None
    industry: Industry | None = None


class MatchingFacts(Facts):
    """The profile facts matching scores by: choices from the fixed lists of `shared.vocabulary` only,
    never the applicant's own words (those stay in intake)."""

    birth_year: int
    gender: Gender | None = None
    languages: list[Language]
    interests: list[Interest] = Field(default_factory=list)
    industry: Industry | None = None
    education: Education | None = None
    life_experience: list[LifeExperience] = Field(default_factory=list)
    values: list[Value] = Field(default_factory=list)
    communication_style: CommunicationStyle | None = None
    availability: list[Slot] = Field(default_factory=list)
    preferred_mode: Mode | None = None
    wishes: MatchingWishes | None = None
    skills: list[Skill] = Field(default_factory=list)
    capacity: int | None = None


class ParticipantAccepted(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "An accepted applicant became a participant; carries the facts matching needs. When the e-mail "
        "already had an account in the municipality, published once that account's owner confirmed the link."
    )

    participant_id: str
    person_id: str = Field(description="the person's account; one person may take part in several programmes")
    programme_id: str
    application_id: str
    role: ApplicantRole
    eligible: bool = Field(description="false for a mentor who must first finish the required training")
    profile: MatchingFacts


class MentorQualified(EventData):
    producer = "intake"
    description = "A mentor completed every required training module and passed its assessment."

    participant_id: str
    programme_id: str


class ManagerAdded(EventData):
    producer = "intake"
    visibility = "internal"
    description = "The network admin gave a municipality a new manager; its other managers are told."

    audit_id: str = Field(description="the audit record in intake that says who did it and when")
    person_id: str = Field(description="the new manager")
    given_name: str
    family_name: str


# --- notifications ----------------------------------------------------------------------------------


class ApplicationDigestDue(EventData):
    producer = "notifications"
    visibility = "internal"
    description = (
        "An hour of applications to one programme is over: time for the managers' digest. Delivered by "
        "EventBridge Scheduler into notifications' own queue, never put on the bus."
    )

    programme_id: str
    hour: datetime = Field(description="the start (UTC) of the hour whose applications the digest counts")


# --- matching -------------------------------------------------------------------------------------


class MatchingRunRequested(EventData):
    producer = "matching"
    visibility = "internal"
    description = "A manager asked for a matching run; matching's own consumer computes it."

    run_id: str
    programme_id: str
    objective: Literal["max_total", "max_matched"]
    grouping: Literal["pairs", "groups"]
    language: Language = "en"


class MatchingRunCompleted(EventData):
    producer = "matching"
    description = "A matching run finished (or failed); its proposals wait for the manager."

    run_id: str
    programme_id: str
    status: Literal["completed", "failed"]
    matched: int = 0
    unmatched: int = 0


class MatchConfirmed(EventData):
    producer = "matching"
    description = "A mentoring relationship begins: a pair, or a group around one mentor."

    match_id: str
    programme_id: str
    kind: Literal["pair", "group"]
    mentor_id: str
    mentee_ids: list[str]


class MatchEnded(EventData):
    producer = "matching"
    description = "A relationship ended (early or as planned); its people are free to be matched again."

    match_id: str
    programme_id: str
    mentor_id: str
    mentee_ids: list[str]
    rematch: bool = False


CATALOGUE: dict[str, type[EventData]] = {
    model.event_type(): model
    for model in (
        TenantCreated,
        ContactDetailsRecorded,
        ProgrammeOpened,
        ProgrammeChanged,
        ApplicationSubmitted,
        ApplicationDecided,
        ParticipantAccepted,
        MentorQualified,
        ManagerAdded,
        ApplicationDigestDue,
        MatchingRunRequested,
        MatchingRunCompleted,
        MatchConfirmed,
        MatchEnded,
    )
}


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
        if model.description:
            schema["description"] = model.description
        out[f"{name}.v{model.version}.json"] = schema
    return out
