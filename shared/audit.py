"""The audit trail, as each service writes it: who read or changed whose personal data, in which request.

A route's logic calls `record(...)` where it reads or changes personal data; the entries wait in the
request's trail (opened by shared/http.api_handler) and leave in one PutEvents when the request ends, as
`PersonalDataAccessed` events (ids only). Intake keeps them in a hash chain (services/intake/audit).
Outside a request (consumers, seeds, unit tests of logic) nobody reads on anyone's behalf: nothing is kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from shared.auth import Principal, Role
from shared.config import EVENT_BUS_NAME
from shared.events.catalog.audit import (
    AccessedRecord,
    ActorRole,
    AuditAction,
    DataKind,
    PersonalDataAccessed,
)
from shared.events.envelope import Envelope
from shared.events.publisher import OutgoingEvent, Publisher

#: How many subjects one event carries (a list page of hundreds still leaves in a few entries).
PER_EVENT = 200
#: The role an entry names when an account holds several: the one with the widest view.
_ROLE_ORDER: tuple[tuple[Role, ActorRole], ...] = (
    (Role.ADMIN, "admin"),
    (Role.MANAGER, "manager"),
    (Role.TRAINER, "trainer"),
    (Role.MENTOR, "mentor"),
    (Role.MENTEE, "mentee"),
    (Role.EMPLOYER, "employer"),
)


class EventSink(Protocol):
    def publish(self, events: list[OutgoingEvent]) -> list[Envelope]: ...


@dataclass(frozen=True)
class _Entry:
    tenant_id: str
    principal: Principal
    action: AuditAction
    kind: DataKind
    record: AccessedRecord


@dataclass
class Trail:
    """What one request read and changed, in order."""

    service: str
    entries: list[_Entry] = field(default_factory=list)

    def events(self) -> list[OutgoingEvent]:
        """One event per (tenant, actor, action, kind), each with up to PER_EVENT subjects."""
        groups: dict[tuple[str, str, AuditAction, DataKind], list[_Entry]] = {}
        for e in self.entries:
            groups.setdefault((e.tenant_id, e.principal.user_id, e.action, e.kind), []).append(e)
        out: list[OutgoingEvent] = []
        for (tenant_id, _, action, kind), entries in groups.items():
            who = entries[0].principal
            records = list(dict.fromkeys(e.record for e in entries))  # a page may show one subject twice
            for start in range(0, len(records), PER_EVENT):
                data = PersonalDataAccessed(
                    service=self.service,
                    actor_user_id=who.user_id,
                    actor_person_id=who.person_id,
                    actor_role=role_of(who),
                    action=action,
                    kind=kind,
                    records=records[start : start + PER_EVENT],
                )
                out.append(OutgoingEvent(tenant_id, data))
        return out


_current: ContextVar[Trail | None] = ContextVar("audit_trail", default=None)


def role_of(principal: Principal) -> ActorRole:
    if principal.is_machine:
        return "partner_system"  # a partner's app client: no person, no role, its client id as the actor
    return next((name for role, name in _ROLE_ORDER if role in principal.roles), "none")


def record(
    principal: Principal,
    action: AuditAction,
    kind: DataKind,
    subject_participant_id: str,
    resource_id: str,
    *,
    tenant_id: str | None = None,
) -> None:
    """Notes one read or change of one subject's data; `tenant_id` for the network admin, who has none."""
    record_many(principal, action, kind, [(subject_participant_id, resource_id)], tenant_id=tenant_id)


def record_many(
    principal: Principal,
    action: AuditAction,
    kind: DataKind,
    subjects: Iterable[tuple[str, str]],
    *,
    tenant_id: str | None = None,
) -> None:
    """Notes a page that shows many subjects: one entry per (subject participant id, resource id)."""
    trail = _current.get()
    tenant = tenant_id or principal.tenant_id
    if trail is None or tenant is None:
        return
    for subject, resource in subjects:
        entry = AccessedRecord(subject_participant_id=subject, resource_id=resource)
        trail.entries.append(_Entry(tenant, principal, action, kind, entry))


@contextmanager
def request_trail(service: str, sink: EventSink | None = None) -> Iterator[Trail]:
    """Opens the trail of one request and sends what it holds when the request ends (also on an error:
    what was read before the error was read)."""
    trail = Trail(service)
    token = _current.set(trail)
    try:
        yield trail
    finally:
        _current.reset(token)
        events = trail.events()
        if events:
            (sink or default_sink()).publish(events)


def default_sink() -> EventSink:
    return _publisher(os.environ[EVENT_BUS_NAME])


@cache
def _publisher(bus_name: str) -> Publisher:
    import boto3  # only when a request read personal data

    return Publisher(boto3.client("events"), bus_name)
