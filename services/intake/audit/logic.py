"""The audit trail: keeping what the services report, and showing a participant's to their manager."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any, Protocol

from services.intake.audit.models import AuditEntryView, AuditPage, ChainProblem, TrailEntry
from services.intake.models import Participant
from shared.auth import Principal, Role
from shared.errors import NotFound, RuleViolation
from shared.events.catalog.audit import PersonalDataAccessed
from shared.events.envelope import Metadata


class TrailPort(Protocol):
    def append(self, tenant_id: str, day: str, drafts: Sequence[dict[str, Any]]) -> list[TrailEntry]: ...
    def of_subjects(
        self, tenant_id: str, subjects: Sequence[str], *, limit: int, before: str | None
    ) -> list[tuple[str, TrailEntry]]: ...
    def of_admin(self, tenant_id: str, *, limit: int, before: str | None) -> list[tuple[str, TrailEntry]]: ...
    def verify_day(self, tenant_id: str, day: str) -> list[ChainProblem]: ...


class ParticipantLookup(Protocol):
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...


def keep(meta: Metadata, data: PersonalDataAccessed, trail: TrailPort) -> list[TrailEntry]:
    """Appends one entry per subject of the event to its municipality's chain of the day."""
    at = meta.occurred_at
    common = {
        "tenant_id": meta.tenant_id,
        "day": at.date().isoformat(),
        "at": at,
        "event_id": meta.event_id,
        "correlation_id": meta.correlation_id,
        "service": data.service,
        "actor_user_id": data.actor_user_id,
        "actor_person_id": data.actor_person_id,
        "actor_role": data.actor_role,
        "action": data.action,
        "kind": data.kind,
    }
    drafts = [
        {**common, "subject_participant_id": r.subject_participant_id, "resource_id": r.resource_id}
        for r in data.records
    ]
    return trail.append(meta.tenant_id, at.date().isoformat(), drafts)


def subject_trail(
    caller: Principal,
    participant_id: str,
    participants: ParticipantLookup,
    trail: TrailPort,
    *,
    limit: int = 50,
    next_token: str | None = None,
) -> AuditPage:
    """Who read or changed a participant's data (and their application's), newest first: the manager's."""
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    participant = participants.participant(tenant_id, participant_id)
    if participant is None:
        raise NotFound("No such participant.")
    subjects = [participant.participant_id, participant.application_id]
    found = trail.of_subjects(tenant_id, subjects, limit=limit + 1, before=_position(next_token))
    return _page(found, limit)


def network_admin_entries(
    caller: Principal, trail: TrailPort, *, limit: int = 50, next_token: str | None = None
) -> AuditPage:
    """What the network admin did in the caller's municipality, newest first: for its managers."""
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    return _page(trail.of_admin(tenant_id, limit=limit + 1, before=_position(next_token)), limit)


#: How shared/auth.Principal.machine names a partner system's app client as the actor.
CLIENT_PREFIX = "client:"


def view(entry: TrailEntry) -> AuditEntryView:
    shown = AuditEntryView.model_validate(entry.model_dump(include=set(AuditEntryView.model_fields)))
    if entry.actor_role == "partner_system" and entry.actor_user_id.startswith(CLIENT_PREFIX):
        shown.partner_client_id = entry.actor_user_id.removeprefix(CLIENT_PREFIX)
    return shown


def _page(found: list[tuple[str, TrailEntry]], limit: int) -> AuditPage:
    shown = found[:limit]
    more = len(found) > limit
    token = base64.urlsafe_b64encode(shown[-1][0].encode()).decode() if more and shown else None
    return AuditPage(items=[view(e) for _, e in shown], next_token=token)


def _position(token: str | None) -> str | None:
    """The sort position a page token names; anything else is the caller's mistake (422)."""
    if not token:
        return None
    try:
        position = base64.b64decode(token.encode("ascii"), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeError, ValueError):
        position = ""
    if "#" not in position or len(position) > 200:
        raise RuleViolation(
            "The page token is not valid for this list.", rule="invalid_page_token", field="next_token"
        )
    return position
