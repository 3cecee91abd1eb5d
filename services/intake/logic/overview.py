"""The manager's view of a programme: its figures, who is matched, and what to do next; and intake's
projection of matching's matches (MatchConfirmed, MatchEnded), which is where "matched" comes from.

Matching owns matches; intake keeps only who is in which match and whether it still runs, so its pages
can say who waits for a mentor without asking matching over HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from services.intake.logic.participants import read_participant
from services.intake.logic.ports import ParticipantsPort, RegistryPort
from services.intake.logic.programmes import get_programme
from services.intake.models import MatchState, Participant, Programme
from shared.auth import Principal, Role
from shared.events.catalog import MatchConfirmed, MatchEnded, RiskFlagCleared, RiskFlagRaised

#: The programme tab matching adds to the programme's pages (its NavEntry path).
MATCHING_TAB = "matching"
#: The statuses the dashboard counts applications in, in the order it shows them.
APPLICATION_STATUSES = ("submitted", "accepted", "waitlisted", "rejected")


class MatchStatesPort(Protocol):
    def match_confirmed(self, state: MatchState, tenant_id: str) -> None: ...
    def match_ended(self, state: MatchState, tenant_id: str) -> None: ...


class RiskStatesPort(Protocol):
    def risk_changed(
        self, tenant_id: str, programme_id: str, match_id: str, *, at_risk: bool, as_of: datetime
    ) -> None: ...


class OverviewPort(RegistryPort, Protocol):
    def matches(self, tenant_id: str, programme_id: str) -> list[MatchState]: ...
    def matches_at_risk(self, tenant_id: str, programme_id: str) -> set[str]: ...
    def application_counts(self, tenant_id: str, programme_id: str) -> dict[str, int]: ...


class OverviewRowsPort(ParticipantsPort, Protocol):
    def matches(self, tenant_id: str, programme_id: str) -> list[MatchState]: ...
    def programmes(self, tenant_id: str) -> list[Programme]: ...


# --- the projection ----------------------------------------------------------------------------------


def match_confirmed(tenant_id: str, event: MatchConfirmed, store: MatchStatesPort) -> None:
    store.match_confirmed(_state(event, "confirmed"), tenant_id)


def match_ended(tenant_id: str, event: MatchEnded, store: MatchStatesPort) -> None:
    # An end may overtake its confirmation in the queue: it is stored either way, and wins.
    store.match_ended(_state(event, "ended"), tenant_id)


def risk_changed(
    tenant_id: str, event: RiskFlagRaised | RiskFlagCleared, occurred_at: datetime, store: RiskStatesPort
) -> None:
    """Monitoring decides what is a risk; intake keeps only whether a match is at risk now, to count them
    on the dashboard (the reasons stay on monitoring's risks page)."""
    store.risk_changed(
        tenant_id,
        event.programme_id,
        event.match_id,
        at_risk=isinstance(event, RiskFlagRaised),
        as_of=occurred_at,
    )


def _state(event: MatchConfirmed | MatchEnded, status: Literal["confirmed", "ended"]) -> MatchState:
    return MatchState(
        match_id=event.match_id,
        programme_id=event.programme_id,
        mentor_id=event.mentor_id,
        mentee_ids=list(event.mentee_ids),
        status=status,
    )


def active_matches(matches: Iterable[MatchState]) -> dict[str, list[str]]:
    """Participant id → the ids of the matches they are in now (a mentor may lead several)."""
    found: dict[str, list[str]] = {}
    for match in matches:
        if match.status != "confirmed":
            continue
        for participant_id in (match.mentor_id, *match.mentee_ids):
            found.setdefault(participant_id, []).append(match.match_id)
    return found


# --- one participant in words ------------------------------------------------------------------------

MatchWord = Literal["matched", "unmatched", "waiting_for_account", "inactive"]
TrainingWord = Literal["qualified", "needs_training", "not_required"]


def match_word(participant: Participant, active: dict[str, list[str]]) -> MatchWord:
    if participant.status != "active":
        return "inactive"
    if participant.participant_id in active:
        return "matched"
    # Until the account's owner confirms the participation, matching does not know the participant.
    if participant.account_link == "pending":
        return "waiting_for_account"
    return "unmatched"


def training_word(participant: Participant, programme: Programme | None) -> TrainingWord:
    if participant.role != "mentor" or (programme is not None and not programme.mentor_training_required):
        return "not_required"
    return "qualified" if participant.eligible else "needs_training"


# --- the dashboard -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleFigures:
    total: int = 0
    matched: int = 0
    unmatched: int = 0
    waiting_for_account: int = 0
    #: Mentors only: matchable (training done or not required), and still to be trained.
    qualified: int = 0
    needs_training: int = 0


@dataclass(frozen=True)
class NextAction:
    """Something the manager should do, in words: `key` names the sentence, `count` fills it, `target`
    is the programme's page (relative to the programme) where it is done."""

    key: str
    count: int
    target: str


@dataclass(frozen=True)
class ProgrammeOverview:
    programme: Programme
    applications: dict[str, int]
    mentees: RoleFigures
    mentors: RoleFigures
    next_actions: list[NextAction] = field(default_factory=list)
    #: Running relationships monitoring flagged at risk (its risks page names why).
    at_risk: int = 0


def role_figures(
    participants: Iterable[Participant], programme: Programme, active: dict[str, list[str]]
) -> RoleFigures:
    words = [(match_word(p, active), training_word(p, programme)) for p in participants]
    words = [(m, t) for m, t in words if m != "inactive"]
    return RoleFigures(
        total=len(words),
        matched=sum(m == "matched" for m, _ in words),
        unmatched=sum(m == "unmatched" for m, _ in words),
        waiting_for_account=sum(m == "waiting_for_account" for m, _ in words),
        qualified=sum(t != "needs_training" for _, t in words),
        needs_training=sum(t == "needs_training" for _, t in words),
    )


def next_actions(
    applications: dict[str, int], mentees: RoleFigures, mentors: RoleFigures
) -> list[NextAction]:
    """What waits for the manager, most pressing first; empty when nothing does."""
    actions: list[NextAction] = []
    waiting = applications.get("submitted", 0)
    if waiting:
        actions.append(NextAction("applications_wait", waiting, "applications?status=submitted"))
    if mentors.needs_training:
        actions.append(
            NextAction("mentors_need_training", mentors.needs_training, "participants?role=mentor")
        )
    free_mentors = mentors.qualified - mentors.waiting_for_account
    if mentees.unmatched and free_mentors > 0:
        actions.append(NextAction("mentees_unmatched", mentees.unmatched, MATCHING_TAB))
    elif mentees.unmatched:
        # Nobody to match them with yet: the way forward is accepting (or training) mentors.
        actions.append(NextAction("mentees_without_mentors", mentees.unmatched, "applications?role=mentor"))
    pending = mentees.waiting_for_account + mentors.waiting_for_account
    if pending:
        actions.append(NextAction("accounts_pending", pending, "participants"))
    if applications.get("waitlisted", 0):
        actions.append(NextAction("waitlisted", applications["waitlisted"], "applications?status=waitlisted"))
    return actions


def programme_overview(caller: Principal, programme_id: str, store: OverviewPort) -> ProgrammeOverview:
    caller.require(Role.MANAGER)
    programme = get_programme(caller, programme_id, store)
    tenant_id = programme.tenant_id
    counts = store.application_counts(tenant_id, programme_id)
    applications = {status: counts.get(status, 0) for status in APPLICATION_STATUSES}
    matches = store.matches(tenant_id, programme_id)
    active = active_matches(matches)
    running = {m.match_id for m in matches if m.status == "confirmed"}
    people = store.participants(tenant_id, programme_id=programme_id, role=None)
    mentees = role_figures([p for p in people if p.role == "mentee"], programme, active)
    mentors = role_figures([p for p in people if p.role == "mentor"], programme, active)
    return ProgrammeOverview(
        programme=programme,
        applications=applications,
        mentees=mentees,
        mentors=mentors,
        next_actions=next_actions(applications, mentees, mentors),
        at_risk=len(store.matches_at_risk(tenant_id, programme_id) & running),
    )


def waiting_applications(
    caller: Principal, programmes: Iterable[Programme], store: OverviewPort
) -> dict[str, int]:
    """Programme id → applications waiting for a decision (the manager's list of programmes)."""
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    return {
        p.programme_id: store.application_counts(tenant_id, p.programme_id).get("submitted", 0)
        for p in programmes
    }


# --- participants with their match state -------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    participant: Participant
    programme: Programme | None
    match: MatchWord
    training: TrainingWord

    @property
    def programme_name(self) -> str:
        return self.programme.name if self.programme else ""


def participant_rows(
    caller: Principal, participants: list[Participant], store: OverviewRowsPort
) -> list[ParticipantRow]:
    """The participants the caller may see (already read through logic), each with its programme's name,
    match state and training status."""
    caller.require(Role.MANAGER, Role.TRAINER)
    tenant_id = caller.require_tenant()
    programmes: dict[str, Programme | None] = {}
    active: dict[str, list[str]] = {}
    for programme_id in dict.fromkeys(p.programme_id for p in participants):
        programmes[programme_id] = store.programme(tenant_id, programme_id)
        active.update(active_matches(store.matches(tenant_id, programme_id)))
    rows = [
        ParticipantRow(
            participant=p,
            programme=programmes[p.programme_id],
            match=match_word(p, active),
            training=training_word(p, programmes[p.programme_id]),
        )
        for p in participants
    ]
    return sorted(
        rows,
        key=lambda r: (
            r.programme_name.lower(),
            r.participant.family_name.lower(),
            r.participant.given_name.lower(),
        ),
    )


def participant_row(caller: Principal, participant_id: str, store: OverviewRowsPort) -> ParticipantRow:
    """One participant (a manager's any; a trainer's mentors), with programme, match and training."""
    caller.require(Role.MANAGER, Role.TRAINER)
    participant = read_participant(caller, participant_id, store)
    return participant_rows(caller, [participant], store)[0]


def programme_choices(caller: Principal, store: OverviewRowsPort) -> list[tuple[str, str]]:
    """(id, name) of the programmes a participants page may filter by: a manager's all; a trainer's those
    with mentors (the trainer cannot read programmes through the API, but sees their names beside mentors)."""
    caller.require(Role.MANAGER, Role.TRAINER)
    tenant_id = caller.require_tenant()
    programmes = store.programmes(tenant_id)
    if not caller.has(Role.MANAGER):
        with_mentors = {
            p.programme_id for p in store.participants(tenant_id, programme_id=None, role="mentor")
        }
        programmes = [p for p in programmes if p.programme_id in with_mentors]
    return sorted(((p.programme_id, p.name) for p in programmes), key=lambda c: c[1].lower())
