"""The events intake produces: tenants, contact details, programmes, applications, participants."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from shared.events.catalog.facts import DEFAULT_TIMEZONE, Language, ProgrammeFacts, Role
from shared.events.catalog.profile import MatchingFacts
from shared.events.envelope import EventData
from shared.validation import EmailAddress
from shared.vocabulary import ApplicantRole


class TenantCreated(EventData):
    producer = "intake"
    description = "A municipality joined the network."

    slug: str
    name: str
    default_language: Language
    languages: list[Language]
    #: IANA time zone; absent in events before 2026-12 (every municipality was in Berlin's).
    timezone: str = DEFAULT_TIMEZONE


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
    account_link_pending: bool = Field(
        default=False,
        description=(
            "accepted, but the e-mail already had an account in the municipality: the account's owner "
            "confirms on the account-links page that the place is theirs"
        ),
    )


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


class AccountCreated(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "A manager or the network admin made an account (not an acceptance, whose decision e-mail is the "
        "welcome): notifications sends the welcome with the sign-in link."
    )

    person_id: str = Field(description="the account's person; its contact details travel separately")
    role: Role
    tenant_slug: str = Field(description="the municipality's sign-in pages are /app/{tenant_slug}/sign-in")


#: The purposes a person consents to one by one (the privacy notice names each).
ConsentPurpose = Literal["processing", "email", "sms", "employer_sharing"]


class ConsentChanged(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "A person gave or withdrew consent for one purpose (processing, e-mail, SMS, sharing progress "
        "with an employer): notifications makes e-mail and SMS consent the ceiling of the preferences."
    )

    person_id: str
    purpose: ConsentPurpose
    granted: bool
    privacy_notice_version: str


#: `employer_erased`: the employer's account was erased (their data), which ends every link of theirs.
EmployerLinkEndReason = Literal["consent_withdrawn", "unlinked", "employer_erased"]


class EmployerLinked(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "A manager linked an employer's account to a mentee who consented to share progress with that "
        "employer (seed 002): sessions lets the employer set goals and read the mentee's progress."
    )

    link_id: str
    participant_id: str = Field(description="the mentee")
    employer_user_id: str = Field(description="the employer's account (its sub)")


class EmployerLinkEnded(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "An employer's link to a mentee ended: the mentee withdrew consent to share with the employer, a "
        "manager ended it, or the employer was erased. From now on the employer sees nothing of them (an "
        "erasure removes the link too)."
    )

    link_id: str
    participant_id: str
    employer_user_id: str
    reason: EmployerLinkEndReason


class ProcessingConsentWithdrawn(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "A participant withdrew consent to the processing of their data: their erasure is requested "
        "(`erasure_request_id`, kept in intake) and the programme's managers are told."
    )

    person_id: str
    participant_id: str
    programme_id: str
    erasure_request_id: str


class RetentionSweepDue(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "Time for the daily retention sweep (its `occurred_at` is the schedule's time). Delivered by "
        "EventBridge Scheduler into intake's own queue, never put on the bus."
    )


class RetentionSwept(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "The daily retention sweep of one municipality ran: what it erased or asked to erase, counted."
    )

    day: date
    counts: dict[str, int] = Field(description="per data class, how many items; never who")


class PracticeCaseSubmitted(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "A mentor or manager wrote or changed a case of good practice (Q-SER's archive); it waits for a "
        "manager's approval. Ids and facts only: the case's words stay in intake."
    )

    case_id: str
    author_id: str = Field(description="the author's person id")
    case_version: int


class PracticeCaseApproved(EventData):
    producer = "intake"
    description = (
        "A manager approved a case of good practice: the municipality's mentors, trainers and managers now "
        "find it in the archive. Ids and facts only, never the case's words."
    )

    case_id: str
    case_version: int
    first_approval: bool = Field(description="false when an approved case's change was approved")


class PracticeCaseReturned(EventData):
    producer = "intake"
    visibility = "internal"
    description = (
        "A manager returned a case of good practice to its author to change (the reason stays in intake)."
    )

    case_id: str
    author_id: str = Field(description="the author's person id")
    case_version: int


class WorkshopPlanned(EventData):
    producer = "intake"
    description = (
        "A manager planned an impulse workshop for a programme's mentors or its mentees (its title and "
        "place stay in intake)."
    )

    workshop_id: str
    programme_id: str
    audience: Literal["mentors", "mentees"]
    starts_at: datetime
    ends_at: datetime
    online: bool
    capacity: int | None = None


class WorkshopCancelled(EventData):
    producer = "intake"
    description = "A manager cancelled a planned workshop; whoever signed up is no longer expected."

    workshop_id: str
    programme_id: str
    audience: Literal["mentors", "mentees"]
    signed_up: list[str] = Field(description="participant ids of those who had signed up")


class WorkshopAttendanceRecorded(EventData):
    producer = "intake"
    description = "After a workshop its manager recorded who attended and who was absent (participant ids)."

    workshop_id: str
    programme_id: str
    audience: Literal["mentors", "mentees"]
    attended: list[str]
    absent: list[str]


EVENTS: tuple[type[EventData], ...] = (
    TenantCreated,
    ContactDetailsRecorded,
    ProgrammeOpened,
    ProgrammeChanged,
    ApplicationSubmitted,
    ApplicationDecided,
    ParticipantAccepted,
    MentorQualified,
    ManagerAdded,
    AccountCreated,
    ConsentChanged,
    EmployerLinked,
    EmployerLinkEnded,
    ProcessingConsentWithdrawn,
    RetentionSweepDue,
    RetentionSwept,
    PracticeCaseSubmitted,
    PracticeCaseApproved,
    PracticeCaseReturned,
    WorkshopPlanned,
    WorkshopCancelled,
    WorkshopAttendanceRecorded,
)
