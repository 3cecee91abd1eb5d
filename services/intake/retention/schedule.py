"""The daily sweep's schedule: one `rate(1 day)` schedule in intake's group, made when a municipality
joins (made once; later calls find it). Each firing is its own event: EventBridge Scheduler fills in the
execution id and the scheduled time (context attributes), so the consumer's claim on the event id lets
every day's sweep through and the sweep's `now` is the schedule's time (infra/local/clock.py does the same).
"""

from __future__ import annotations

import json
from typing import Any

from shared.events.catalog import RetentionSweepDue

NAME = "retention-sweep"
EXECUTION_ID = "<aws.scheduler.execution-id>"
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"


def sweep_message(target_arn: str) -> dict[str, Any]:
    """What the queue receives, shaped as the bus would deliver it (the placeholders filled per firing)."""
    return {
        "version": "0",
        "id": EXECUTION_ID,
        "detail-type": RetentionSweepDue.event_type(),
        "source": "tandem.intake",
        "account": target_arn.split(":")[4],
        "time": SCHEDULED_TIME,
        "region": target_arn.split(":")[3],
        "resources": [],
        "detail": {
            "metadata": {
                "event_id": f"{NAME}-{EXECUTION_ID}",
                "event_type": RetentionSweepDue.event_type(),
                "version": RetentionSweepDue.version,
                "tenant_id": "NETWORK",
                "occurred_at": SCHEDULED_TIME,
                "correlation_id": f"{NAME}-{EXECUTION_ID}",
                "producer": "intake",
                "visibility": "internal",
            },
            "data": {},
        },
    }


def ensure_daily_sweep(client: Any, *, group: str, role_arn: str, target_arn: str) -> None:
    if not group:
        return  # no scheduler wired (unit tests of other parts): nothing to plan
    try:
        client.create_schedule(
            Name=NAME,
            GroupName=group,
            ScheduleExpression="rate(1 day)",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={"Arn": target_arn, "RoleArn": role_arn, "Input": json.dumps(sweep_message(target_arn))},
        )
    except client.exceptions.ConflictException:
        return
