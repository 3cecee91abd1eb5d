"""Intake's domain: tenants, accounts, programmes, applications, participants (what the store keeps).

The requests and answers of the API are in `schemas.py`; the value objects an application is made of
(Person, Profile, Wishes) validate here, because the domain keeps them as they were checked.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, field_validator

from services.intake.personality import PersonalityAnswers
from services.intake.presets import PresetKey
from shared.http import RequestBody
from shared.languages import LanguageCode
from shared.model import BaseModel
from shared.validation import EmailAddress
from shared.vocabulary import (
    CRITERIA,
    MAX_SCORE,
    MAX_SKILL_LEVEL,
    MAX_WEIGHT,
    MIN_SCORE,
    MIN_SKILL_LEVEL,
    MIN_WEIGHT,
    AgeRange,
    ApplicantRole,
    CommunicationStyle,
    Education,
    Gender,
    Industry,
    Interest,
    Kind,
    LifeExperience,
    MatrixSkill,
    MinScore,
    Mode,
    Skill,
    Slot,
    Trait,
    Value,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{3,40}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]


#: A mentor training as Q-SER runs it (seed 004): the modules, then a Q&A assessment.
DEFAULT_TRAINING_MODULES = ("mentoring_basics", "ethics_and_confidentiality", "intercultural_competence")
#: The privacy notice the forms show; consent records which version a person agreed to.
PRIVACY_NOTICE_VERSION = "2026-11"

#: The matching criteria a programme weighs (DOMAIN.md, step 4), from the shared vocabulary.
MATCHING_CRITERIA = CRITERIA


class Tenant(BaseModel):
    tenant_id: str
    slug: str
    name: str
    default_language: str
    languages: list[str]
    timezone: str
    created_at: datetime


UserRole = Literal["manager", "mentor", "mentee", "trainer", "employer"]


class AuditEntry(BaseModel):
    """Who did what to whom, kept in intake's table (today: the network admin making a manager)."""

    audit_id: str
    tenant_id: str
    action: Literal["manager_created"]
    actor_id: str = Field(description="the account (sub) that did it")
    person_id: str = Field(description="the person it was done to")
    at: datetime


class User(BaseModel):
    user_id: str
    person_id: str = Field(description="minted by the system, never taken from a request")
    tenant_id: str
    email: str
    role: UserRole
    given_name: str
    family_name: str
    language: str
    audit: AuditEntry | None = Field(default=None, description="the audit record, when one was made")


class MatchingSettings(RequestBody):
    weights: dict[str, Annotated[int, Field(ge=MIN_WEIGHT, le=MAX_WEIGHT)]] = Field(default_factory=dict)
    min_score: MinScore = Field(default=MIN_SCORE, ge=MIN_SCORE, le=MAX_SCORE)
    team_weight: int | None = Field(
        default=None,
        ge=MIN_WEIGHT,
        le=MAX_WEIGHT,
        description="groups only: how much the mentees' working as a team counts beside the criteria "
        "(0 = not at all; absent: 3)",
    )
    team_age_spread: int | None = Field(
        default=None,
        ge=0,
        le=80,
        description="groups only: the widest age gap, in years, still one age band (absent: 10)",
    )
    personality_traits: list[Trait] | None = Field(
        default=None,
        min_length=1,
        max_length=5,
        description="the traits on which the personality criterion looks for similarity (absent: all five)",
    )

    @field_validator("weights")
    @classmethod
    def _known_criteria(cls, weights: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(weights) - set(MATCHING_CRITERIA))
        if unknown:
            raise ValueError(f"unknown criteria {unknown}; known: {list(MATCHING_CRITERIA)}")
        return weights


