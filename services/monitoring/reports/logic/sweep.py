"""The daily sweep of a municipality's relationships for the risks that come with time alone (no session,
no diary, a questionnaire overdue): those raise no event of their own, so a silent relationship would
never be flagged if only its own events were looked at.

The sweep runs once a day per municipality, claimed first (a second consumer at once, or a retry, does
not sweep it again), on whichever comes first: the municipality's first event of the day, or the daily
`RiskSweepDue` schedule (EventBridge Scheduler in the cloud, the local clock here). Each claim schedules the
next day's before it is saved, so the chain never breaks while relationships run; a municipality with none
running is not scheduled (its next event, a match, starts the chain again).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol

from services.monitoring.reports.logic import risks
from services.monitoring.reports.logic.change import Change, load
from services.monitoring.reports.models import (
    RISK_SWEEP_KEY,
    RelationshipRow,
    RiskSweep,
    Summary,
    summary_key,
)
from shared.errors import Conflict
from shared.events.catalog import RiskSweepDue
from shared.events.envelope import EventData

if TYPE_CHECKING:
    from services.monitoring.reports.logic.projection import Projector

#: When the day's sweep fires (UTC): before the morning anywhere in Europe, so the managers' risk mail
#: of the morning already knows the night's quiet relationships.
SWEEP_AT = time(2, 0)
DEFAULT_CADENCE_DAYS = 14


class Scheduler(Protocol):
    def send_at(
        self, name: str, at: datetime, tenant_id: str, data: EventData, correlation_id: str
    ) -> None: ...


def schedule_name(tenant_id: str, day: date) -> str:
    """One schedule per municipality and day (its name is its identity: arming twice changes nothing).
    EventBridge Scheduler names are ≤ 64 characters of [0-9a-zA-Z-_.]."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in tenant_id)[:40]
    return f"risk-sweep-{safe}-{day:%Y%m%d}"


def arm_next(scheduler: Scheduler | None, tenant_id: str, today: date) -> None:
    if scheduler is None:
        return
    day = today + timedelta(days=1)
    at = datetime.combine(day, SWEEP_AT, tzinfo=UTC)
    scheduler.send_at(schedule_name(tenant_id, day), at, tenant_id, RiskSweepDue(day=day), "risk-sweep")


def sweep(projector: Projector, tenant_id: str, today: date) -> None:
    claim = Change(projector.store, tenant_id)
    done = claim.get_or(RiskSweep, RISK_SWEEP_KEY, swept_on=today - timedelta(days=1))
    if done.swept_on >= today:
        return
    done.swept_on = today
    running = [
        relationship
        for stored in projector.store.query(tenant_id, "report#relationship#")
        if (relationship := RelationshipRow.model_validate(stored.document)).status == "active"
    ]
    if running:  # a municipality with nothing running needs no sweep until its next event
        arm_next(projector.scheduler, tenant_id, today)
    try:
        claim.commit()
    except Conflict:
        return  # another delivery claimed the day a moment ago
    cadence: dict[str, int] = {}
    for relationship in running:
        if relationship.programme_id not in cadence:
            summary = load(projector.store, tenant_id, Summary, summary_key(relationship.programme_id))
            cadence[relationship.programme_id] = summary.cadence_days if summary else DEFAULT_CADENCE_DAYS
        current = risks.reasons(relationship, cadence[relationship.programme_id], today)
        if set(current) != set(relationship.flagged):  # raised, or passed with time
            change = Change(projector.store, tenant_id)
            change.get(RelationshipRow, relationship.key())
            projector.finish(change, today, cadence[relationship.programme_id])
