"""The reports' answers: the programme's report, the network's, and the risks (API.md, "monitoring")."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from shared.events.catalog.monitoring import OutcomeStatus, QuestionnaireKind, RiskReason
from shared.model import BaseModel


class RoleCounts(BaseModel):
    mentees: int
    mentors: int


class RelationshipCounts(BaseModel):
    active: int
    completed: int
    ended_early: int


class SessionCounts(BaseModel):
    planned: int = Field(description="scheduled and not cancelled (held ones included)")
    held: int


class MonthAttendance(BaseModel):
    month: str = Field(description="YYYY-MM, in the municipality's time zone")
    expected: int = Field(description="mentees expected at the month's held sessions")
    present: int
    rate: float | None


class Completion(BaseModel):
    done: int
    due: int
    rate: float | None


class QuestionnaireCompletion(BaseModel):
    kind: QuestionnaireKind
    submitted: int
    assigned: int
    rate: float | None


class RatingCount(BaseModel):
    rating: int = Field(ge=4, le=10)
    at_start: int
    now: int


class GoalRatings(BaseModel):
    """The mid-term review's ratings per goal (the goals a mentee wrote in sessions), all goals together."""

    rated: int = Field(default=0, description="goals rated")
    mean_start: float | None = None
    mean_now: float | None = None
    improved: int = Field(default=0, description="goals rated higher now than at the start")


class Ratings(BaseModel):
    """The mid-term self-ratings (4 to 10): where each mentee was at the start, where they are now."""

    rated: int
    mean_start: float | None
    mean_now: float | None
    median_start: float | None
    median_now: float | None
    distribution: list[RatingCount]
    improved: int
    same: int
    fell: int
    share_improved: float | None
    goals: GoalRatings = Field(default_factory=GoalRatings)


class OutcomeCount(BaseModel):
    status: OutcomeStatus
    at_start: int
    latest: int


class Outcomes(BaseModel):
    with_baseline: int = Field(description="participants whose situation at the start is recorded")
    compared: int = Field(description="of those, with a later outcome to set beside it")
    living_at_start: int = Field(description="in work that secures a living at the start")
    living_now: int
    moved_into_living: int = Field(description="not in work that secures a living at the start, now in it")
    by_status: list[OutcomeCount]


class MentorGrowth(BaseModel):
    """The mentors' self-assessment (scale answers' mean) at the start and at the end."""

    measured: int
    mean_start: float | None
    mean_end: float | None
    improved: int


class ProgrammeReport(BaseModel):
    programme_id: str
    name: str
    applications: RoleCounts
    accepted: RoleCounts
    matched: RoleCounts
    relationships: RelationshipCounts
    sessions: SessionCounts
    attendance_rate: float | None
    attendance: list[MonthAttendance]
    late_mentor_absences: int
    diary_completion: Completion
    questionnaire_completion: Completion
    questionnaires: list[QuestionnaireCompletion]
    ratings: Ratings
    outcomes: Outcomes
    mentor_growth: MentorGrowth


class NetworkCell(BaseModel):
    measure: str
    value: int | None = Field(description="None: suppressed (fewer than 5 people, or to protect such a cell)")
    suppressed: bool


class NetworkRate(BaseModel):
    measure: str
    value: float | None = Field(description="None: not shown (its base is suppressed, or nothing to divide)")


class NetworkRow(BaseModel):
    municipality: str
    slug: str
    cells: list[NetworkCell]
    rates: list[NetworkRate]


class NetworkReport(BaseModel):
    threshold: int = Field(description="cells counting fewer people than this are suppressed")
    measures: list[str]
    municipalities: list[NetworkRow]
    total: NetworkRow


class RelationshipAtRisk(BaseModel):
    match_id: str
    reasons: list[RiskReason]
    mentee_count: int
    started_on: date | None
    last_session_on: date | None
    last_diary_on: date | None


class Risks(BaseModel):
    programme_id: str
    evaluated_on: date
    relationships: list[RelationshipAtRisk]
