"""The events monitoring produces: questionnaires assigned and submitted, the reviews, a relationship's
closure, outcomes and risks. Ids, dates, codes and whole-number ratings only: what people wrote in an
answer, a review or a conclusion stays in monitoring."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from shared.events.catalog.facts import Facts
from shared.events.envelope import EventData

#: The questionnaire templates a programme uses (issue 12): at the start, the middle and the end, the
#: mentor's self-assessment (seeds 000, 002) and the satisfaction survey.
QuestionnaireKind = Literal["initial", "midterm", "final", "mentor_self_assessment", "satisfaction"]
OutcomeStatus = Literal["employed", "self_employed", "education", "unemployed", "other"]
#: Why a relationship is at risk (issue 12, "Risks"); codes, never a description of a person.
RiskReason = Literal[
    "missed_sessions",  # two sessions in a row missed without notice
    "late_mentor_absences",  # two late mentor absences
    "no_diary",  # no diary for two cadence periods
    "no_session",  # no session for twice the cadence
    "rating_fell",  # rating now below the rating at the start
    "questionnaire_overdue",  # a questionnaire overdue by 14 days
]


class QuestionnaireAssigned(EventData):
    producer = "monitoring"
    visibility = "internal"
    description = (
        "A questionnaire was given to a participant to fill in by a date (notifications mails the link)."
    )

    assignment_id: str
    match_id: str
    programme_id: str
    participant_id: str
    kind: QuestionnaireKind
    template_id: str
    template_version: int
    due_on: date


class QuestionnaireSubmitted(EventData):
    producer = "monitoring"
    visibility = "internal"
    description = (
        "A participant submitted a questionnaire. Carries the answers to scale questions only, as "
        "whole numbers by question id; text and choices stay in monitoring."
    )

    assignment_id: str
    match_id: str
    programme_id: str
    participant_id: str
    kind: QuestionnaireKind
    template_id: str
    template_version: int
    submitted_at: datetime
    scale_answers: dict[str, int] = Field(default_factory=dict)


class GoalRating(Facts):
    """A mentee's rating of one of their goals (numbered as sessions lists them; the text stays there)."""

    goal: int = Field(ge=1, le=20, description="the goal's number, 1 = the first the mentee wrote")
    rating_start: int = Field(ge=4, le=10)
    rating_now: int = Field(ge=4, le=10)


class MenteeRating(Facts):
    """One mentee's self-rating in a mid-term review (part of the event, not an event of its own)."""

    mentee_id: str
    rating_start: int = Field(ge=4, le=10)
    rating_now: int = Field(ge=4, le=10)
    goals: list[GoalRating] = Field(default_factory=list, description="per goal, where the review rated them")


class MidtermReviewRecorded(EventData):
    producer = "monitoring"
    visibility = "internal"
    description = (
        "A manager recorded a relationship's mid-term review: each mentee's rating at the start and now."
    )

    match_id: str
    programme_id: str
    ratings: list[MenteeRating]
    recorded_on: date


class RelationshipClosed(EventData):
    producer = "monitoring"
    description = (
        "The final review was recorded: the relationship is completed as planned (matching marks the match "
        "completed, sessions closes it)."
    )

    match_id: str
    programme_id: str
    mentor_id: str
    mentee_ids: list[str]
    closed_on: date


class OutcomeRecorded(EventData):
    producer = "monitoring"
    visibility = "internal"
    description = (
        "A manager recorded where a participant stands (work, education...) on a date; with history."
    )

    participant_id: str
    programme_id: str | None = None
    status: OutcomeStatus
    secures_living: bool
    recorded_on: date
    baseline: bool = Field(
        default=False, description="true: the situation at the start (the initial questionnaire)"
    )


class RiskFlagRaised(EventData):
    producer = "monitoring"
    visibility = "internal"
    description = (
        "A relationship is at risk for the reasons named (codes only); managers hear once a day at most."
    )

    match_id: str
    programme_id: str
    reasons: list[RiskReason]


class RiskFlagCleared(EventData):
    producer = "monitoring"
    visibility = "internal"
    description = (
        "A relationship that was at risk no longer is (its reasons passed, or it ended); the dashboards "
        "that count relationships at risk stop counting it."
    )

    match_id: str
    programme_id: str


class RiskSweepDue(EventData):
    producer = "monitoring"
    visibility = "internal"
    description = (
        "A municipality's day begins: every running relationship is checked for the risks that come with "
        "time alone (no session, no diary, a questionnaire overdue). Delivered by EventBridge Scheduler "
        "into monitoring's own queue, never put on the bus; each sweep schedules the next day's."
    )

    day: date = Field(description="the day (UTC) whose sweep this is")


class QuestionnairesDue(EventData):
    producer = "monitoring"
    visibility = "internal"
    description = (
        "A relationship reached the time of a questionnaire (its midpoint, or 7 days before its end). "
        "Delivered by EventBridge Scheduler into monitoring's own queue, never put on the bus."
    )

    match_id: str
    programme_id: str
    kind: Literal["midterm", "final"]
    agreement_version: int = Field(description="the agreement the time was reckoned from (a later one wins)")


EVENTS: tuple[type[EventData], ...] = (
    QuestionnaireAssigned,
    QuestionnaireSubmitted,
    MidtermReviewRecorded,
    RelationshipClosed,
    OutcomeRecorded,
    RiskFlagRaised,
    RiskFlagCleared,
    QuestionnairesDue,
    RiskSweepDue,
)
