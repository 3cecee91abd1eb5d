"""Requests and answers of the intake service (API.md, "intake"); the domain is in `models.py`."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from services.intake.models import (
    CURRENT_PRIVACY_NOTICES,
    DEFAULT_TRAINING_MODULES,
    PRIVACY_NOTICE_VERSION,
    AccountLink,
    Application,
    ApplicationStatus,
    AuditEntry,
    FormField,
    InterviewNote,
    LongText,
    MatchingSettings,
    Name,
    Participant,
    Person,
    Profile,
    Programme,
    SkillLevel,
    Slug,
    Tenant,
    UserRole,
    Wishes,
)
from services.intake.personality import PersonalityAnswers
from services.intake.presets import PresetKey, PresetRole, QuestionnaireKind, with_preset
from shared.http import RequestBody
from shared.languages import LanguageCode
from shared.model import BaseModel
from shared.validation import EmailAddress
from shared.vocabulary import MATRIX_SKILLS, ApplicantRole, Kind, MatrixSkill, Mode, Skill

#: Slugs no municipality may take: the network admin's web pages live under `/app/network`.
RESERVED_SLUGS = frozenset({"network"})


class TenantCreate(RequestBody):
    slug: Slug
    name: Name
    default_language: LanguageCode
    languages: list[LanguageCode] = Field(min_length=1, max_length=20)
    timezone: str = "Europe/Berlin"

    @field_validator("slug")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        # `/app/network/...` are the network admin's pages (services/intake/web/sign_in.py).
        if value in RESERVED_SLUGS:
            raise ValueError(f"{value!r} is reserved; choose another slug")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise ValueError(f"{value!r} is not an IANA time zone")
        return value

    @model_validator(mode="after")
    def _default_among_languages(self) -> TenantCreate:
        self.languages = list(dict.fromkeys(self.languages))
        if self.default_language not in self.languages:
            raise ValueError("default_language must be one of languages")
        return self


class TenantList(BaseModel):
    items: list[Tenant]


class UserCreate(RequestBody):
    email: EmailAddress
    role: UserRole
    given_name: Name
    family_name: Name
    language: LanguageCode
    tenant_id: str | None = Field(default=None, description="network admin only: the municipality")


class AuditList(BaseModel):
    items: list[AuditEntry]


class ProgrammeFields(RequestBody):
    """Fields a manager sets; on PATCH each is optional and only those sent change."""

    name: Name | None = None
    kind: Kind | None = None
    max_group_size: int | None = Field(default=None, ge=2, le=8)
    mode: Mode | None = None
    cadence_days: int | None = Field(default=None, ge=1, le=90)
    session_reminder_hours: int | None = Field(default=None, ge=1, le=168)
    starts_on: date | None = None
    ends_on: date | None = None
    languages: list[LanguageCode] | None = Field(default=None, min_length=1, max_length=20)
    mentor_training_required: bool | None = None
    required_training_modules: list[Annotated[str, StringConstraints(min_length=1, max_length=60)]] | None = (
        Field(default=None, max_length=20)
    )
    matching: MatchingSettings | None = None
    intake_open: bool | None = None
    skill_matrix: list[MatrixSkill] | None = Field(
        default=None,
        max_length=len(MATRIX_SKILLS),
        description="the skills applicants rate themselves on, 0-4 (seed 001); empty: no skill matrix",
    )
    personality_assessment: bool | None = Field(
        default=None, description="whether the form asks for the personality self-assessment (TIPI)"
    )

    @field_validator("skill_matrix")
    @classmethod
    def _distinct_skills(cls, skills: list[str] | None) -> list[str] | None:
        return list(dict.fromkeys(skills)) if skills is not None else None


class ProgrammeCreate(ProgrammeFields):
    preset: PresetKey | None = Field(
        default=None,
        description="a seed profile (GET /v1/programme-presets): fills in each setting the body leaves out",
    )
    name: Name
    kind: Kind
    max_group_size: int = Field(default=5, ge=2, le=8)
    mode: Mode
    cadence_days: int = Field(default=14, ge=1, le=90)
    session_reminder_hours: int = Field(
        default=24, ge=1, le=168, description="how many hours before a session its members are reminded"
    )
    starts_on: date
    ends_on: date
    languages: list[LanguageCode] = Field(min_length=1, max_length=20)
    mentor_training_required: bool = False
    required_training_modules: list[Annotated[str, StringConstraints(min_length=1, max_length=60)]] = Field(
        default_factory=lambda: list(DEFAULT_TRAINING_MODULES),
        max_length=20,
        description="modules a mentor passes before matching, where training is required",
    )
    matching: MatchingSettings = Field(default_factory=MatchingSettings)
    intake_open: bool = True
    skill_matrix: list[MatrixSkill] = Field(default_factory=list, max_length=len(MATRIX_SKILLS))
    personality_assessment: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_preset(cls, data: object) -> object:
        return with_preset(data)


class ProgrammePreset(BaseModel):
    """A seed profile to open a programme from; every setting stays editable afterwards."""

    key: PresetKey
    seed: str = Field(description="the seed document it comes from (../shared/seeds/)")
    kind: Kind
    mode: Mode
    max_group_size: int
    cadence_days: int
    session_reminder_hours: int
    mentor_training_required: bool
    required_training_modules: list[str]
    matching: MatchingSettings
    skill_matrix: list[MatrixSkill]
    personality_assessment: bool
    roles: list[PresetRole] = Field(description="who takes part in a programme of this kind")
    questionnaires: list[QuestionnaireKind] = Field(description="the questionnaires its participants answer")


class ProgrammePresetList(BaseModel):
    items: list[ProgrammePreset]


class ProgrammePatch(ProgrammeFields):
    expected_version: int | None = Field(
        default=None, ge=1, description="the version you read; a stale one gets 409"
    )


class ProgrammeList(BaseModel):
    items: list[Programme]


class Consent(RequestBody):
    privacy_notice_version: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    processing: bool
    contact_email: bool = False
    contact_sms: bool = False

    @field_validator("privacy_notice_version")
    @classmethod
    def _current_notice(cls, version: str) -> str:
        # Consent counts only for the notice the person was shown; an old form must be reloaded.
        if version not in CURRENT_PRIVACY_NOTICES:
            raise ValueError(f"the current privacy notice is version {PRIVACY_NOTICE_VERSION}; show it first")
        return version

    @field_validator("processing")
    @classmethod
    def _must_agree(cls, processing: bool) -> bool:
        if not processing:
            raise ValueError("consent to the processing of your data is required to apply")
        return processing


class ApplicationCreate(RequestBody):
    """An application as a web form or a partner's form sends it (API.md)."""

    role: ApplicantRole
    language: LanguageCode | None = Field(default=None, description="the language the applicant used")
    person: Person
    profile: Profile
    # mentee
    needs: LongText | None = None
    wishes: Wishes | None = None
    # mentor
    skills: list[Skill] | None = Field(default=None, max_length=20)
    competences: Annotated[str, StringConstraints(max_length=2000)] | None = None
    mentoring_experience: Annotated[str, StringConstraints(max_length=2000)] | None = None
    capacity: int | None = Field(default=None, ge=1, le=5)
    # both roles, where the programme asks for them (it keeps only what it asks for)
    skill_ratings: dict[MatrixSkill, SkillLevel] | None = Field(
        default=None, description="self-rating per skill of the programme's matrix: 0 (not yet) to 4"
    )
    personality: PersonalityAnswers | None = Field(
        default=None, description="the TIPI's ten answers, 1 (disagree strongly) to 7 (agree strongly)"
    )
    consent: Consent
    website: str | None = Field(default=None, description="leave empty (a trap for bots)")

    @model_validator(mode="after")
    def _fields_of_the_role(self) -> ApplicationCreate:
        mentee_only = {"needs": self.needs, "wishes": self.wishes}
        mentor_only = {
            "skills": self.skills,
            "competences": self.competences,
            "mentoring_experience": self.mentoring_experience,
            "capacity": self.capacity,
        }
        other = mentor_only if self.role == "mentee" else mentee_only
        given = sorted(k for k, v in other.items() if v is not None)
        if given:
            raise ValueError(f"{', '.join(given)} belong to the other role's form")
        if self.role == "mentee" and self.needs is None:
            raise ValueError("needs: tell us what you would like support with")
        if self.role == "mentor" and (not self.skills or self.capacity is None):
            raise ValueError("skills and capacity are required for mentors")
        return self


