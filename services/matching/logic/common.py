"""What several use cases share: new ids, lookups, events from the domain, and confirming a match."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal, TypeVar

from services.matching.engine.capacity import mentor_capacity
from services.matching.logic.ports import MatchingRecords
from services.matching.models import Grouping, Match, ParticipantProfile, ProgrammeSettings
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.events.catalog import MatchConfirmed
from shared.events.envelope import EventData
from shared.events.publisher import OutgoingEvent, Publisher
from shared.model import BaseModel

T = TypeVar("T")
E = TypeVar("E", bound=EventData)


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


def found(value: T | None, missing: str) -> T:
    """`value`, or NotFound saying `missing` (the same answer whether it is absent or another tenant's)."""
    if value is None:
        raise NotFound(missing)
    return value


def event_from(event: type[E], source: BaseModel, **facts: object) -> E:
    """The event `event` with the fields it shares with the domain object `source` (ids, kind, ...) and
    `facts`, so an event's fields are listed once, in the catalogue."""
    return event.model_validate({**source.model_dump(include=set(event.model_fields)), **facts})


def managed_programme(caller: Principal, programme_id: str, store: MatchingRecords) -> ProgrammeSettings:
    """The programme, if the caller manages its municipality; otherwise NotFound (no hint it exists)."""
    caller.require(Role.MANAGER)
    return found(store.programme(caller.require_tenant(), programme_id), "No such programme.")


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
    with publisher.along([OutgoingEvent(match.tenant_id, event_from(MatchConfirmed, match))]):
        store.confirm_match(match, mentor=mentor, mentees=mentees, slots=slots)
    return match
