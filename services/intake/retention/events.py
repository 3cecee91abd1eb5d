"""The retention part's handlers: a municipality joining makes sure the daily sweep is scheduled; the
sweep, when it fires, runs over every municipality."""

from __future__ import annotations

from functools import cache

from services.intake.consents.erasure import RecordedErasureRequests, erasure_starter
from services.intake.deps import publisher, store
from services.intake.retention import logic
from services.intake.retention.schedule import ensure_daily_sweep
from services.intake.settings import settings
from shared.events.catalog import RetentionSweepDue, TenantCreated
from shared.events.envelope import Metadata


@cache
def _scheduler() -> object:
    import boto3  # on first use, not in every cold start

    return boto3.client("scheduler")


def on_tenant_created(meta: Metadata, data: TenantCreated) -> None:
    ensure_daily_sweep(
        _scheduler(),
        group=settings.schedule_group_name,
        role_arn=settings.scheduler_role_arn,
        target_arn=settings.schedule_target_arn,
    )


def on_sweep_due(meta: Metadata, data: RetentionSweepDue) -> None:
    now = meta.occurred_at
    # The sweep's own time, so erasure records say when the schedule (or the local clock) said it was.
    erasure = RecordedErasureRequests(store(), publisher(), lambda: now, erasure_starter(None))
    logic.sweep(now.date(), now, store(), erasure, publisher())