class ApplicationReceipt(BaseModel):
    application_id: str
    status: ApplicationStatus


class ApplicationSummary(BaseModel):
    """A row of the manager's list: enough to screen, without the applicant's own words."""

    application_id: str
    programme_id: str
    role: ApplicantRole
    status: ApplicationStatus
    given_name: str
    family_name: str
    language: str
    submitted_at: datetime


class ApplicationPage(BaseModel):
    items: list[ApplicationSummary]
    next_token: str | None = None


class NoteCreate(RequestBody):
    text: LongText


class DecisionCreate(RequestBody):
    decision: Literal["accepted", "rejected", "waitlisted"]
    reason: Annotated[str, StringConstraints(max_length=500)] | None = None


class ApplicationDetail(BaseModel):
    application: Application
    notes: list[InterviewNote]


# --- participants and training ---------------------------------------------------------------------


class TrainingCreate(RequestBody):
    module: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    completed_on: date
    assessment_passed: bool


class ParticipantList(BaseModel):
    items: list[Participant]


class AccountLinkList(BaseModel):
    items: list[AccountLink]


class PublicProgramme(BaseModel):
    programme_id: str
    tenant_slug: str
    name: str
    languages: list[str]
    default_language: str
    open: bool
    kind: Kind
    mode: Mode
    privacy_notice_version: str
    fields: dict[str, list[FormField]]
