"""The mentors a manager may consider for one mentee, best first, with why and whether they have room;
and the pairs the manager forbids."""

from __future__ import annotations

from services.matching.engine.capacity import SCORE_SCALE, free_slots, grouping_for, reference_year
from services.matching.engine.explain import reasons
from services.matching.logic.common import managed_programme
from services.matching.logic.ports import MatchingRecords
from services.matching.models import Exclusion, ParticipantProfile, ProgrammeSettings
from services.matching.schemas import Candidate, CandidateList
from shared.auth import Principal
from shared.errors import NotFound


def ranked_candidates(
    programme: ProgrammeSettings,
    mentee: ParticipantProfile,
    mentors: list[ParticipantProfile],
    exclusions: list[Exclusion],
    language: str,
    limit: int,
    skip: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Feasible mentors first, then by score, then by id; at most `limit`."""
    pool = [m for m in mentors if m.participant_id not in skip]
    if not pool:
        return []
    from services.matching.engine.scoring import score_matrix  # numpy: only for the routes that score

    matrix = score_matrix([mentee.profile], [m.profile for m in pool], programme.config, exclusions)
    breakdowns = matrix.breakdowns([0] * len(pool), list(range(len(pool))))
    year = reference_year(programme.config)
    grouping = grouping_for(programme.kind)
    rows = []
    for j, mentor in enumerate(pool):
        excluded = matrix.exclusion(0, j)
        free = (
            free_slots(mentor.profile.capacity, mentor.load, programme.config.max_group_size, grouping)
            if mentor.status == "available"
            else 0
        )
        rows.append((excluded is None, int(matrix.score[0, j]), j, excluded, free))
    rows.sort(key=lambda r: (not r[0], -r[1], pool[r[2]].participant_id))
    return [
        Candidate(
            mentor_id=pool[j].participant_id,
            score=score / SCORE_SCALE,
            breakdown=breakdowns[j],
            reasons=reasons(
                breakdowns[j],
                mentee.profile,
                pool[j].profile,
                language,
                year=year,
                traits=programme.config.personality_traits,
            ),
            eligible=feasible,
            excluded_by=excluded,
            has_room=free > 0,
            free_slots=free,
        )
        for feasible, score, j, excluded, free in rows[:limit]
    ]


def candidates(
    caller: Principal, programme_id: str, mentee_id: str, limit: int, language: str, store: MatchingRecords
) -> CandidateList:
    programme = managed_programme(caller, programme_id, store)
    profiles = store.profiles(programme.tenant_id, programme_id)
    mentee = next((p for p in profiles if p.participant_id == mentee_id and p.profile.role == "mentee"), None)
    if mentee is None:
        raise NotFound("No such mentee in this programme.")
    mentors = [p for p in profiles if p.profile.role == "mentor"]
    items = ranked_candidates(
        programme, mentee, mentors, store.exclusions(programme.tenant_id, programme_id), language, limit
    )
    return CandidateList(mentee_id=mentee_id, items=items)


def add_exclusion(caller: Principal, programme_id: str, exclusion: Exclusion, store: MatchingRecords) -> None:
    programme = managed_programme(caller, programme_id, store)
    store.add_exclusion(programme.tenant_id, programme_id, exclusion)


def list_exclusions(caller: Principal, programme_id: str, store: MatchingRecords) -> list[Exclusion]:
    programme = managed_programme(caller, programme_id, store)
    return store.exclusions(programme.tenant_id, programme_id)
