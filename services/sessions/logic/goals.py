"""Goals: each mentee writes their own; in a group the mentor writes the group's. Every earlier version
is kept (DOMAIN.md step 5; issue 11, "Goals")."""

from __future__ import annotations

from datetime import UTC, datetime

from services.sessions.logic.common import caller_in, still_running
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import Goal, Goals, GoalSetter, GoalsVersion
from services.sessions.schemas import GoalsOfRelationship, GoalsWrite
from shared import audit
from shared.auth import Principal
from shared.errors import Forbidden, NotFound, RuleViolation
from shared.events.catalog import GoalsSet
from shared.events.publisher import OutgoingEvent, Publisher


def save_goals(
    tenant_id: str,
    match_id: str,
    programme_id: str,
    mentee_id: str | None,
    body: GoalsWrite,
    store: SessionsRecords,
    publisher: Publisher,
    *,
    set_by: GoalSetter | None = None,
    set_by_person_id: str | None = None,
) -> Goals:
    now = datetime.now(UTC)
    goals = [Goal.model_validate(g.model_dump()) for g in body.goals]
    setter = set_by or ("mentor" if mentee_id is None else "mentee")
    every = store.goals(tenant_id, match_id)
    known = next((g for g in every if g.mentee_id == mentee_id and g.set_by == setter), None)
    if known is None:
        written = Goals(
            match_id=match_id,
            mentee_id=mentee_id,
            version=1,
            goals=goals,
            written_at=now,
            set_by=setter,
            set_by_person_id=set_by_person_id,
        )
    else:
        earlier = GoalsVersion(version=known.version, goals=known.goals, written_at=known.written_at)
        written = known.model_copy(
            update={
                "version": known.version + 1,
                "goals": goals,
                "written_at": now,
                "history": [*known.history, earlier],
                "set_by_person_id": set_by_person_id or known.set_by_person_id,
            }
        )
    goals_set = GoalsSet(
        match_id=match_id,
        programme_id=programme_id,
        mentee_id=mentee_id,
        goals_version=written.version,
        goal_count=len(goals),
        set_by=setter,
    )
    with publisher.along([OutgoingEvent(tenant_id, goals_set)]):
        return store.save_goals(tenant_id, written)


def write_goals(
    principal: Principal,
    match_id: str,
    mentee_id: str,
    body: GoalsWrite,
    store: SessionsRecords,
    publisher: Publisher,
) -> Goals:
    caller = caller_in(principal, match_id, store)
    relationship = caller.relationship
    if mentee_id not in relationship.mentee_ids:
        raise NotFound("No such mentee in this relationship.")
    if caller.participant_id != mentee_id:
        raise Forbidden("Only the mentee writes their own goals.", rule="own_goals_only")
    still_running(relationship)
    saved = save_goals(
        caller.tenant_id, match_id, relationship.programme_id, mentee_id, body, store, publisher
    )
    audit.record(principal, "change", "goals", mentee_id, match_id)
    return saved


def write_group_goals(
    principal: Principal, match_id: str, body: GoalsWrite, store: SessionsRecords, publisher: Publisher
) -> Goals:
    caller = caller_in(principal, match_id, store)
    caller.require("mentor", rule="mentor_writes_group_goals")
    relationship = caller.relationship
    still_running(relationship)
    if relationship.kind != "group":
        raise RuleViolation(
            "Group goals are for a group; in a pair the mentee's goals are all.", rule="group_only"
        )
    saved = save_goals(caller.tenant_id, match_id, relationship.programme_id, None, body, store, publisher)
    audit.record_many(principal, "change", "goals", [(m, match_id) for m in relationship.mentee_ids])
    return saved


def read_goals(principal: Principal, match_id: str, store: SessionsRecords) -> GoalsOfRelationship:
    caller = caller_in(principal, match_id, store)
    every = store.goals(caller.tenant_id, match_id)
    order = {m: i for i, m in enumerate(caller.relationship.mentee_ids)}
    mentees = sorted(
        (g for g in every if g.set_by == "mentee"), key=lambda g: order.get(g.mentee_id or "", 99)
    )
    # A linked employer's goals for a mentee (seed 002): shown to the relationship, marked as theirs.
    employer = sorted(
        (g for g in every if g.set_by == "employer"), key=lambda g: order.get(g.mentee_id or "", 99)
    )
    group = next((g for g in every if g.set_by == "mentor"), None)
    shown = [g.mentee_id for g in [*mentees, *employer] if g.mentee_id]
    shown += caller.relationship.mentee_ids if group else []
    audit.record_many(principal, "read", "goals", [(m, match_id) for m in dict.fromkeys(shown)])
    return GoalsOfRelationship(match_id=match_id, mentees=mentees, group=group, employer=employer)
