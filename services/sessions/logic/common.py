"""Who may do what in a relationship, and what every use case shares (ids, events, the closed rule)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import MemberRole, Plan, Relationship, Session
from shared.auth import Principal, Role
from shared.errors import Forbidden, NotFound, RuleViolation
from shared.idempotency import HEADER, checked_key

#: Who can reach a relationship at all: its members and the municipality's managers.
RELATIONSHIP_ROLES = (Role.MANAGER, Role.MENTOR, Role.MENTEE)
_MISSING = "No such relationship."


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


def keyed_id(prefix: str, principal: Principal, idempotency_key: str | None) -> str | None:
    """The id of what a POST adds, made from its writer and Idempotency-Key (None without a key): a
    retried request names the same post or reply, finds it there, and adds nothing."""
    key = checked_key(idempotency_key)
    if key is None:
        return None
    digest = hashlib.sha256(f"{principal.user_id}#{key}".encode()).hexdigest()[:20]
    return f"{prefix}_{digest}"


def same_again(written: bool) -> None:
    """What a repeated key finds: the same writing is answered again; other words are a 422."""
    if not written:
        raise RuleViolation(
            f"This {HEADER} was used with a different request.", rule="idempotency_key_reused", field=HEADER
        )


@dataclass(frozen=True)
class Caller:
    """The caller inside one relationship: a member (with their participant id) or a manager."""

    relationship: Relationship
    participant_id: str | None
    role: MemberRole | None
    manager: bool

    @property
    def tenant_id(self) -> str:
        return self.relationship.tenant_id

    def require(self, *allowed: str, rule: str = "not_allowed_in_relationship") -> None:
        """403 unless the caller acts here as one of `allowed` ("mentor", "mentee", "manager")."""
        as_member = self.role is not None and self.role in allowed
        if not (as_member or (self.manager and "manager" in allowed)):
            raise Forbidden("Your part in this relationship does not allow this.", rule=rule)


def caller_in(principal: Principal, match_id: str, store: SessionsRecords) -> Caller:
    """The caller in the relationship; 403 for a role that never reaches one (a trainer, the network
    admin), 404 if it does not exist, is another municipality's, or the caller is neither a member nor a
    manager (no hint it exists)."""
    principal.require(*RELATIONSHIP_ROLES)
    tenant_id = principal.require_tenant()
    relationship = store.relationship(tenant_id, match_id)
    if relationship is None:
        raise NotFound(_MISSING)
    participant_id = relationship.participant_of(principal.person_id)
    # A person's roles come from their token; a member acts as what they are in this relationship.
    manager = principal.has(Role.MANAGER)
    if participant_id is None and not manager:
        raise NotFound(_MISSING)
    role = relationship.role_of(participant_id) if participant_id is not None else None
    return Caller(relationship, participant_id, role, manager)


def session_caller(
    principal: Principal, session_id: str, store: SessionsRecords
) -> tuple[Caller, Plan, Session]:
    """The caller in the relationship of a session, its plan and the session (404 as `caller_in`)."""
    principal.require(*RELATIONSHIP_ROLES)
    tenant_id = principal.require_tenant()
    match_id = store.match_of_session(tenant_id, session_id)
    if match_id is None:
        raise NotFound("No such session.")
    caller = caller_in(principal, match_id, store)
    plan = store.plan(tenant_id, match_id)
    session = plan.session(session_id)
    if session is None:
        raise NotFound("No such session.")
    return caller, plan, session


def still_running(relationship: Relationship) -> None:
    """Nothing is written in a closed relationship (ended early or completed); everything stays readable."""
    if relationship.status != "active":
        raise RuleViolation(
            "The relationship is closed: it can be read, not changed.", rule="relationship_closed"
        )
