"""Matches: a manager's own match, reading them (managers, and the members themselves), ending one, and
completing one when its final review is recorded.

The reason a match ended is confidential to the programme's managers: a mentor or mentee of the
match sees that it ended and when (`Match.as_seen_by_member`), never why.
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.matching.engine.capacity import check_group, free_slots, grouping_for
from services.matching.logic.candidates import ranked_candidates
from services.matching.logic.common import confirm, event_from, found, managed_programme
from services.matching.logic.ports import MatchingRecords
from services.matching.models import Match, ProgrammeSettings
from services.matching.schemas import EndMatch, EndResult, MatchCreate, RematchProposal
from shared.auth import Principal, Role
from shared.errors import Conflict, NotFound, RuleViolation
from shared.events.catalog import MatchEnded, RelationshipClosed
from shared.events.envelope import Metadata
from shared.events.publisher import OutgoingEvent, Publisher


def create_match(caller: Principal, body: MatchCreate, store: MatchingRecords, publisher: Publisher) -> Match:
    """A manager's own match, under the solver's rules (capacity, group size, eligibility, language …).

    The programme's minimum score does not apply: it filters proposals, the manager's judgement may differ.
    """
    programme = managed_programme(caller, body.programme_id, store)
    tenant_id = programme.tenant_id
    if len(set(body.mentee_ids)) != len(body.mentee_ids):
        raise RuleViolation("A mentee is named twice.", rule="duplicate_mentee", field="mentee_ids")
    grouping = grouping_for(programme.kind)
    check_group(programme.kind, programme.config.max_group_size, len(body.mentee_ids))
    mentor = store.profile(tenant_id, body.programme_id, body.mentor_id)
    if mentor is None or mentor.profile.role != "mentor":
        raise RuleViolation("No such mentor in this programme.", rule="unknown_mentor", field="mentor_id")
    mentees = []
    for mentee_id in body.mentee_ids:
        mentee = store.profile(tenant_id, body.programme_id, mentee_id)
        if mentee is None or mentee.profile.role != "mentee":
            raise RuleViolation(
                f"No such mentee in this programme: {mentee_id}.", rule="unknown_mentee", field="mentee_ids"
            )
        if mentee.status != "available":
            raise RuleViolation(
                f"{mentee_id} is already matched.", rule="already_matched", field="mentee_ids"
            )
        mentees.append(mentee)
    room = free_slots(mentor.profile.capacity, mentor.load, programme.config.max_group_size, grouping)
    if mentor.status != "available" or len(mentees) > room:
        raise RuleViolation(
            f"The mentor has room for {room} more.",
            rule="capacity",
            field="mentor_id",
        )
    from services.matching.engine.scoring import assess  # numpy: only when a match is made

    exclusions = store.exclusions(tenant_id, body.programme_id)
    for mentee in mentees:
        verdict = assess(mentee.profile, mentor.profile, programme.config, exclusions)
        if verdict.exclusion not in (None, "below_min_score"):
            raise RuleViolation(
                f"{mentee.participant_id} and the mentor cannot be matched: {verdict.exclusion}.",
                rule=str(verdict.exclusion),
                field="mentee_ids",
            )
    return confirm(programme, mentor, mentees, grouping, store, publisher, source="manual")


def _visible_match(caller: Principal, match_id: str, store: MatchingRecords) -> Match:
    """The match as the caller may see it: whole for a manager, without the end reason for a member."""
    match = found(store.match(caller.require_tenant(), match_id), "No such match.")
    if caller.has(Role.MANAGER):
        return match
    if caller.person_id in match.member_person_ids:
        return match.as_seen_by_member()
    raise NotFound("No such match.")


def read_match(caller: Principal, match_id: str, store: MatchingRecords) -> Match:
    caller.require(Role.MANAGER, Role.MENTOR, Role.MENTEE)
    return _visible_match(caller, match_id, store)


def list_matches(caller: Principal, programme_id: str | None, store: MatchingRecords) -> list[Match]:
    tenant_id = caller.require_tenant()
    if caller.has(Role.MANAGER):
        found = store.matches(tenant_id, programme_id)
    else:
        caller.require(Role.MENTOR, Role.MENTEE)
        found = [
            m.as_seen_by_member()
            for m in store.matches_of_person(tenant_id, caller.person_id or "-")
            if programme_id in (None, m.programme_id)
        ]
    return sorted(found, key=lambda m: m.created_at, reverse=True)


def end_match(
    caller: Principal,
    match_id: str,
    body: EndMatch,
    store: MatchingRecords,
    publisher: Publisher,
    language: str = "en",
) -> EndResult:
    caller.require(Role.MANAGER)
    match = _visible_match(caller, match_id, store)
    if match.status != "active":
        raise Conflict("This match has ended already.", rule="already_ended")
    ended = match.model_copy(
        update={"status": "ended", "ended_at": datetime.now(UTC), "end_reason": body.reason}
    )
    with publisher.along(
        [OutgoingEvent(match.tenant_id, event_from(MatchEnded, match, rematch=body.rematch))]
    ):
        store.end_match(ended)
    proposals: list[RematchProposal] = []
    if body.rematch:
        programme = managed_programme(caller, match.programme_id, store)
        proposals = rematch_proposals(programme, ended, store, language)
    return EndResult(match=ended, rematch_proposals=proposals)


def complete_match(
    meta: Metadata, data: RelationshipClosed, store: MatchingRecords, publisher: Publisher
) -> None:
    """The final review is recorded (monitoring): the match is completed, not ended early. Its people are
    free again, and `MatchEnded` (completed) tells the services that keep who is matched. A match ended
    early before its final review stays ended; a replay changes nothing."""
    match = store.match(meta.tenant_id, data.match_id)
    if match is None or match.status != "active":
        return
    completed = match.model_copy(update={"status": "completed", "ended_at": datetime.now(UTC)})
    try:
        with publisher.along([OutgoingEvent(match.tenant_id, event_from(MatchEnded, match, completed=True))]):
            store.end_match(completed)
    except Conflict:
        return  # ended by a manager at the same moment: that closure stands


def rematch_proposals(
    programme: ProgrammeSettings, match: Match, store: MatchingRecords, language: str
) -> list[RematchProposal]:
    """Per mentee of an ended match: the best mentor with room now, never the one they had (a mentee
    who asked for another mentor is not proposed the same one again); None when nobody fits."""
    profiles = store.profiles(match.tenant_id, match.programme_id)
    mentors = [p for p in profiles if p.profile.role == "mentor"]
    exclusions = store.exclusions(match.tenant_id, match.programme_id)
    proposals: list[RematchProposal] = []
    for mentee_id in match.mentee_ids:
        mentee = next((p for p in profiles if p.participant_id == mentee_id), None)
        if mentee is None or mentee.status != "available":
            continue  # matched again meanwhile (or gone): nothing to propose
        ranked = ranked_candidates(
            programme,
            mentee,
            mentors,
            exclusions,
            language,
            limit=len(mentors),
            skip=frozenset({match.mentor_id}),
        )
        best = next((c for c in ranked if c.eligible and c.has_room), None)
        proposals.append(RematchProposal(mentee_id=mentee_id, candidate=best))
    return proposals
