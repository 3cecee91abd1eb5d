"""What several events carry: the language and role types, and the facts of a programme and a profile.

Intake produces them today; they live apart from the events so that another producer (sessions) can
carry a programme's facts without importing intake's events.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events.envelope import EventData
from shared.vocabulary import (
    AgeRange,
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


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MatchingRules(Facts):
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
