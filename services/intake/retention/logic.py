"""A municipality's retention periods (its managers set them within bounds) and the daily sweep that asks
for the erasure of what is past its time and counts it. Plain Python over the ports below."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from services.intake.consents.logic import ErasureRequests
from services.intake.models import Participant, Programme, Tenant
from services.intake.retention.rules import RETENTION_BOUNDS, RetentionPeriods, participants_due
from services.intake.retention.schemas import RetentionView, RetentionWrite
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.events.catalog import RetentionSwept
from shared.events.publisher import Publisher


class RetentionPort(Protocol):
    def retention(self, tenant_id: str) -> RetentionPeriods: ...
    def save_retention(self, tenant_id: str, periods: RetentionPeriods) -> RetentionPeriods: ...


class SweepPort(RetentionPort, Protocol):
    def tenants(self) -> list[Tenant]: ...
    def programmes(self, tenant_id: str) -> list[Programme]: ...
    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]: ...
    def erasure_requested(self, tenant_id: str, participant_id: str) -> bool: ...
    def delete_expired_rejections(self, tenant_id: str, now: datetime) -> int: ...


def _own_municipality(caller: Principal, tenant_id: str) -> str:
    caller.require(Role.MANAGER)
    if caller.require_tenant() != tenant_id:
        raise NotFound("No such municipality.")
    return tenant_id


def _view(periods: RetentionPeriods) -> RetentionView:
    return RetentionView(
        **periods.model_dump(exclude={"version"}),
        bounds={name: [low, high] for name, (_, low, high) in RETENTION_BOUNDS.items()},
    )


def read_retention(caller: Principal, tenant_id: str, store: RetentionPort) -> RetentionView:
    return _view(store.retention(_own_municipality(caller, tenant_id)))


def set_retention(
    caller: Principal, tenant_id: str, body: RetentionWrite, store: RetentionPort
) -> RetentionView:
    """New periods apply to what is decided or swept from now on (a rejection gets its TTL when decided)."""
    tenant_id = _own_municipality(caller, tenant_id)
    current = store.retention(tenant_id)
    changed = current.model_copy(update=body.model_dump())
    return _view(store.save_retention(tenant_id, changed))


def sweep(
    day: date, now: datetime, store: SweepPort, erasure: ErasureRequests, publisher: Publisher
) -> dict[str, dict[str, int]]:
    """Every municipality: the participants of programmes ended longer ago than its period have their
    erasure requested (once), and rejected applications past their time are deleted now (the table's TTL
    may take days). A municipality where something was done gets a `RetentionSwept` with the counts."""
    done: dict[str, dict[str, int]] = {}
    for tenant in store.tenants():
        tenant_id = tenant.tenant_id
        periods = store.retention(tenant_id)
        due = participants_due(
            store.programmes(tenant_id),
            store.participants(tenant_id, programme_id=None, role=None),
            periods,
            now,
        )
        fresh = [p for p in due if not store.erasure_requested(tenant_id, p.participant_id)]
        for participant in fresh:
            erasure.request_erasure(tenant_id, participant.participant_id, "retention_period_ended")
        counts = {
            "programme_participants": len(fresh),
            "rejected_applications": store.delete_expired_rejections(tenant_id, now),
        }
        if any(counts.values()):
            # After the sweep's many separate deletes (no one transaction holds them): published on its own.
            publisher.publish_one(tenant_id, RetentionSwept(day=day, counts=counts))
            done[tenant_id] = counts
    return done
