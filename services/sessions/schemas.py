"""The sessions API's requests and answers (API.md, "sessions").

Records the API answers with as they are (an agreement, goals, a session, a diary) are the domain models
of `models.py`, re-exported here so every model the API documents can be found in one module.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from services.sessions.models import (
    Agreement,
    AgreementTemplate,
    BoardRole,
    Diary,
    Goals,
    GoalStatus,
    Reflection,
    Session,
    SessionMode,
    TalkFeedback,
    WorkPlan,
)
from shared.http import RequestBody
from shared.model import BaseModel

__all__ = [
    "AbsenceNotice",
    "Agreement",
    "AgreementTemplate",
    "AgreementTemplateWrite",
    "AgreementWrite",
    "Attendance",
    "Diary",
    "DiaryRemark",
    "DiaryWrite",
    "FeedbackWrite",
    "GoalWrite",
    "Goals",
    "GoalsOfRelationship",
    "GoalsWrite",
    "PeerBoard",
    "PeerPostView",
    "PeerPostWrite",
    "PlanCheck",
    "Reflection",
    "ReflectionReplyWrite",
    "ReflectionWrite",
    "Session",
    "SessionChange",
    "SessionCreate",
    "SessionFeedback",
    "SessionList",
    "SignatureRequest",
    "TalkFeedback",
    "WorkPlan",
    "WorkPlanList",
    "WorkPlanWrite",
    "WorkTaskWrite",
]

Line = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
OptionalText = Annotated[str, StringConstraints(max_length=4000)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


# --- agreement ----------------------------------------------------------------------------------------


class AgreementWrite(RequestBody):
    starts_on: date
    ends_on: date
    meeting_every_days: int | None = Field(
        default=None, ge=1, le=90, description="default: the programme's cadence"
    )
    ethics: list[Line] | None = Field(
        default=None, max_length=30, description="default: the code of ethics of the seeds (DOMAIN.md)"
    )
    communication_rules: OptionalText = ""
    terms: list[Text] | None = Field(
        default=None, max_length=20, description="default: the terms the seeds name (DOMAIN.md, step 5)"
    )


class AgreementTemplateWrite(RequestBody):
    """A programme's code of ethics, terms and communication rules for its new agreements."""

    ethics: list[Line] = Field(min_length=1, max_length=30)
    terms: list[Text] = Field(default_factory=list, max_length=20)
    communication_rules: OptionalText = ""


class SignatureRequest(RequestBody):
    version: int = Field(ge=1, description="the agreement version the caller read and signs")


# --- goals --------------------------------------------------------------------------------------------


class GoalWrite(RequestBody):
    title: Line
    tasks: list[Line] = Field(default_factory=list, max_length=30)
    target_date: date | None = None
    status: GoalStatus = "open"
    specific: OptionalText | None = None
    measurable: OptionalText | None = None
    achievable: OptionalText | None = None
    relevant: OptionalText | None = None
    time_bound: OptionalText | None = None


class GoalsWrite(RequestBody):
    goals: list[GoalWrite] = Field(max_length=20)


class GoalsOfRelationship(BaseModel):
    match_id: str
    mentees: list[Goals]
    group: Goals | None = None
    employer: list[Goals] = Field(
        default_factory=list, description="goals a linked employer set for a mentee (`set_by`: employer)"
    )


# --- the session plan ---------------------------------------------------------------------------------


class SessionCreate(RequestBody):
    starts_at: AwareDatetime
    duration_minutes: int = Field(ge=15, le=480)
    topic: Line
    mode: SessionMode
    location: Line | None = None


class SessionChange(RequestBody):
    """What a keeper of the plan changes; `status: cancelled` cancels the session."""

    starts_at: AwareDatetime | None = None
    duration_minutes: int | None = Field(default=None, ge=15, le=480)
    topic: Line | None = None
    mode: SessionMode | None = None
    location: Line | None = None
    status: Literal["cancelled"] | None = None


