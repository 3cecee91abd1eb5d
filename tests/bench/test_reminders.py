"""Reminders' figures (issue 13, "Figures"), printed not asserted: 10,000 one-time schedules created as
notifications creates a reminder (its record in the table, then the schedule), fired by the local
scheduler clock into notifications' queue, and handled there (each checks the state and, its session being
unknown, sends nothing). Time per schedule for each step separately, on moto, in-process."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime, timedelta

import boto3

from infra.local.runtime import LocalRuntime
from shared.events.catalog import SessionReminderDue
from shared.events.envelope import Metadata

SCHEDULES = int(os.environ.get("TANDEM_BENCH_REMINDERS", "10000"))


def _per(seconds: float, count: int) -> str:
    return f"{seconds:.1f} s in all, {seconds / max(count, 1) * 1000:.2f} ms per schedule"


def test_ten_thousand_reminders_created_fired_and_handled(runtime: LocalRuntime) -> None:
    from services.notifications import handlers as events
    from services.notifications.reminders.schedules import arm

    store, scheduler = events.reminders_store(), events.scheduler()
    tenant = f"t_bench_{uuid.uuid4().hex[:6]}"
    now = max(datetime.now(UTC), runtime.clock.now())
    at = now + timedelta(hours=1)
    meta = Metadata(
        event_id="bench",
        event_type="SessionScheduled",
        version=1,
        tenant_id=tenant,
        occurred_at=now,
        correlation_id="bench",
        producer="sessions",
    )

    started = time.perf_counter()
    with runtime.lock:  # moto is shared with the runtime's threads (the clock, the pollers)
        for n in range(SCHEDULES):
            due = SessionReminderDue(
                session_id=f"ses_{n}", match_id=f"mat_{n % 500}", programme_id="prg_bench", starts_at=at
            )
            arm(
                meta,
                store,
                scheduler,
                match_id=due.match_id,
                subject=f"session:{due.session_id}",
                at=at + timedelta(seconds=n % 600),
                data=due,
                now=now,
            )
    created = time.perf_counter() - started

    started = time.perf_counter()
    fired = runtime.advance_clock(timedelta(hours=1, minutes=11) + (now - runtime.clock.now()))
    firing = time.perf_counter() - started
    assert fired >= SCHEDULES

    started = time.perf_counter()
    runtime.wait_until_idle(timeout=1800)
    handled = time.perf_counter() - started
    with runtime.lock:
        left = boto3.client("scheduler").list_schedules()["Schedules"]

    print(f"\nreminders: {SCHEDULES} one-time schedules on moto (the local runtime, in-process)")
    print(f"  create (record + CreateSchedule):       {_per(created, SCHEDULES)}")
    print(f"  fire (the local clock, into the queue): {_per(firing, fired)} ({fired} fired)")
    print(f"  handle (the consumer, state checked):   {_per(handled, SCHEDULES)}")
    records = len(store.reminders(tenant, "mat_0"))
    print(f"  schedules left after firing: {len(left)}; records left (one relationship's): {records}")
