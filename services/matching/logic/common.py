"""What several use cases share: new ids, a manager's programme, and confirming a match."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal

from services.matching.engine.rules import mentor_capacity
from services.matching.logic.ports import MatchingRecords
from services.matching.models import Grouping, Match, ParticipantProfile, ProgrammeSettings
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.events.catalog import MatchConfirmed
from shared.events.publisher import Publisher


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


def managed_programme(caller: Principal, programme_id: str, store: MatchingRecords) -> ProgrammeSettings:
    """The programme, if the caller manages its municipality; otherwise NotFound (no hint it exists)."""
    caller.require(Role.MANAGER)
    programme = store.programme(caller.require_tenant(), programme_id)
    if programme is None:
        raise NotFound("No such programme.")
    return programme


def confirm(
    programme: ProgrammeSettings,
    mentor: ParticipantProfile,
    mentees: list[ParticipantProfile],
    grouping: Grouping,
    store: MatchingRecords,
    publisher: Publisher,
    *,
    source: Literal["run", "manual"],
    run_id: str | None = None,
    score: float | None = None,
) -> Match:
    """Store a match (refused if someone was matched meanwhile or the mentor is full) and announce it."""
    match = Match(
        match_id=new_id("match"),
        tenant_id=programme.tenant_id,
        programme_id=programme.programme_id,
        kind="pair" if len(mentees) == 1 else "group",
        mentor_id=mentor.participant_id,
        mentee_ids=[m.participant_id for m in mentees],
        created_at=datetime.now(UTC),
        source=source,
        run_id=run_id,
        score=score,
        member_person_ids=[mentor.person_id, *(m.person_id for m in mentees)],
    )
    slots = mentor_capacity(mentor.profile.capacity, programme.config.max_group_size, grouping)
    store.confirm_match(match, mentor=mentor, mentees=mentees, slots=slots)
    publisher.publish_one(
        match.tenant_id,
        MatchConfirmed(
            match_id=match.match_id,
            programme_id=match.programme_id,
            kind=match.kind,
            mentor_id=match.mentor_id,
            mentee_ids=match.mentee_ids,
        ),
    )
    return match