class PlanCheck(BaseModel):
    """The blended mode's rule over the planned sessions: first, a middle one and last face to face."""

    applies: bool
    first_face_to_face: bool
    middle_face_to_face: bool
    last_face_to_face: bool
    flags: list[Literal["middle_face_to_face_missing", "fewer_than_three_face_to_face"]] = Field(
        default_factory=list
    )


class SessionList(BaseModel):
    match_id: str
    items: list[Session]
    check: PlanCheck


# --- absence, attendance, diary -----------------------------------------------------------------------


class AbsenceNotice(RequestBody):
    reason: Text
    proposed_starts_at: AwareDatetime | None = Field(
        default=None, description="required from a mentor: the new date that suits the whole group"
    )


class Attendance(RequestBody):
    present: list[Id] = Field(max_length=20, description="participant ids of the mentees who came")
    diary_writer_id: Id | None = Field(
        default=None, description="a present mentee to write the diary; default: the next in rotation"
    )


class DiaryWrite(RequestBody):
    summary: Text
    topics: list[Line] = Field(default_factory=list, max_length=20)
    learned: OptionalText = ""
    next_steps: OptionalText = ""


class DiaryRemark(RequestBody):
    text: Text


# --- the mentor's reflection --------------------------------------------------------------------------


class ReflectionWrite(RequestBody):
    text: OptionalText = ""
    shared_with_trainer: bool = Field(
        default=False, description="true: the municipality's trainers may read it (the mentor's choice)"
    )


class ReflectionReplyWrite(RequestBody):
    text: Text = Field(description="the trainer's reply to the mentor (free text: in no event, no log)")


class CalendarFeedLink(BaseModel):
    """A person's private calendar feed: the URL to give a calendar app, shown only now (only a hash of
    its secret is kept); making a new one stops the old one."""

    url: str = Field(description="https://…/v1/public/calendars/<secret>.ics")
    created_at: datetime


# --- work plans, feedback on a talk, the peer-exchange board (seeds 001, 002) ------------------------


class WorkTaskWrite(RequestBody):
    title: Line
    due_on: date | None = None
    done: bool = False


class WorkPlanWrite(RequestBody):
    """The whole task list of the period (ticking a task is writing the list with it done)."""

    tasks: list[WorkTaskWrite] = Field(max_length=30)


class WorkPlanList(BaseModel):
    match_id: str
    plans: list[WorkPlan] = Field(description="newest period first")


class FeedbackWrite(RequestBody):
    usefulness: int = Field(ge=1, le=5, description="how useful the talk was, 1 (not) to 5 (very)")
    keep: OptionalText = Field(default="", description="what to keep doing")
    change: OptionalText = Field(default="", description="what to change next time")


class SessionFeedback(BaseModel):
    session_id: str
    match_id: str
    feedback: list[TalkFeedback] = Field(description="one per member who gave it; the mentor's first")


class PeerPostWrite(RequestBody):
    """A new post (`title` and `text`), or a reply (`reply_to` and `text`)."""

    title: Line | None = Field(default=None, description="required for a new post")
    text: Text
    reply_to: Id | None = Field(default=None, description="the post this replies to")

    @model_validator(mode="after")
    def _a_post_has_a_title(self) -> PeerPostWrite:
        if self.reply_to is None and not self.title:
            raise ValueError("a new post needs a title")
        return self


class PeerReplyView(BaseModel):
    reply_id: str
    author_role: BoardRole
    mine: bool = Field(description="the caller wrote it (writers are not named on the board)")
    text: str
    written_at: datetime


class PeerPostView(BaseModel):
    post_id: str
    author_role: BoardRole
    mine: bool = Field(description="the caller wrote it (writers are not named on the board)")
    title: str
    text: str
    written_at: datetime
    replies: list[PeerReplyView]


class PeerBoard(BaseModel):
    programme_id: str
    posts: list[PeerPostView] = Field(description="newest first")
