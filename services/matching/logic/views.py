"""What matching's pages show beyond the API's answers: people by name, a programme's runs, the reasons
of a run in the reader's language, the mentees still waiting, a rematch proposal, and a mentor's or
mentee's home (their programme, their match by first names, what comes next).

Tenancy and roles are checked here as in the other use cases, so a page cannot show more than the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from services.matching.engine.capacity import reference_year
from services.matching.engine.explain import reasons
from services.matching.logic.common import found, managed_programme
from services.matching.logic.matches import read_match, rematch_proposals
from services.matching.logic.ports import MatchingRecords
from services.matching.logic.runs import read_run
from services.matching.models import Match, ParticipantProfile, PersonName, ProgrammeSettings
from services.matching.run_models import MatchingRun
from services.matching.schemas import RematchProposal
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.vocabulary import CRITERIA

# --- people by name (the manager's pages) -------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A participant as a manager sees them in matching: name (None until intake's event arrived), role."""

    participant_id: str
    name: str | None
    role: str
    status: str


def people(programme: ProgrammeSettings, store: MatchingRecords) -> dict[str, Person]:
    """Every participant of the programme by participant id, with their name."""
    profiles = store.profiles(programme.tenant_id, programme.programme_id)
    names = store.names(programme.tenant_id, [p.person_id for p in profiles])
    return {
        p.participant_id: Person(
            participant_id=p.participant_id,
            name=names[p.person_id].full if p.person_id in names else None,
            role=p.profile.role,
            status=p.status,
        )
        for p in profiles
    }


def waiting_mentees(people_of_programme: dict[str, Person]) -> list[Person]:
    """Mentees not (or no longer) matched, by name: whom a manager may match by hand."""
    waiting = [p for p in people_of_programme.values() if p.role == "mentee" and p.status == "available"]
    return sorted(waiting, key=lambda p: ((p.name or "").casefold(), p.participant_id))


def mentors(people_of_programme: dict[str, Person]) -> list[Person]:
    found_ = [p for p in people_of_programme.values() if p.role == "mentor" and p.status != "withdrawn"]
    return sorted(found_, key=lambda p: ((p.name or "").casefold(), p.participant_id))


# --- runs ---------------------------------------------------------------------------------------------


def criterion_maxima(programme: ProgrammeSettings) -> dict[str, float]:
    """The most points each criterion can add to a pair's score (its weight's share of 100): the end of
    each criterion's bar."""
    weights = programme.config.effective_weights()
    total = sum(weights.values()) or 1
    return {c: round(100 * weights[c] / total, 2) for c in CRITERIA}


def runs_of(caller: Principal, programme_id: str, store: MatchingRecords) -> list[MatchingRun]:
    """The programme's runs, newest first (without their proposals)."""
    programme = managed_programme(caller, programme_id, store)
    runs = store.runs_of_programme(programme.tenant_id, programme_id)
    return sorted(runs, key=lambda r: r.requested_at, reverse=True)


def run_of_programme(
    caller: Principal, programme_id: str, run_id: str, store: MatchingRecords
) -> MatchingRun:
    """A run, reached under its own programme's pages only (another programme's run there: NotFound)."""
    run = read_run(caller, run_id, store)
    if run.programme_id != programme_id:
        raise NotFound("No such matching run.")
    return run


def reasons_in(
    run: MatchingRun, programme: ProgrammeSettings, store: MatchingRecords, language: str
) -> dict[tuple[str, str], list[str]]:
    """Each proposed pair's reasons (proposal id, mentee id) in `language`, worded again from the pair's
    breakdown: a run keeps them in the language it was started in, the reader may read another. A pair
    whose profiles are gone keeps the run's own words."""
    profiles = {
        p.participant_id: p.profile for p in store.profiles(programme.tenant_id, programme.programme_id)
    }
    year = reference_year(programme.config)
    traits = programme.config.personality_traits
    worded: dict[tuple[str, str], list[str]] = {}
    for proposal in run.proposals:
        mentor = profiles.get(proposal.mentor_id)
        for proposed in proposal.mentees:
            mentee = profiles.get(proposed.mentee_id)
            key = (proposal.proposal_id, proposed.mentee_id)
            if mentor is None or mentee is None:
                worded[key] = proposed.reasons
            else:
                worded[key] = reasons(proposed.breakdown, mentee, mentor, language, year=year, traits=traits)
    return worded


# --- a rematch after a match ended --------------------------------------------------------------------


