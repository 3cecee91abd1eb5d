"""A workshop as planned and kept (one document per workshop), and what its API reads and writes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from shared.http import RequestBody
from shared.model import BaseModel

#: Who a workshop is for: a programme's mentors, or its mentees (seed 000: separately).
Audience = Literal["mentors", "mentees"]
AUDIENCE_ROLE: dict[str, str] = {"mentors": "mentor", "mentees": "mentee"}
Mark = Literal["attended", "absent"]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ParticipantId = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class WorkshopPlan(RequestBody):
    title: Title
    audience: Audience
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    place: Place | None = Field(default=None, description="where it takes place; absent when online")
    online: bool = Field(default=False, description="held online (the link goes out with the invitation)")
    capacity: int | None = Field(default=None, ge=1, le=500, description="places; absent: no limit")

    @model_validator(mode="after")
    def _consistent(self) -> WorkshopPlan:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if (self.place is None) == (not self.online):
            raise ValueError("give a place, or say it is online (one of the two)")
        return self


class SignUp(BaseModel):
    participant_id: str
    signed_up_at: datetime


class AttendanceMark(BaseModel):
    participant_id: str
    mark: Mark


class Workshop(BaseModel):
    """As stored, and as its managers read it (who signed up, who attended)."""

    workshop_id: str
    programme_id: str
    title: str
    audience: Audience
    starts_at: datetime
    ends_at: datetime
    place: str | None = None
    online: bool = False
    capacity: int | None = None
    status: Literal["planned", "cancelled"] = "planned"
    planned_by: str
    planned_at: datetime
    sign_ups: list[SignUp] = Field(default_factory=list)
    attendance: list[AttendanceMark] = Field(default_factory=list)
    attendance_recorded_at: datetime | None = None
    version: int = 0

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - len(self.sign_ups))

    def signed_up(self, participant_id: str) -> bool:
        return any(s.participant_id == participant_id for s in self.sign_ups)


class WorkshopView(BaseModel):
    """A workshop as its reader may see it: a manager sees every sign-up and mark; a participant only
    their own (`me`), never who else comes."""

    workshop_id: str
    programme_id: str
    title: str
    audience: Audience
    starts_at: datetime
    ends_at: datetime
    place: str | None = None
    online: bool = False
    capacity: int | None = None
    places_left: int | None = Field(default=None, description="absent: no limit")
    status: Literal["planned", "cancelled"]
    signed_up_count: int
    me: str | None = Field(default=None, description="the reader's participation (participants only)")
    signed_up: bool = Field(default=False, description="the reader signed up (participants only)")
    sign_ups: list[SignUp] = Field(default_factory=list, description="managers only")
    attendance: list[AttendanceMark] = Field(
        default_factory=list, description="managers: everyone's; a participant: their own"
    )


class WorkshopList(BaseModel):
    items: list[WorkshopView]


class AttendanceWrite(RequestBody):
    attended: list[ParticipantId] = Field(default_factory=list, max_length=500)
    absent: list[ParticipantId] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _once(self) -> AttendanceWrite:
        both = self.attended + self.absent
        if len(set(both)) != len(both):
            raise ValueError("each participant once, attended or absent")
        return self