class Programme(BaseModel):
    programme_id: str
    tenant_id: str
    tenant_slug: str = Field(description="the municipality's slug, as in the form links")
    name: str
    kind: Kind
    max_group_size: int
    mode: Mode
    cadence_days: int
    #: How long before a session its members are reminded (notifications' reminders); 24 h for older items.
    session_reminder_hours: int = 24
    starts_on: date
    ends_on: date
    languages: list[str]
    mentor_training_required: bool
    required_training_modules: list[str] = Field(default_factory=list)
    matching: MatchingSettings
    intake_open: bool
    #: The seed profile the programme was opened from (services/intake/presets.py), if any.
    preset: PresetKey | None = None
    #: The skills applicants rate themselves on (seed 001); empty: no skill matrix on the form.
    skill_matrix: list[MatrixSkill] = Field(default_factory=list)
    #: Whether the form asks for the personality self-assessment (TIPI, seed 001).
    personality_assessment: bool = False
    created_at: datetime
    version: int
    form_links: dict[str, str] = Field(default_factory=dict)


SkillLevel = Annotated[int, Field(ge=MIN_SKILL_LEVEL, le=MAX_SKILL_LEVEL)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
#: The youngest applicant Tandem accepts (NEET youth programmes start at 14).
MINIMUM_AGE = 14
#: The privacy notices an application may be sent under: only the one the forms show today.
CURRENT_PRIVACY_NOTICES = frozenset({PRIVACY_NOTICE_VERSION})

# A name is the one thing of an applicant's the receipt could carry, so it must not be able to carry
# a message: no line breaks or other control characters, no digits, no links (issue 8, item 3).
_LINK = re.compile(r"(://|www\.|[@/\\<>:]|[^\s.]\.[^\W\d_]{2,})", re.IGNORECASE)


def _plain_name(value: str) -> str:
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise ValueError("a name is one line, without control characters")
    if any(c.isdigit() for c in value) or _LINK.search(value):
        raise ValueError("a name holds no digits, links, e-mail addresses or web addresses")
    return value


PersonName = Annotated[str, StringConstraints(min_length=1, max_length=120), AfterValidator(_plain_name)]


class Person(RequestBody):
    given_name: PersonName
    family_name: PersonName
    email: EmailAddress
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()/-]{6,25}$")] | None = None
    birth_year: int = Field(ge=1900)
    gender: Gender | None = None
    postcode: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 -]{3,10}$")] | None = None
    languages: list[LanguageCode] = Field(min_length=1, max_length=10)

    @field_validator("birth_year")
    @classmethod
    def _old_enough(cls, year: int) -> int:
        if year > datetime.now().year - MINIMUM_AGE:  # noqa: DTZ005 - a calendar year, not an instant
            raise ValueError(f"applicants must be at least {MINIMUM_AGE} years old")
        return year

    @field_validator("languages")
    @classmethod
    def _distinct(cls, languages: list[str]) -> list[str]:
        return list(dict.fromkeys(languages))


class Profile(RequestBody):
    # Choices from fixed lists (shared/vocabulary.py), so that what matching learns is never free text.
    interests: list[Interest] = Field(default_factory=list, max_length=20)
    industry: Industry | None = None
    education: Education | None = None
    life_experience: list[LifeExperience] = Field(default_factory=list, max_length=10)
    values: list[Value] = Field(default_factory=list, max_length=10)
    communication_style: CommunicationStyle | None = None
    availability: list[Slot] = Field(default_factory=list, max_length=21)
    preferred_mode: Mode | None = None
    motivation: LongText
    expectations: LongText


class Wishes(RequestBody):
    mentor_gender: Gender | None = None
    mentor_age_range: AgeRange | None = None
    industry: Industry | None = None


ApplicationStatus = Literal["submitted", "accepted", "rejected", "waitlisted"]


ConsentPurpose = Literal["processing", "contact_email", "contact_sms"]


class PurposeConsent(BaseModel):
    """One purpose's answer: granted or not, under which notice, when."""

    granted: bool
    privacy_notice_version: str
    recorded_at: datetime


