"""Monitoring's questionnaires as the programme knows them: templates (versioned), assignments with their
answers, the mid-term and final reviews, outcomes, and the projections of programmes, participants and
relationships they are given by."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from shared.events.catalog import OutcomeStatus, QuestionnaireKind
from shared.model import BaseModel

QuestionKind = Literal["scale", "single_choice", "multiple_choice", "short_text", "long_text"]
AssignmentStatus = Literal["assigned", "draft", "submitted"]
#: What a question of the initial questionnaire tells about the situation at the start (the baseline).
BaselineFact = Literal["employment_status", "secures_living"]
KINDS: tuple[QuestionnaireKind, ...] = (
    "initial",
    "midterm",
    "final",
    "mentor_self_assessment",
    "satisfaction",
)
#: Who answers each kind: the mentees, or the mentor.
MENTOR_KINDS: tuple[QuestionnaireKind, ...] = ("mentor_self_assessment",)
#: In use unless a manager says otherwise: all but the mentor's self-assessment (seeds 000, 002 use it).
IN_USE_BY_DEFAULT: dict[str, bool] = {kind: kind not in MENTOR_KINDS for kind in KINDS}
DEFAULT_TIMEZONE = "Europe/Berlin"

#: Texts by language code ("en", "de", "pl"); English is the fallback.
Texts = dict[str, str]


class Choice(BaseModel):
    value: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    label: Texts


class Question(BaseModel):
    question_id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    kind: QuestionKind
    label: Texts
    hint: Texts = Field(default_factory=dict)
    required: bool = False
    #: Scale bounds (whole numbers, both included).
    min: int | None = None
    max: int | None = None
    choices: list[Choice] = Field(default_factory=list)
    #: The mentor of the relationship may read the answer (a mentee's answers are theirs otherwise).
    shared: bool = False
    #: The initial questionnaire's question this one mirrors (the final's answers pair with their start).
    pairs_with: str | None = None
    baseline: BaselineFact | None = None


class Template(BaseModel):
    """One published version of a questionnaire; it never changes (an edit is a new version)."""

    template_id: str
    version: int
    kind: QuestionnaireKind
    title: Texts
    questions: list[Question]
    published_at: datetime | None = None

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.question_id == question_id), None)


class TemplateUse(BaseModel):
    """A programme's own version of one kind, if a manager adapted it, and whether the kind is in use."""

    tenant_id: str
    programme_id: str
    kind: QuestionnaireKind
    in_use: bool
    version: int = Field(default=0, description="0: the shipped template is used as it is")


AnswerValue = int | str | list[str]


class Assignment(BaseModel):
    tenant_id: str
    assignment_id: str
    match_id: str
    programme_id: str
    participant_id: str
    person_id: str
    kind: QuestionnaireKind
    template_id: str
    template_version: int
    assigned_on: date
    due_on: date
    status: AssignmentStatus = "assigned"
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
    saved_at: datetime | None = None
    submitted_at: datetime | None = None
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)


class Programme(BaseModel):
    tenant_id: str
    programme_id: str
    languages: list[str]
    starts_on: date
    ends_on: date
    timezone: str = DEFAULT_TIMEZONE
    version: int = 0


class Participant(BaseModel):
    tenant_id: str
    participant_id: str
    person_id: str
    programme_id: str
    role: Literal["mentor", "mentee"]


GROUP_GOALS = "group"


class Relationship(BaseModel):
    tenant_id: str
    match_id: str
    programme_id: str
    mentor_id: str
    mentee_ids: list[str]
    #: participant id → person id
    persons: dict[str, str]
    starts_on: date | None = None
    ends_on: date | None = None
    agreement_version: int = 0
    status: Literal["active", "ended", "closed"] = "active"
    closed_on: date | None = None
    #: How many goals each mentee wrote (sessions' GoalsSet; GROUP_GOALS: the group's, by the mentor), with
    #: the goals' version: [version, count]. Monitoring keeps the count only; the texts stay in sessions.
    goals: dict[str, tuple[int, int]] = Field(default_factory=dict)

    def goal_count(self, mentee_id: str) -> int:
        """The goals a mentee's review rates: their own, else the group's."""
        own = self.goals.get(mentee_id) or self.goals.get(GROUP_GOALS)
        return own[1] if own else 0

    def participant_of(self, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        return next((p for p, person in self.persons.items() if person == person_id), None)


class GoalReview(BaseModel):
    goal: int
    rating_start: int
    rating_now: int


class MenteeReview(BaseModel):
    mentee_id: str
    rating_start: int
    rating_now: int
    next_steps: str = ""
    goals: list[GoalReview] = Field(default_factory=list)


class ReviewComments(BaseModel):
    """In the order the seeds give them: the mentees, then the mentor, then the manager."""

    mentees: str = ""
    mentor: str = ""
    manager: str = ""


class MidtermReview(BaseModel):
    match_id: str
    programme_id: str
    mentees: list[MenteeReview]
    topics_until_end: str = ""
    comments: ReviewComments = Field(default_factory=ReviewComments)
    improvements: str = ""
    recorded_on: date
    recorded_by: str


class MenteeConclusion(BaseModel):
    mentee_id: str
    conclusion: str


class FinalReview(BaseModel):
    match_id: str
    programme_id: str
    conclusions: list[MenteeConclusion]
    closed_on: date
    recorded_by: str


class Outcome(BaseModel):
    status: OutcomeStatus
    secures_living: bool
    recorded_on: date
    baseline: bool = False


class OutcomeHistory(BaseModel):
    participant_id: str
    programme_id: str | None = None
    #: Oldest first; the baseline (from the initial questionnaire) when there is one.
    history: list[Outcome] = Field(default_factory=list)
    revision: int = Field(default=0, exclude=True)
