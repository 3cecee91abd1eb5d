"""One-time messages to a service's own queue, through EventBridge Scheduler (reminders, digests, a
relationship's midpoint): any service with `uses_scheduler` in its manifest.

Locally, moto keeps the schedules and `infra/local/clock.py` fires them when due; in the cloud the
service's schedule group, role and queue come from the `uses_scheduler` wiring (infra/cloud/service.py).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from shared.events.envelope import Envelope, EventData, Metadata


class EventBridgeScheduler:
    def __init__(self, client: Any, *, group: str, role_arn: str, target_arn: str, producer: str) -> None:
        self._client = client
        self._group = group
        self._role_arn = role_arn
        self._target_arn = target_arn
        self._producer = producer

    def send_at(self, name: str, at: datetime, tenant_id: str, data: EventData, correlation_id: str) -> None:
        """Delivers `data` to the queue at `at`, shaped as the bus would (its consumer reads it alike).

        The name is the message's identity: a second call with it (a retried event, a concurrent one)
        finds the schedule made and changes nothing.
        """
        metadata = Metadata(
            event_id=name,
            event_type=data.event_type(),
            version=data.version,
            tenant_id=tenant_id,
            occurred_at=at,
            correlation_id=correlation_id,
            producer=self._producer,
            visibility=data.visibility,
        )
        envelope = Envelope(metadata=metadata, data=data.model_dump(mode="json"))
        message = {
            "version": "0",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
            "detail-type": data.event_type(),
            "source": f"tandem.{self._producer}",
            "account": self._target_arn.split(":")[4],
            "time": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": self._target_arn.split(":")[3],
            "resources": [],
            "detail": envelope.model_dump(mode="json"),
        }
        try:
            self._client.create_schedule(
                Name=name,
                GroupName=self._group,
                ScheduleExpression=f"at({at.astimezone(UTC):%Y-%m-%dT%H:%M:%S})",
                ScheduleExpressionTimezone="UTC",
                FlexibleTimeWindow={"Mode": "OFF"},
                ActionAfterCompletion="DELETE",
                Target={"Arn": self._target_arn, "RoleArn": self._role_arn, "Input": json.dumps(message)},
            )
        except self._client.exceptions.ConflictException:
            return  # made already, by a concurrent or an earlier delivery of the same event

    def cancel(self, name: str) -> None:
        """Deletes a schedule that is no longer wanted (a session moved or cancelled, a questionnaire
        submitted). One that fired already (and deleted itself) or never existed is fine: nothing to do."""
        try:
            self._client.delete_schedule(Name=name, GroupName=self._group)
        except self._client.exceptions.ResourceNotFoundException:
            return
