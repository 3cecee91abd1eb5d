"""The mentor's private self-reflection on a relationship (seed 000; DOMAIN.md, roles): only the mentor
reads and writes it; the municipality's trainers read it only while the mentor shares it. Nothing else
sees it — not the mentees, not the manager — and no event carries its text."""

from __future__ import annotations

from datetime import UTC, datetime

from services.sessions.logic.common import caller_in, still_running
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import Reflection
from services.sessions.schemas import ReflectionWrite
from shared import audit
from shared.auth import Principal, Role
from shared.errors import NotFound

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