def rematch(caller: Principal, match_id: str, store: MatchingRecords, language: str) -> list[RematchProposal]:
    """For an ended match: per mentee still waiting, the best mentor with room (not the one they had)."""
    caller.require(Role.MANAGER)
    match = read_match(caller, match_id, store)
    if match.status != "ended":
        return []
    programme = managed_programme(caller, match.programme_id, store)
    return rematch_proposals(programme, match, store, language)


# --- a mentor's or mentee's home ----------------------------------------------------------------------

Stage = Literal["waiting", "matched", "ended", "completed", "withdrawn"]


@dataclass(frozen=True)
class Member:
    """Another member of one's match, as a participant sees them: first name and role, nothing else."""

    first_name: str | None
    role: Literal["mentor", "mentee"]


@dataclass(frozen=True)
class MyMatch:
    match_id: str
    active: bool
    since: datetime
    ended_at: datetime | None
    others: list[Member]


@dataclass(frozen=True)
class NextStep:
    """What comes next for a participant, in one word the page puts in a sentence, and since when."""

    stage: Stage
    since: datetime | None = None


@dataclass(frozen=True)
class MyProgramme:
    programme_id: str
    name: str
    starts_on: date | None
    ends_on: date | None
    role: Literal["mentor", "mentee"]
    next: NextStep
    matches: list[MyMatch]


def next_step(status: str, matches: list[Match]) -> NextStep:
    """Withdrawn; matched since the newest active match began; ended (or completed, after its final review)
    when the last match closed and no new one was made; otherwise waiting to be matched."""
    if status == "withdrawn":
        return NextStep("withdrawn")
    active = [m for m in matches if m.status == "active"]
    if active:
        return NextStep("matched", min(m.created_at for m in active))
    closed = [m for m in matches if m.ended_at is not None]
    if closed:
        last = max(closed, key=lambda m: m.ended_at or m.created_at)
        return NextStep("completed" if last.status == "completed" else "ended", last.ended_at)
    return NextStep("waiting")


def home(caller: Principal, store: MatchingRecords) -> list[MyProgramme]:
    """Each programme the signed-in mentor or mentee takes part in, with their matches (newest first)."""
    caller.require(Role.MENTOR, Role.MENTEE)
    tenant_id = caller.require_tenant()
    person_id = caller.person_id or "-"
    profiles = store.profiles_of_person(tenant_id, person_id)
    matches = [m.as_seen_by_member() for m in store.matches_of_person(tenant_id, person_id)]
    others_ids = [pid for m in matches for pid in m.member_person_ids if pid != person_id]
    names = store.names(tenant_id, others_ids)
    shown = []
    for profile in profiles:
        programme = store.programme(tenant_id, profile.programme_id)
        if programme is None:
            continue  # the programme's own event has not arrived yet: nothing to say about it
        mine = sorted(
            (m for m in matches if m.programme_id == profile.programme_id and _member(profile, m)),
            key=lambda m: m.created_at,
            reverse=True,
        )
        shown.append(
            MyProgramme(
                programme_id=programme.programme_id,
                name=programme.name,
                starts_on=programme.starts_on,
                ends_on=programme.ends_on,
                role=profile.profile.role,
                next=next_step(profile.status, mine),
                matches=[_as_mine(m, person_id, names) for m in mine],
            )
        )
    return sorted(shown, key=lambda p: (p.starts_on or date.min, p.name), reverse=True)


def _member(profile: ParticipantProfile, match: Match) -> bool:
    return profile.participant_id in (match.mentor_id, *match.mentee_ids)


def _as_mine(match: Match, person_id: str, names: dict[str, PersonName]) -> MyMatch:
    # member_person_ids lists the mentor first, then the mentees (logic.common.confirm).
    others = [
        Member(
            first_name=names[pid].given_name if pid in names else None,
            role="mentor" if i == 0 else "mentee",
        )
        for i, pid in enumerate(match.member_person_ids)
        if pid != person_id
    ]
    return MyMatch(
        match_id=match.match_id,
        active=match.status == "active",
        since=match.created_at,
        ended_at=match.ended_at,
        others=others,
    )


def match_members(
    caller: Principal, match: Match, store: MatchingRecords
) -> tuple[str | None, list[str | None]]:
    """The match's mentor and mentees by name: full names for a manager, first names for a member."""
    names = store.names(found(caller.tenant_id, "No such match."), match.member_person_ids)
    full = caller.has(Role.MANAGER)

    def name(person_id: str) -> str | None:
        known = names.get(person_id)
        if known is None:
            return None
        return known.full if full else known.given_name

    ids = match.member_person_ids
    return (name(ids[0]) if ids else None), [name(pid) for pid in ids[1:]]
