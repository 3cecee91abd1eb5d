"""EventBridge Scheduler on this machine: moto stores schedules but never fires them, so this clock does.

It fires one-time `at(...)` schedules and `rate(...)` schedules when due, delivering the target's Input to
an SQS queue or the event bus as Scheduler would. Tests move time on with `advance()`.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import boto3

_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_UNIT = {"minute": "minutes", "hour": "hours", "day": "days"}


class SchedulerClock:
    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._offset = timedelta()
        self._last_fired: dict[str, datetime] = {}
        self.fired: list[dict[str, Any]] = []
        self.unsupported: set[str] = set()
        self._known: dict[tuple[Any, ...], Any] = {}
        self._sqs: Any = None
        self._queue_urls: dict[str, str] = {}

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> int:
        """Moves local time on and fires what became due; returns how many schedules fired."""
        # Under the lock: a background tick that is still listing thousands of schedules would otherwise
        # see the new time, fire them itself, and leave this call to report none.
        with self._lock:
            self._offset += delta
            return self.tick()

    def tick(self) -> int:
        with self._lock:
            scheduler = boto3.client("scheduler")
            count = 0
            seen: dict[Any, Any] = {}  # what this tick listed: the next one fetches only what is new
            groups = [
                g
                for page in scheduler.get_paginator("list_schedule_groups").paginate()
                for g in page["ScheduleGroups"]
            ]
            for group in groups:
                # Every page (moto gives 50 a page), listed before any is deleted below.
                pages = scheduler.get_paginator("list_schedules").paginate(GroupName=group["Name"])
                for summary in [s for page in pages for s in page["Schedules"]]:
                    schedule: Any = self._details(scheduler, group["Name"], summary, seen)
                    if schedule.get("State", "ENABLED") == "ENABLED" and self._due(schedule):
                        self._fire(schedule)
                        count += 1
                        if schedule.get("ActionAfterCompletion") == "DELETE" and schedule[
                            "ScheduleExpression"
                        ].startswith("at("):
                            scheduler.delete_schedule(Name=schedule["Name"], GroupName=group["Name"])
            self._known = seen
            return count

    def _details(self, scheduler: Any, group: str, summary: Any, seen: dict[Any, Any]) -> Any:
        """The schedule as GetSchedule gives it, fetched again only when changed (a tick lists thousands)."""
        key = (group, summary["Name"], summary.get("CreationDate"), summary.get("LastModificationDate"))
        seen[key] = self._known.get(key) or scheduler.get_schedule(Name=summary["Name"], GroupName=group)
        return seen[key]

    def _due(self, schedule: dict[str, Any]) -> bool:
        key = f"{schedule.get('GroupName', 'default')}/{schedule['Name']}"
        expression = schedule["ScheduleExpression"]
        now = self.now()
        if at := _AT.match(expression):
            zone = ZoneInfo(schedule.get("ScheduleExpressionTimezone") or "UTC")
            when = datetime.fromisoformat(at.group(1)).replace(tzinfo=zone)
            return key not in self._last_fired and when <= now and self._mark(key, now)
        if rate := _RATE.match(expression):
            unit = _UNIT.get(rate.group(2), rate.group(2))
            period = timedelta(**{unit: int(rate.group(1))})
            last = self._last_fired.get(key)
            start = schedule.get("StartDate") or schedule.get("CreationDate") or now
            due_at = (last + period) if last else (start + period)
            return due_at <= now and self._mark(key, now)
        self.unsupported.add(key)  # cron() is not evaluated locally; the list says which were skipped
        return False

    def _mark(self, key: str, when: datetime) -> bool:
        self._last_fired[key] = when
        return True

    def _fire(self, schedule: dict[str, Any]) -> None:
        target = schedule["Target"]
        arn: str = target["Arn"]
        # Scheduler's context attributes, filled in per firing as AWS does (a rate schedule's daily sweep
        # is a new event each time: services/intake/retention/schedule.py).
        payload = (
            target.get("Input", "{}")
            .replace("<aws.scheduler.execution-id>", uuid.uuid4().hex)
            .replace("<aws.scheduler.scheduled-time>", self.now().strftime("%Y-%m-%dT%H:%M:%SZ"))
        )
        if arn.startswith("arn:aws:sqs:"):
            name = arn.rsplit(":", 1)[1]
            # One client and one URL per queue: a tick may fire thousands (a new client costs ~20 ms).
            if name not in self._queue_urls:
                self._sqs = self._sqs or boto3.client("sqs")
                self._queue_urls[name] = self._sqs.get_queue_url(QueueName=name)["QueueUrl"]
            self._sqs.send_message(QueueUrl=self._queue_urls[name], MessageBody=payload)
        elif arn.startswith("arn:aws:events:"):
            params = target.get("EventBridgeParameters", {})
            boto3.client("events").put_events(
                Entries=[
                    {
                        "EventBusName": arn.rsplit("/", 1)[1],
                        "Source": params.get("Source", "tandem.scheduler"),
                        "DetailType": params.get("DetailType", "ScheduleFired"),
                        "Detail": payload,
                    }
                ]
            )
        else:
            raise ValueError(f"schedule {schedule['Name']}: target {arn} is not delivered locally")
        self.fired.append({"name": schedule["Name"], "target": arn, "input": json.loads(payload or "{}")})
