"""A participant's profile as events carry it (`ParticipantAccepted`): the facts matching scores by."""

from __future__ import annotations

from pydantic import Field

from shared.events.catalog.facts import Facts, Language
from shared.vocabulary import (
    AgeRange,
    CommunicationStyle,
    Education,
    Gender,
    Industry,
    Interest,
    LifeExperience,
    Mode,
    Skill,
    Slot,
    Value,
)


class MatchingWishes(Facts):
    mentor_gender: Gender | None = None
    mentor_age_range: AgeRange | None = None
    industry: Industry | None = None


class MatchingFacts(Facts):
    """The profile facts matching scores by: choices from the fixed lists of `shared.vocabulary` only,
    never the applicant's own words (those stay in intake)."""

    birth_year: int
    languages: list[Language]
    gender: Gender | None = None
    interests: list[Interest] = Field(default_factory=list)
    industry: Industry | None = None
    life_experience: list[LifeExperience] = Field(default_factory=list)
    education: Education | None = None
    values: list[Value] = Field(default_factory=list)
    communication_style: CommunicationStyle | None = None
    availability: list[Slot] = Field(default_factory=list)
    preferred_mode: Mode | None = None
    skills: list[Skill] = Field(default_factory=list)
    capacity: int | None = None
    wishes: MatchingWishes | None = None
