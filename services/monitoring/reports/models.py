"""The reports' projections: a few documents per programme, each kept up to date from events.

A programme's `Summary` holds flat counters (`"sessions.held": 12`, `"rating.now.7": 3`), so a report
reads one item however many relationships and answers the programme has. Every other document (one per
application, person, relationship, session, assignment) says what it adds to those counters
(`contribution`); an event changes a few documents, and the summary moves by what they add after the
change minus what they added before — so correcting a fact (attendance recorded again, a second
outcome) never counts it twice.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import defaultdict
from datetime import date
from typing import Literal

from pydantic import Field

from shared.events.catalog.facts import DEFAULT_TIMEZONE
from shared.events.catalog.monitoring import OutcomeStatus, QuestionnaireKind, RiskReason
from shared.model import BaseModel

Counters = dict[str, float]
RelationshipStatus = Literal["active", "completed", "ended_early"]
RELATIONSHIP_STATUSES: tuple[RelationshipStatus, ...] = ("active", "completed", "ended_early")
RATINGS = range(4, 11)
#: Work that secures a living (seed 000's outcome): employed or self-employed, and enough to live on.
WORK = ("employed", "self_employed")


class Document(BaseModel):
    #: The stored item's version (0: never stored), the guard against two writers at once.
    revision: int = Field(default=0, exclude=True)

    # pydantic's model metaclass is an ABCMeta: a document kind without its key cannot be made at all.
    @abstractmethod
    def key(self) -> str: ...

    def contribution(self) -> Counters:
        return {}


class Summary(Document):
    """One programme: its facts and every counter a report is computed from."""

    programme_id: str
    name: str = ""
    tenant_slug: str = ""
    cadence_days: int = 14
    timezone: str = DEFAULT_TIMEZONE
    known: bool = Field(default=False, description="the programme's own event arrived (else only counters)")
    counters: Counters = Field(default_factory=dict)

    def key(self) -> str:
        return summary_key(self.programme_id)


class TenantTotals(Document):
    """One municipality in the network's partition: its name and the sum of its programmes' counters."""

    tenant_id: str
    slug: str = ""
    name: str = ""
    counters: Counters = Field(default_factory=dict)

    def key(self) -> str:
        return tenant_key(self.tenant_id)


class ApplicationRow(Document):
    application_id: str
    programme_id: str
    role: str
    decision: str | None = None

    def key(self) -> str:
        return f"report#application#{self.programme_id}#{self.application_id}"

    def contribution(self) -> Counters:
        out = {f"applications.{self.role}": 1.0}
        if self.decision == "accepted":
            out[f"accepted.{self.role}"] = 1.0
        return out


class Outcome(BaseModel):
    status: OutcomeStatus
    secures_living: bool
    recorded_on: date

    @property
    def living_work(self) -> bool:
        return self.status in WORK and self.secures_living


class PersonRow(Document):
    """A participant of the programme: what the CSV's row says about a mentee, and a mentor's growth."""

    participant_id: str
    programme_id: str
    role: str = "mentee"
    match_id: str | None = None
    relationship: RelationshipStatus | None = None
    sessions_expected: int = 0
    sessions_attended: int = 0
    diaries_written: int = 0
    questionnaires_assigned: int = 0
    questionnaires_submitted: int = 0
    rating_start: int | None = None
    rating_now: int | None = None
    #: The mid-term review's ratings per goal: (goal number, at the start, now).
    goal_ratings: list[tuple[int, int, int]] = Field(default_factory=list)
    baseline: Outcome | None = None
    latest: Outcome | None = None
    #: Mean of the mentor self-assessment's scale answers: the first submitted, and the latest after it.
    growth_start: float | None = None
    growth_end: float | None = None

    def key(self) -> str:
        return person_key(self.programme_id, self.participant_id)

    def contribution(self) -> Counters:
        out: defaultdict[str, float] = defaultdict(float)
        if self.match_id is not None:
            out[f"matched.{self.role}"] += 1
        if self.rating_start is not None and self.rating_now is not None:
            out["rating.rated"] += 1
            out[f"rating.start.{self.rating_start}"] += 1
            out[f"rating.now.{self.rating_now}"] += 1
            out[f"rating.pair.{self.rating_start}.{self.rating_now}"] += 1
            out["rating.start_sum"] += self.rating_start
            out["rating.now_sum"] += self.rating_now
            change = self.rating_now - self.rating_start
            out["rating.improved" if change > 0 else "rating.fell" if change < 0 else "rating.same"] += 1
        for _, goal_start, goal_now in self.goal_ratings:
            out["goal.rated"] += 1
            out["goal.start_sum"] += goal_start
            out["goal.now_sum"] += goal_now
            out["goal.improved"] += int(goal_now > goal_start)
        if self.baseline is not None:
            out["outcome.with_baseline"] += 1
            out[f"outcome.baseline.{self.baseline.status}"] += 1
            out["outcome.living_at_start"] += int(self.baseline.living_work)
        if self.latest is not None:
            out["outcome.followed"] += 1
            out[f"outcome.latest.{self.latest.status}"] += 1
            out["outcome.living_now"] += int(self.latest.living_work)
        if self.baseline is not None and self.latest is not None:
            out["outcome.compared"] += 1
            out["outcome.moved_into_living"] += int(self.latest.living_work and not self.baseline.living_work)
        if self.growth_start is not None and self.growth_end is not None:
            out["growth.measured"] += 1
            out["growth.start_sum"] += self.growth_start
            out["growth.end_sum"] += self.growth_end
            out["growth.improved"] += int(self.growth_end > self.growth_start)
        return {k: v for k, v in out.items() if v}


class RelationshipRow(Document):
    """A relationship, and what its risks are evaluated on."""

    match_id: str
    programme_id: str
    mentor_id: str = ""
    mentee_ids: list[str] = Field(default_factory=list)
    status: RelationshipStatus = "active"
    started_on: date | None = None
    last_held_on: date | None = None
    last_diary_on: date | None = None
    #: mentee id → sessions in a row they missed without notice
    missed_in_a_row: dict[str, int] = Field(default_factory=dict)
    late_mentor_absences: int = 0
    #: mentee id → (rating at the start, rating now) from the mid-term review
    ratings: dict[str, tuple[int, int]] = Field(default_factory=dict)
    #: assignment id → due date, of questionnaires not submitted yet
    open_questionnaires: dict[str, date] = Field(default_factory=dict)
    #: the reasons a RiskFlagRaised already named (a flag is raised again only for a new reason)
    flagged: list[RiskReason] = Field(default_factory=list)

    def key(self) -> str:
        return relationship_key(self.programme_id, self.match_id)

    def contribution(self) -> Counters:
        if not self.mentor_id:
            return {}  # known only from a session's or review's event so far: counted once confirmed
        return {
            f"relationships.{self.status}": 1.0,
            f"mentees_in.{self.status}": float(len(self.mentee_ids)),
        }


class SessionRow(Document):
    session_id: str
    match_id: str
    programme_id: str
    month: str  # YYYY-MM of its start
    status: Literal["planned", "cancelled", "held"] = "planned"
    expected: list[str] = Field(default_factory=list)
    present: list[str] = Field(default_factory=list)
    noticed: list[str] = Field(default_factory=list)
    late_mentor_absences: int = 0
    diary: bool = False

    def key(self) -> str:
        return f"report#session#{self.programme_id}#{self.session_id}"

    def contribution(self) -> Counters:
        out: defaultdict[str, float] = defaultdict(float)
        out["absences.late_mentor"] += self.late_mentor_absences
        if self.status != "cancelled":
            out["sessions.planned"] += 1
        if self.status == "held":
            out["sessions.held"] += 1
            out["attendance.expected"] += len(self.expected)
            out["attendance.present"] += len(self.present)
            out[f"month.{self.month}.expected"] += len(self.expected)
            out[f"month.{self.month}.present"] += len(self.present)
            out["diary.due"] += 1
            out["diary.written"] += int(self.diary)
        return {k: v for k, v in out.items() if v}


class AssignmentRow(Document):
    assignment_id: str
    programme_id: str
    match_id: str
    participant_id: str
    kind: QuestionnaireKind
    due_on: date | None = None
    submitted: bool = False

    def key(self) -> str:
        return f"report#assignment#{self.programme_id}#{self.assignment_id}"

    def contribution(self) -> Counters:
        out = {"questionnaires.assigned": 1.0, f"questionnaires.assigned.{self.kind}": 1.0}
        if self.submitted:
            out["questionnaires.submitted"] = 1.0
            out[f"questionnaires.submitted.{self.kind}"] = 1.0
        return out


class ParticipantIndex(Document):
    """Which programme a participant is in (an outcome's event may not name it)."""

    participant_id: str
    programme_id: str
    role: str

    def key(self) -> str:
        return f"report#participant#{self.participant_id}"


class PseudonymKey(Document):
    """The municipality's secret for the CSV's pseudonyms (a keyed hash: not reversible without it)."""

    secret: str

    def key(self) -> str:
        return PSEUDONYM_KEY


class RiskSweep(Document):
    """The day a municipality's active relationships were last swept for risks that come with time."""

    swept_on: date

    def key(self) -> str:
        return RISK_SWEEP_KEY


PSEUDONYM_KEY = "report#pseudonym-key"
RISK_SWEEP_KEY = "report#risk-sweep"


def summary_key(programme_id: str) -> str:
    return f"report#programme#{programme_id}"


def tenant_key(tenant_id: str) -> str:
    return f"report#tenant#{tenant_id}"


def person_key(programme_id: str, participant_id: str) -> str:
    return f"report#person#{programme_id}#{participant_id}"


def relationship_key(programme_id: str, match_id: str) -> str:
    return f"report#relationship#{programme_id}#{match_id}"


def people_prefix(programme_id: str) -> str:
    return f"report#person#{programme_id}#"


def relationships_prefix(programme_id: str) -> str:
    return f"report#relationship#{programme_id}#"


def add(into: Counters, counters: Counters, sign: float = 1.0) -> None:
    """Adds `counters` (times `sign`) into `into`, dropping what reaches zero."""
    for name, value in counters.items():
        total = into.get(name, 0.0) + sign * value
        if abs(total) < 1e-9:
            into.pop(name, None)
        else:
            into[name] = round(total, 6)