class ConsentRecord(BaseModel):
    """Consent per purpose (GDPR art. 7): each is asked, answered and withdrawn on its own."""

    privacy_notice_version: str = Field(description="the notice the form showed")
    processing: PurposeConsent
    contact_email: PurposeConsent = Field(description="non-transactional e-mail (news, reminders)")
    contact_sms: PurposeConsent
    processing_covers: list[str] = Field(description="what the processing consent covers")


class Application(BaseModel):
    application_id: str
    tenant_id: str
    programme_id: str
    person_id: str
    role: ApplicantRole
    language: str
    status: ApplicationStatus
    submitted_at: datetime
    decided_at: datetime | None = None
    decision_reason: str | None = None
    participant_id: str | None = None
    person: Person
    profile: Profile
    needs: str | None = None
    wishes: Wishes | None = None
    skills: list[Skill] | None = None
    competences: str | None = None
    mentoring_experience: str | None = None
    capacity: int | None = None
    #: The programme's skill matrix as the applicant rated themselves, 0 (not yet) to 4 (could teach it).
    skill_ratings: dict[MatrixSkill, SkillLevel] | None = None
    #: The personality self-assessment's answers (TIPI); matching learns only the traits scored from them.
    personality: PersonalityAnswers | None = None
    consent: ConsentRecord
    #: The partner system (its app client) that sent the application through the API; None from the form.
    partner_client_id: str | None = None


class InterviewNote(BaseModel):
    note_id: str
    application_id: str
    author_id: str
    text: str
    written_at: datetime


class TrainingRecord(BaseModel):
    module: str
    completed_on: date
    assessment_passed: bool
    recorded_by: str
    recorded_at: datetime


class Participant(BaseModel):
    participant_id: str
    person_id: str = Field(description="the person; one person may take part in several programmes")
    tenant_id: str
    programme_id: str
    application_id: str
    role: ApplicantRole
    given_name: str
    family_name: str
    language: str
    status: Literal["active", "withdrawn", "completed"] = "active"
    eligible: bool
    training: list[TrainingRecord] = Field(default_factory=list)
    accepted_at: datetime
    account_link: Literal["pending"] | None = Field(
        default=None,
        description="pending: the e-mail has an account in this municipality whose owner has not yet "
        "confirmed this participation (until then matching does not know the participant)",
    )
    version: int = 0


class AccountLink(BaseModel):
    """A participation that waits for the owner of an existing account (same e-mail) to claim it."""

    link_id: str
    tenant_id: str
    account_person_id: str
    email: str
    participant_id: str
    programme_id: str
    application_id: str
    role: ApplicantRole
    status: Literal["pending", "confirmed"]
    created_at: datetime
    confirmed_at: datetime | None = None


#: How a form shows a field. `checkboxes` is a list of choices (the fixed lists of shared/vocabulary.py),
#: `multiselect` the availability grid, `languages` language tick boxes.
FieldKind = Literal[
    "text", "email", "tel", "number", "textarea",
    "select", "multiselect", "checkboxes", "checkbox", "languages",
]  # fmt: skip


class FormField(BaseModel):
    name: str = Field(description="dotted path in the application body, e.g. person.email")
    kind: FieldKind
    required: bool
    options: list[str] | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None


class SignIn(BaseModel):
    """A sign-in under way: the account's username, the e-mail typed, the provider's challenge (None when
    the e-mail has no account here), and the wrong codes so far."""

    sign_in_id: str
    tenant_id: str = Field(description="the municipality, or NETWORK for the network admin")
    username: str
    email: str
    challenge: str | None
    wrong_codes: int = 0
    expires_at: datetime


class MatchState(BaseModel):
    """Intake's projection of one of matching's matches (MatchConfirmed, MatchEnded): who is in it and
    whether it still runs. Intake keeps it only to say who is matched on the manager's pages."""

    match_id: str
    programme_id: str
    mentor_id: str = Field(description="the mentor's participant id")
    mentee_ids: list[str] = Field(description="the mentees' participant ids")
    status: Literal["confirmed", "ended"]
