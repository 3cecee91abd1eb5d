"""The matching service's domain models (its API's request and answer envelopes are in `schemas.py`).

What the engine works on: a participant's matching profile (a projection of their accepted
application), the programme's matching configuration and a manager's exclusions. What it produces and
the service keeps: proposals, unmatched mentees and metrics of a run, the run, and matches. The engine
builds these models directly and the API answers with them, so a result type is declared once.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from shared.model import BaseModel
from shared.vocabulary import (
    CRITERIA,
    MAX_SCORE,
    MAX_WEIGHT,
    MIN_SCORE,
    MIN_WEIGHT,
    SLOTS,
    TRAITS,
    ApplicantRole,
    CommunicationStyle,
    Criterion,
    Education,
    Kind,
    MinScore,
    Mode,
    ShippedLanguage,
    Trait,
)
from shared.vocabulary import (
    DAY_PARTS as DAY_PARTS,  # re-exported: the engine and its benchmark name slots by them
)
from shared.vocabulary import (
    DAYS as DAYS,
)

# ---------------------------------------------------------------------------------------------------
# Domain models: profiles, configuration, exclusions (choices from `shared.vocabulary`, written once)
# ---------------------------------------------------------------------------------------------------

Role = ApplicantRole
ProgrammeKind = Kind
ReasonLanguage = ShippedLanguage  # reasons are worded in the languages Tandem ships
Objective = Literal["max_total", "max_matched"]
Grouping = Literal["pairs", "groups"]
RunStatus = Literal["running", "completed", "failed"]
UnmatchedReason = Literal["no_eligible_mentor", "no_shared_language", "below_min_score", "capacity_exhausted"]

#: Weights used for a criterion the programme does not set. The mentee's explicit wishes, shared
#: values, commitment and a common time to meet matter most for a relationship to last (seed 003).
DEFAULT_WEIGHTS: dict[Criterion, int] = {
    "wishes": 5,
    "motivation": 4,
    "communication": 3,
    "education_experience": 2,
    "values": 4,
    "age": 2,
    "interests": 3,
    "industry": 3,
    "availability": 4,
    "mode": 2,
    # The self-assessments (seed 001) count only where a programme weighs them: without them every
    # programme scores as before they existed.
    "skills": 0,
    "personality": 0,
}

_SLOTS = frozenset(SLOTS)
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_AGE_RANGE = re.compile(r"^(\d{1,3})-(\d{1,3})$|^(\d{1,3})\+$")


def _normalise_tags(values: list[str]) -> list[str]:
    """Trimmed and de-duplicated case-insensitively in first-seen order, keeping the writer's spelling
    for display: "IT " and "it" are the same interest, shown as "IT"."""
    seen: dict[str, str] = {}
    for value in values:
        tag = " ".join(value.split())
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def _normalise_text(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None


def parse_age_range(text: str) -> tuple[int, int]:
    """`"30-50"` -> (30, 50); `"60+"` -> (60, 150). Bounds are inclusive ages in years."""
    match = _AGE_RANGE.match(text.strip())
    if not match:
        raise ValueError(f"age range {text!r} must look like '30-50' or '60+'")
    if match.group(3) is not None:
        return int(match.group(3)), 150
    low, high = int(match.group(1)), int(match.group(2))
    if low > high:
        raise ValueError(f"age range {text!r} has its lower bound above its upper bound")
    return low, high


class MenteeWishes(BaseModel):
    """What a mentee would like in a mentor. Every wish is optional; an absent wish is no constraint."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mentor_gender: str | None = None
    #: Inclusive age range in years, `"30-50"` or `"60+"`.
    mentor_age_range: str | None = None
    industry: str | None = None

    @field_validator("mentor_gender", "industry")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _normalise_text(value)

    @field_validator("mentor_age_range")
    @classmethod
    def _age_range(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parse_age_range(value)
        return value.strip()

    @property
    def count(self) -> int:
        return sum(v is not None for v in (self.mentor_gender, self.mentor_age_range, self.industry))


class MatchingProfile(BaseModel):
    """What the matching needs to know about one accepted participant of one programme.

    Free text (gender, industry, interests, values, life experience, skills) is compared
    case-insensitively and kept in the writer's spelling for display. Availability slots are
    `<day>_<part>`, e.g. `mon_morning`, `sat_evening` (days `mon`..`sun`, parts `morning`,
    `afternoon`, `evening`). `capacity`, `eligible` and `skills` are a mentor's; `wishes` a mentee's.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    participant_id: str = Field(min_length=1)
    role: Role
    birth_year: int = Field(ge=1900, le=2100)
    gender: str | None = None
    #: ISO 639-1 codes, e.g. `["de", "uk"]`.
    languages: list[str] = Field(default_factory=list)
    interests: list[str] = Field(default_factory=list)
    industry: str | None = None
    education: Education | None = None
    #: Tags such as `migration`, `parenthood`, `self_employment`; a single string is one tag.
    life_experience: list[str] = Field(default_factory=list)
    values: list[str] = Field(default_factory=list)
    communication_style: CommunicationStyle | None = None
    availability: list[str] = Field(default_factory=list)
    preferred_mode: Mode | None = None
    #: Motivation and commitment as judged at intake or interview, 1 (low) to 5 (high).
    motivation_level: int = Field(default=3, ge=1, le=5)
    # mentee only
    wishes: MenteeWishes | None = None
    # mentor only
    capacity: int = Field(default=1, ge=1, le=5)
    #: False while a required mentor training (and its assessment) is not completed.
    eligible: bool = True
    skills: list[str] = Field(default_factory=list)
    #: The programme's skill matrix, self-rated 0 (not yet) to 4 (could teach it); empty: not given.
    skill_ratings: dict[str, Annotated[int, Field(ge=0, le=4)]] = Field(default_factory=dict)
    #: The Big Five from the personality self-assessment, 1 to 7 in half points; None: not given.
    personality: dict[Trait, Annotated[float, Field(ge=1, le=7, multiple_of=0.5)]] | None = None

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        codes = _normalise_tags([v.lower() for v in value])
        for code in codes:
            if not _LANGUAGE.match(code):
                raise ValueError(f"{code!r} is not an ISO 639-1 language code")
        return codes

    @field_validator("life_experience", mode="before")
    @classmethod
    def _one_tag(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("interests", "values", "life_experience", "skills")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        return _normalise_tags(value)

    @field_validator("availability")
    @classmethod
    def _slots(cls, value: list[str]) -> list[str]:
        slots = _normalise_tags([v.lower() for v in value])
        for slot in slots:
            if slot not in _SLOTS:
                raise ValueError(f"availability slot {slot!r} must look like 'mon_morning'")
        return slots

    @field_validator("gender", "industry")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _normalise_text(value)

    @model_validator(mode="after")
    def _role_fields(self) -> MatchingProfile:
        if self.role == "mentor" and self.wishes is not None:
            raise ValueError("wishes are a mentee's; a mentor has none")
        return self


class MatchingConfig(BaseModel):
    """A programme's matching settings (API: `POST /v1/programmes`, `matching`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Criterion -> weight 0 (ignored) to 5; criteria left out take `DEFAULT_WEIGHTS`.
    weights: dict[str, Annotated[int, Field(ge=MIN_WEIGHT, le=MAX_WEIGHT)]] = Field(default_factory=dict)
    #: Pairs scoring below this (0-100, whole points as intake and the event carry it) are not proposed.
    min_score: MinScore = Field(default=0, ge=MIN_SCORE, le=MAX_SCORE)
    kind: ProgrammeKind = "pair"
    #: Mentees per mentor in a group; the seeds say at most 4-5.
    max_group_size: int = Field(default=5, ge=2, le=8)
    mode: Mode = "blended"
    #: Mentors may be matched only once their training is completed (seed 004).
    mentor_training_required: bool = False
    #: Year ages are computed in (for age-range wishes); None means the current year.
    reference_year: int | None = Field(default=None, ge=1900, le=2200)
    #: How much a group's working as a team counts, 0 (not at all) to 5, beside the criteria's weights;
    #: only in groups (`engine.team`).
    team_weight: int = Field(default=3, ge=MIN_WEIGHT, le=MAX_WEIGHT)
    #: Widest age gap, in years, among a group's mentees that still counts as one age band.
    team_age_spread: int = Field(default=10, ge=0, le=80)
    #: The traits on which the personality criterion looks for similarity (the programme's choice).
    personality_traits: list[Trait] = Field(default_factory=lambda: list(TRAITS), min_length=1, max_length=5)

    @field_validator("weights")
    @classmethod
    def _known_criteria(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(CRITERIA))
        if unknown:
            raise ValueError(f"unknown matching criteria {unknown}; known: {list(CRITERIA)}")
        return value

    def effective_weights(self) -> dict[Criterion, int]:
        """Every criterion's weight, defaults filled in, in `CRITERIA` order."""
        return {c: self.weights.get(c, DEFAULT_WEIGHTS[c]) for c in CRITERIA}


class Exclusion(BaseModel):
    """A pair the manager forbids, e.g. relatives, or a former relationship that ended badly."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mentor_id: str = Field(min_length=1)
    mentee_id: str = Field(min_length=1)


# ---------------------------------------------------------------------------------------------------
# Projections of intake's programmes and participants
# ---------------------------------------------------------------------------------------------------


class ProgrammeSettings(BaseModel):
    """Matching's projection of a programme (from `ProgrammeOpened` / `ProgrammeChanged`)."""

    tenant_id: str
    programme_id: str
    name: str
    kind: ProgrammeKind
    config: MatchingConfig
    version: int = 0
    #: The programme's dates, for its mentors' and mentees' home page (None in projections made before).
    starts_on: date | None = None
    ends_on: date | None = None


class PersonName(BaseModel):
    """Matching's projection of a person's name (from `ContactDetailsRecorded`): managers see people by
    name, members see each other's first names. Only the names: no e-mail, no phone (data minimisation);
    erasing a person (issue 14) must remove it too."""

    tenant_id: str
    person_id: str
    given_name: str
    family_name: str
    #: When intake recorded it (the event's time): an older event arriving late does not undo a newer one.
    recorded_at: datetime

    @property
    def full(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class ParticipantProfile(BaseModel):
    """Matching's projection of a participant: the profile it scores, and whether they are free."""

    tenant_id: str
    programme_id: str
    person_id: str
    profile: MatchingProfile
    status: Literal["available", "matched", "withdrawn"] = "available"
    #: Mentees a mentor has in active relationships (mentors stay "available" while they have room).
    load: int = 0
    version: int = 0

    @property
    def participant_id(self) -> str:
        return self.profile.participant_id


class Match(BaseModel):
    match_id: str
    tenant_id: str
    programme_id: str
    kind: Literal["pair", "group"]
    mentor_id: str
    mentee_ids: list[str]
    #: ended: early, by a manager; completed: as planned, its final review recorded (RelationshipClosed).
    status: Literal["active", "ended", "completed"] = "active"
    created_at: datetime
    source: Literal["run", "manual"]
    run_id: str | None = None
    score: float | None = None
    ended_at: datetime | None = None
    end_reason: str | None = Field(default=None, description="shown to the programme's managers only")
    #: person ids of the members, for "my matches"; not shown.
    member_person_ids: list[str] = Field(default_factory=list, exclude=True)

    def as_seen_by_member(self) -> Match:
        """What a mentor or mentee of the match sees: that it ended and when, not the confidential reason."""
        return self.model_copy(update={"end_reason": None})
