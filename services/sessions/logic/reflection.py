"""The mentor's private self-reflection on a relationship (seed 000; DOMAIN.md, roles): only the mentor
reads and writes it; the municipality's trainers read it only while the mentor shares it. Nothing else
sees it — not the mentees, not the manager — and no event carries its text. A trainer who reads a shared
reflection may write back; the mentor reads the replies under it (seed 000: the experts accompany the
mentors' learning). A reply is free text too: in no event, no log."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.sessions.logic.common import caller_in, keyed_id, same_again, still_running
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import Reflection, TrainerReply
from services.sessions.schemas import ReflectionReplyWrite, ReflectionWrite
from shared import audit
from shared.auth import Principal, Role
from shared.errors import Forbidden, NotFound

_PRIVATE = "not_the_mentors_reflection"


def _as_trainer(principal: Principal) -> bool:
    """A trainer who is not also a member or manager (who would act as that)."""
    return principal.has(Role.TRAINER) and not principal.has(Role.MANAGER, Role.MENTOR, Role.MENTEE)


def read_reflection(principal: Principal, match_id: str, store: SessionsRecords) -> Reflection:
    if _as_trainer(principal):
        tenant_id = principal.require_tenant()
        relationship = store.relationship(tenant_id, match_id)
        shared = store.reflection(tenant_id, match_id) if relationship is not None else None
        if shared is None or not shared.shared_with_trainer:
            # Not shared looks like not there: a trainer learns nothing of a reflection kept private.
            raise NotFound("No shared reflection here.")
        if relationship is not None:  # always, as a shared reflection is read only under its relationship
            audit.record(principal, "read", "reflection", relationship.mentor_id, match_id)
        return shared
    caller = caller_in(principal, match_id, store)
    caller.require("mentor", rule=_PRIVATE)
    known = store.reflection(caller.tenant_id, match_id)
    return known if known is not None else Reflection(match_id=match_id)


def write_reflection(
    principal: Principal, match_id: str, body: ReflectionWrite, store: SessionsRecords
) -> Reflection:
    caller = caller_in(principal, match_id, store)
    caller.require("mentor", rule=_PRIVATE)
    still_running(caller.relationship)
    known = store.reflection(caller.tenant_id, match_id) or Reflection(match_id=match_id)
    written = known.model_copy(
        update={
            "text": body.text,
            "shared_with_trainer": body.shared_with_trainer,
            "version": known.version + 1,
            "updated_at": datetime.now(UTC),
        }
    )
    saved = store.save_reflection(caller.tenant_id, written)
    audit.record(principal, "change", "reflection", caller.relationship.mentor_id, match_id)
    return saved


def reply_to_reflection(
    principal: Principal,
    match_id: str,
    body: ReflectionReplyWrite,
    store: SessionsRecords,
    *,
    idempotency_key: str | None = None,
) -> Reflection:
    """A trainer writes back under a reflection the mentor shares (and only while it is shared: a
    reflection kept private is, to a trainer, not there). With an Idempotency-Key, a retry finds the
    reply the first request wrote and adds none."""
    if not _as_trainer(principal):
        # Members and managers are told it is the trainers' to do (the mentor writes the reflection itself).
        caller_in(principal, match_id, store)
        raise Forbidden("Only the programme's trainers write back to a reflection.", rule="trainers_reply")
    shared = read_reflection(principal, match_id, store)
    keyed = keyed_id("rpl", principal, idempotency_key)
    if keyed and (earlier := next((r for r in shared.replies if r.reply_id == keyed), None)):
        same_again(
            (earlier.trainer_id, earlier.text) == (principal.person_id or principal.user_id, body.text)
        )
        return shared
    reply = TrainerReply(
        reply_id=keyed or f"rpl_{uuid.uuid4().hex[:16]}",
        trainer_id=principal.person_id or principal.user_id,
        text=body.text,
        on_version=shared.version,
        written_at=datetime.now(UTC),
    )
    saved = store.save_reflection(
        principal.require_tenant(), shared.model_copy(update={"replies": [*shared.replies, reply]})
    )
    relationship = store.relationship(principal.require_tenant(), match_id)
    if relationship is not None:
        audit.record(principal, "change", "reflection", relationship.mentor_id, match_id)
    return saved
