"""Partners' figures (issue 13, "Figures"), printed not asserted but for the floor the issue sets (p95 of
event → receiver under 1 s): 200 events one after another from the bus to a receiver on 127.0.0.1, and
one event fanned out to 50 subscriptions (the time until all 50 have it). On the local runtime: moto's
rule evaluation, the per-subscription queue, the delivery thread's HTTP POST."""

from __future__ import annotations

import statistics
import time
import uuid

import boto3

from infra.local.cloud import BUS
from infra.local.runtime import LocalRuntime
from shared.events.catalog import MatchingRunCompleted
from shared.events.publisher import Publisher
from tests.fakes.receiver import receiver

EVENTS = 200
FAN_OUT = 50


def _completed(run_id: str) -> MatchingRunCompleted:
    """A public event no service consumes: only the partners' delivery is measured."""
    return MatchingRunCompleted(run_id=run_id, programme_id="prg_bench", status="completed")


def _publish(runtime: LocalRuntime, tenant_id: str, run_id: str) -> float:
    publisher = Publisher(boto3.client("events"), BUS)
    start = time.monotonic()
    with runtime.lock:
        publisher.publish_one(tenant_id, _completed(run_id))
    return start


def _subscribe(runtime: LocalRuntime, token: str, endpoint: str) -> str:
    status, body = runtime.request(
        "POST", "/v1/subscriptions", {"event_types": ["MatchingRunCompleted"], "endpoint": endpoint}, token
    )
    assert status == 201, body
    return str(body["subscription_id"])


def _arrived(run_id: str):  # type: ignore[no-untyped-def]
    return lambda e: e["detail"]["data"]["run_id"] == run_id


def test_event_to_receiver_latency_and_fan_out(runtime: LocalRuntime) -> None:
    tenant_id = runtime.seeded["tenant_id"]
    token = runtime.token("manager@demo.tandem.local")
    with receiver() as partner:
        subscription = _subscribe(runtime, token, partner.url)
        latencies = []
        for n in range(EVENTS):
            run_id = f"app_bench_{n}_{uuid.uuid4().hex[:6]}"
            start = _publish(runtime, tenant_id, run_id)
            [got] = partner.wait_for(_arrived(run_id), timeout=5)
            latencies.append(got.at - start)
        runtime.request("DELETE", f"/v1/subscriptions/{subscription}", None, token)
    ordered = sorted(latencies)
    median = statistics.median(ordered)
    p95 = ordered[int(0.95 * len(ordered)) - 1]
    print(
        f"\npartners: event -> receiver over {EVENTS} events: median {median * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"
    )
    assert p95 < 1.0  # the floor

    with receiver() as partner:
        subscriptions = [_subscribe(runtime, token, f"{partner.url}/{n}") for n in range(FAN_OUT)]
        run_id = f"app_fanout_{uuid.uuid4().hex[:6]}"
        start = _publish(runtime, tenant_id, run_id)
        deadline = start + 30
        while len({r.path for r in partner.received}) < FAN_OUT and time.monotonic() < deadline:
            time.sleep(0.005)
        paths = {r.path for r in partner.received}
        last = max(r.at for r in partner.received)
        first = min(r.at for r in partner.received)
        for subscription in subscriptions:
            runtime.request("DELETE", f"/v1/subscriptions/{subscription}", None, token)
    assert len(paths) == FAN_OUT
    print(
        f"partners: one event to {FAN_OUT} subscriptions: the first received after "
        f"{(first - start) * 1000:.1f} ms, all after {(last - start) * 1000:.1f} ms"
    )
