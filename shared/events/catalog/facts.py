"""What several events carry: the language and role types, and the facts of a programme (a profile's
facts are in `profile`).

Intake produces them today; they live apart from the events so that another producer (sessions) can
carry a programme's facts without importing intake's events.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from shared.events.envelope import EventData
from shared.model import BaseModel
from shared.vocabulary import MAX_WEIGHT, MIN_WEIGHT, Criterion, Kind, MinScore, Mode, Trait

#: The time zone of a municipality that predates the field (every one did, until 2026-12).
DEFAULT_TIMEZONE = "Europe/Berlin"
Language = str  # ISO 639-1, checked where it enters (the API), not again on every event
Role = Literal["admin", "manager", "mentor", "mentee", "trainer", "employer"]


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MatchingRules(Facts):
    weights: dict[Criterion, int] = Field(default_factory=dict)
    min_score: MinScore = 0
    #: How much a group's working as a team counts (0-5) and the widest age gap of one age band; absent:
    #: matching's defaults (services/matching/models.py MatchingConfig).
    team_weight: int | None = Field(default=None, ge=MIN_WEIGHT, le=MAX_WEIGHT)
    team_age_spread: int | None = Field(default=None, ge=0, le=80)
    #: The traits on which the "personality" criterion looks for similarity; absent: all five.
    personality_traits: list[Trait] | None = Field(default=None, min_length=1, max_length=5)


class ProgrammeFacts(EventData):
    """A programme's settings, as the other services need them (nothing personal)."""

    programme_id: str
    tenant_slug: str
    name: str
    kind: Kind
    max_group_size: int = 5
    mode: Mode
    #: How often the relationships meet, in days (the agreement's default); absent in events before 2026-12.
    cadence_days: int = 14
    #: How many hours before a session its members are reminded; absent in events before 2026-12.
    session_reminder_hours: int = 24
    languages: list[Language]
    starts_on: date
    ends_on: date
    intake_open: bool
    mentor_training_required: bool = False
    matching: MatchingRules = Field(default_factory=MatchingRules)
    #: The municipality's time zone (IANA); absent in events before 2026-12, when every one was Berlin's.
    timezone: str = DEFAULT_TIMEZONE
