"""Sessions' domain: its projection of a relationship, and the agreement, goals, plan and diary kept in it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field, model_validator

from shared.events.catalog.facts import DEFAULT_TIMEZONE
from shared.model import BaseModel
from shared.vocabulary import Kind, Mode

SessionMode = Literal["in_person", "online"]
SessionStatus = Literal["planned", "cancelled", "held"]
GoalStatus = Literal["open", "achieved", "dropped"]
#: Who wrote a set of goals: a mentee their own, the mentor the group's, a linked employer theirs (seed 002).
GoalSetter = Literal["mentee", "mentor", "employer"]
MemberRole = Literal["mentor", "mentee"]

#: What a programme projected from events before 2026-12 lacks: seed 000's cadence, Berlin's zone.
DEFAULT_CADENCE_DAYS = 14


class Programme(BaseModel):
    """What sessions keeps of a programme (from ProgrammeOpened / ProgrammeChanged)."""

    tenant_id: str
    programme_id: str
    kind: Kind
    mode: Mode
    starts_on: date
    ends_on: date
    languages: list[str]
    cadence_days: int = DEFAULT_CADENCE_DAYS
    timezone: str = DEFAULT_TIMEZONE
    version: int = 0


class AgreementTemplate(BaseModel):
    """A programme's own code of ethics, terms and communication rules, which every new agreement of the
    programme starts from (issue 11: "pre-filled and editable per programme"). Before a manager writes
    one, it is the seeds' code and terms in the programme's languages (version 0)."""

    programme_id: str
    version: int = Field(description="0: the seeds' text, nobody wrote the programme's own yet")
    ethics: list[str]
    terms: list[str]
    communication_rules: str = ""
    updated_at: datetime | None = None
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)


class Participant(BaseModel):
    """A participant id and the person behind it (from ParticipantAccepted): tokens name persons."""

    tenant_id: str
    participant_id: str
    person_id: str
    programme_id: str
    role: MemberRole


class Relationship(BaseModel):
    """A confirmed match as sessions sees it: who is in it and the programme's facts it runs under."""

    tenant_id: str
    match_id: str
    programme_id: str
    kind: Literal["pair", "group"]
    mode: Mode
    programme_starts_on: date
    programme_ends_on: date
    cadence_days: int
    timezone: str
    languages: list[str]
    mentor_id: str
    mentee_ids: list[str]
    #: participant id → person id, for every member
    persons: dict[str, str]
    #: ended: ended early (MatchEnded); completed: as planned (RelationshipClosed). Both are closed.
    status: Literal["active", "ended", "completed"] = "active"
    ended_at: datetime | None = None

    def participant_of(self, person_id: str | None) -> str | None:
        """The caller's participant id in this relationship, if they are a member."""
        if person_id is None:
            return None
        return next((p for p, person in self.persons.items() if person == person_id), None)

    def role_of(self, participant_id: str) -> MemberRole:
        return "mentor" if participant_id == self.mentor_id else "mentee"


class Signature(BaseModel):
    role: Literal["mentor", "mentee", "manager"]
    participant_id: str | None = Field(default=None, description="None for the manager")
    signed_at: datetime


class Agreement(BaseModel):
    match_id: str
    version: int = Field(description="0: a draft nobody saved yet, pre-filled from the programme")
    starts_on: date
    ends_on: date
    meeting_every_days: int
    ethics: list[str]
    communication_rules: str = ""
    terms: list[str]
    signatures: list[Signature] = Field(default_factory=list)
    signed: bool = False
    updated_at: datetime | None = None
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)


class Goal(BaseModel):
    title: str
    tasks: list[str] = Field(default_factory=list)
    target_date: date | None = None
    status: GoalStatus = "open"
    specific: str | None = None
    measurable: str | None = None
    achievable: str | None = None
    relevant: str | None = None
    time_bound: str | None = None


class GoalsVersion(BaseModel):
    version: int
    goals: list[Goal]
    written_at: datetime


class Goals(BaseModel):
    """One mentee's goals (or the group's, `mentee_id` None), with every earlier version."""

    match_id: str
    mentee_id: str | None
    version: int
    goals: list[Goal]
    written_at: datetime
    history: list[GoalsVersion] = Field(default_factory=list)
    set_by: GoalSetter | None = Field(
        default=None, description="mentee: their own; mentor: the group's; employer: the mentee's employer's"
    )
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)
    #: The employer who last wrote an employer's goals (their person id): kept, never shown, so their own
    #: export finds the goals they set and their erasure can stop naming them (services/sessions/privacy.py).
    set_by_person_id: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _setter(self) -> Goals:
        # Goals written before employers could set them name no setter: the mentee's own or the group's.
        if self.set_by is None:
            self.set_by = "mentor" if self.mentee_id is None else "mentee"
        return self


class EmployerLink(BaseModel):
    """An employer's link to a mentee, as sessions learns it (EmployerLinked / EmployerLinkEnded)."""

    tenant_id: str
    link_id: str
    participant_id: str
    employer_user_id: str
    active: bool = True


