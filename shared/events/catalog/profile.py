"""A participant's profile as events carry it (`ParticipantAccepted`): the facts matching scores by."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from shared.events.catalog.facts import Facts, Language
from shared.vocabulary import (
    MAX_SKILL_LEVEL,
    MIN_SKILL_LEVEL,
    AgeRange,
    CommunicationStyle,
    Education,
    Gender,
    Industry,
    Interest,
    LifeExperience,
    MatrixSkill,
    Mode,
    Skill,
    Slot,
    Value,
)

#: A trait's score on the TIPI scale: 1 to 7, in half points (the mean of two items).
TraitScore = Annotated[float, Field(ge=1, le=7, multiple_of=0.5)]
SkillLevel = Annotated[int, Field(ge=MIN_SKILL_LEVEL, le=MAX_SKILL_LEVEL)]


class PersonalityTraits(Facts):
    """The Big Five as a personality self-assessment scored them (intake scores the TIPI's answers; the
    answers themselves stay in intake)."""

    extraversion: TraitScore
    agreeableness: TraitScore
    conscientiousness: TraitScore
    emotional_stability: TraitScore
    openness: TraitScore


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
    #: The programme's skill matrix, self-rated 0-4 (seed 001); absent in events before 2026-12, and in
    #: programmes without a matrix: matching then scores the criterion neutral.
    skill_ratings: dict[MatrixSkill, SkillLevel] = Field(default_factory=dict)
    #: The personality self-assessment's traits (seed 001); absent: scored neutral.
    personality: PersonalityTraits | None = None
