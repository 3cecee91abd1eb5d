"""What a linked employer reads (seed 002): their mentees and each one's progress — goal status, attendance
and the mid-term rating trend. Never the diary, questionnaire answers, remarks or reflections: the answers
carry no field that could hold them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from services.sessions.models import GoalSetter, GoalStatus
from shared.model import BaseModel


class EmployerMentee(BaseModel):
    participant_id: str
    programme_id: str | None = None
    match_id: str | None = Field(default=None, description="the mentee's current relationship, if matched")


class EmployerMentees(BaseModel):
    items: list[EmployerMentee]


class GoalProgress(BaseModel):
    number: int = Field(description="the goal's number in its list, 1 = the first")
    set_by: GoalSetter
    title: str | None = Field(
        default=None, description="the employer's own goals only; the mentee's goals are shown by number"
    )
    status: GoalStatus
    target_date: date | None = None


class AttendanceCount(BaseModel):
    sessions_held: int = Field(
        description="sessions of the relationship held so far that the mentee was expected at"
    )
    attended: int
    missed: int
    sessions_planned: int = Field(description="sessions still ahead in the plan")


class RatingPoint(BaseModel):
    recorded_on: date
    rating_start: int = Field(ge=4, le=10)
    rating_now: int = Field(ge=4, le=10)


class GoalRatingTrend(BaseModel):
    goal: int = Field(description="the mentee's goal's number, as in `goals`")
    points: list[RatingPoint]


class RatingTrend(BaseModel):
    overall: list[RatingPoint] = Field(description="each mid-term review's self-rating, oldest first")
    goals: list[GoalRatingTrend] = Field(
        default_factory=list, description="per goal, where reviews rated them"
    )


class EmployerProgress(BaseModel):
    participant_id: str
    match_id: str | None
    relationship_status: Literal["not_matched", "active", "ended", "completed"]
    goals: list[GoalProgress]
    attendance: AttendanceCount
    ratings: RatingTrend
