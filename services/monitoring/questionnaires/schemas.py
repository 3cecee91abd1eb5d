"""The questionnaires API's requests and answers (API.md "monitoring", and README.md's additions)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from services.monitoring.questionnaires.models import (
    AnswerValue,
    AssignmentStatus,
    FinalReview,
    MidtermReview,
    Outcome,
    OutcomeHistory,
    Question,
    QuestionKind,
    Template,
)
from shared.events.catalog import OutcomeStatus, QuestionnaireKind
from shared.http import RequestBody
from shared.model import BaseModel

__all__ = [
    "AnswersWrite",
    "AssignmentSummary",
    "FinalReview",
    "FinalReviewWrite",
    "MidtermReview",
    "MidtermReviewWrite",
    "MyQuestionnaires",
    "Outcome",
    "OutcomeHistory",
    "OutcomeWrite",
    "QuestionnaireView",
    "Template",
    "TemplateSet",
    "TemplateWrite",
]

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Line = Annotated[str, StringConstraints(max_length=200)]
Text = Annotated[str, StringConstraints(max_length=4000)]
Rating = Annotated[int, Field(strict=True, ge=4, le=10, description="whole numbers from 4 to 10")]


# --- templates ----------------------------------------------------------------------------------------


class TemplateInUse(BaseModel):
    kind: QuestionnaireKind
    in_use: bool
    adapted: bool = Field(description="false: the shipped template as it is")
    template: Template


class TemplateSet(BaseModel):
    programme_id: str
    templates: list[TemplateInUse]


class TemplateWrite(RequestBody):
    """A programme's own version of one questionnaire (a new version; answers keep the one they answered)."""

    title: dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")], Line] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1, max_length=60)
    in_use: bool = True


# --- answers ------------------------------------------------------------------------------------------


class AssignmentSummary(BaseModel):
    assignment_id: str
    match_id: str
    kind: QuestionnaireKind
    title: str
    status: AssignmentStatus
    assigned_on: date
    due_on: date
    submitted_at: datetime | None = None


class MyQuestionnaires(BaseModel):
    questionnaires: list[AssignmentSummary]


class QuestionView(BaseModel):
    question_id: str
    kind: QuestionKind
    label: str
    hint: str = ""
    required: bool
    min: int | None = None
    max: int | None = None
    choices: list[dict[str, str]] = Field(default_factory=list, description="[{value, label}]")
    shared: bool


class QuestionnaireView(BaseModel):
    """One questionnaire in the reader's language, with the answers they may see."""

    assignment_id: str
    match_id: str
    participant_id: str
    kind: QuestionnaireKind
    template_id: str
    template_version: int
    language: str
    title: str
    status: AssignmentStatus
    due_on: date
    questions: list[QuestionView]
    answers: dict[str, AnswerValue]
    saved_at: datetime | None = None
    submitted_at: datetime | None = None


class AnswersWrite(RequestBody):
    answers: dict[Id, AnswerValue] = Field(default_factory=dict, max_length=60)
    submit: bool = Field(default=False, description="false: saved as a draft; true: submitted (once)")


# --- reviews ------------------------------------------------------------------------------------------


class GoalRatingWrite(RequestBody):
    goal: int = Field(ge=1, le=20, description="the goal's number as sessions lists the mentee's goals")
    rating_start: Rating
    rating_now: Rating


class MenteeReviewWrite(RequestBody):
    mentee_id: Id
    rating_start: Rating
    rating_now: Rating
    next_steps: Text = ""
    goals: list[GoalRatingWrite] = Field(
        default_factory=list, max_length=20, description="per goal (optional): where it stood and stands"
    )


class CommentsWrite(RequestBody):
    """In the seeds' order: the mentees, then the mentor, then the manager."""

    mentees: Text = ""
    mentor: Text = ""
    manager: Text = ""


class MidtermReviewWrite(RequestBody):
    mentees: list[MenteeReviewWrite] = Field(min_length=1, max_length=8)
    topics_until_end: Text = ""
    comments: CommentsWrite = Field(default_factory=CommentsWrite)
    improvements: Text = ""


class ConclusionWrite(RequestBody):
    mentee_id: Id
    conclusion: Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class FinalReviewWrite(RequestBody):
    conclusions: list[ConclusionWrite] = Field(min_length=1, max_length=8)
    closed_on: date | None = Field(default=None, description="default: today")


# --- outcomes -----------------------------------------------------------------------------------------


class OutcomeWrite(RequestBody):
    status: OutcomeStatus
    secures_living: bool
    recorded_on: date