class MenteeReview(BaseModel):
    """One mentee's ratings in one mid-term review (MidtermReviewRecorded): numbers only."""

    recorded_on: date
    rating_start: int
    rating_now: int
    #: (goal number, at the start, now)
    goals: list[tuple[int, int, int]] = Field(default_factory=list)


class MidtermRatings(BaseModel):
    """A relationship's mid-term ratings over time, per mentee, oldest first (for the employer's trend)."""

    match_id: str
    mentees: dict[str, list[MenteeReview]] = Field(default_factory=dict)


class Absence(BaseModel):
    participant_id: str
    role: MemberRole
    reason: str
    noticed_at: datetime
    late: bool
    proposed_starts_at: datetime | None = None


class Session(BaseModel):
    session_id: str
    match_id: str
    starts_at: datetime
    duration_minutes: int
    topic: str
    mode: SessionMode
    location: str | None = None
    status: SessionStatus = "planned"
    #: Raised on every change a calendar must show (iCalendar SEQUENCE).
    sequence: int = 0
    absences: list[Absence] = Field(default_factory=list)
    present: list[str] = Field(default_factory=list)
    diary_writer_id: str | None = None
    held_at: datetime | None = None


class Plan(BaseModel):
    """A relationship's sessions, kept as one document so a rule over the whole plan is checked on the
    plan it is saved with (two keepers editing at once: the second gets 409)."""

    match_id: str
    sessions: list[Session] = Field(default_factory=list)
    #: The mentee who wrote the last diary by rotation (a group's rotation continues after them).
    last_writer_id: str | None = None
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.session_id == session_id), None)


class TrainerReply(BaseModel):
    """A trainer's answer to a reflection the mentor shared (seed 000: the experts accompany the mentors'
    learning). Free text: it travels in no event and no log."""

    reply_id: str
    trainer_id: str = Field(description="the trainer's person id")
    text: str
    on_version: int = Field(description="the reflection's version the trainer read")
    written_at: datetime


class Reflection(BaseModel):
    """The mentor's private self-reflection on one relationship (seed 000): only the mentor reads it, and
    the municipality's trainers when the mentor shares it, who may write back. No event carries its text."""

    match_id: str
    text: str = ""
    shared_with_trainer: bool = False
    version: int = Field(default=0, description="0: nothing written yet")
    updated_at: datetime | None = None
    replies: list[TrainerReply] = Field(
        default_factory=list, description="the trainers' replies, oldest first"
    )
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)


class Remark(BaseModel):
    text: str
    written_at: datetime


class DiaryEntry(BaseModel):
    summary: str
    topics: list[str]
    learned: str
    next_steps: str


class Diary(BaseModel):
    session_id: str
    match_id: str
    writer_id: str | None
    entry: DiaryEntry | None = None
    version: int = 0
    written_at: datetime | None = None
    remarks: list[Remark] = Field(default_factory=list)
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)


class CalendarFeed(BaseModel):
    """A person's private calendar feed: only the hash of its secret token is kept."""

    tenant_id: str
    person_id: str
    token_hash: str
    created_at: datetime


# --- work-based learning (seed 002) and Mentoring 2.0's feedback talks (seed 001) ---------------------

PlanPeriod = Literal["day", "week"]
BoardRole = Literal["mentor", "trainer", "manager"]


class WorkTask(BaseModel):
    title: str
    due_on: date | None = None
    done: bool = False


class WorkPlan(BaseModel):
    """A short task list for one day (`2027-03-01`) or one ISO week (`2027-W09`) of a relationship (seed
    002, "daily planning"): the mentor and the mentees write and tick it; the manager reads it."""

    match_id: str
    period: str = Field(description="a day YYYY-MM-DD or an ISO week YYYY-Www")
    kind: PlanPeriod
    tasks: list[WorkTask] = Field(default_factory=list)
    version: int = Field(default=0, description="0: nothing written for this period yet")
    updated_at: datetime | None = None
    #: Every member who wrote it (participant ids): an erasure of any of them finds it.
    written_by: list[str] = Field(default_factory=list)
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)


class TalkFeedback(BaseModel):
    """One member's short feedback on a held session (Mentoring 2.0's monthly feedback talks, seed 001)."""

    session_id: str
    match_id: str
    participant_id: str
    role: MemberRole
    usefulness: int = Field(ge=1, le=5, description="how useful the talk was, 1 (not) to 5 (very)")
    keep: str = ""
    change: str = ""
    version: int = 1
    given_at: datetime
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)


class PeerReply(BaseModel):
    reply_id: str
    author_id: str = Field(description="the writer's person id; empty once they are erased")
    author_role: BoardRole
    text: str
    written_at: datetime


class PeerPost(BaseModel):
    """A post on a programme's peer-exchange board (seed 002: mentors "exchange practices and discuss
    situations"), with its replies kept in it."""

    post_id: str
    programme_id: str
    author_id: str = Field(description="the writer's person id; empty once they are erased")
    author_role: BoardRole
    title: str
    text: str
    written_at: datetime
    replies: list[PeerReply] = Field(default_factory=list)
    #: The stored item's version, the guard against two writers at once (not shown, not stored inside).
    revision: int = Field(default=0, exclude=True)
