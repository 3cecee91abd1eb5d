"""Foundation figures (issue 2): run with `make bench`; each prints what it measured.

- requests per second of GET /v1/programmes/{id} through the local runtime over HTTP;
- time from PutEvents to the consumer's effect (an e-mail in the outbox);
- cold import time of each handler module (`python -X importtime`).

Figures are printed, not asserted: timing assertions are flaky on a shared 2-core machine.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import boto3

from infra.local.cloud import BUS
from shared.events.publisher import Publisher
from shared.manifest import load_services
from tests.fakes import programme_opened

ROOT = Path(__file__).resolve().parents[2]


def test_get_programme_requests_per_second(runtime):
    token = runtime.token(runtime.seeded["manager"])
    url = f"{runtime.url}/v1/programmes/{runtime.seeded['programme_id']}"
    client = [sys.executable, str(Path(__file__).with_name("http_client.py")), url, token]
    subprocess.run([*client, "50"], check=True, capture_output=True)  # warm up
    for clients, per_client in ((1, 1000), (2, 500), (4, 250)):
        start = time.perf_counter()
        procs = [
            subprocess.Popen([*client, str(per_client)], stdout=subprocess.PIPE, text=True)
            for _ in range(clients)
        ]
        latencies = sorted(x for p in procs for x in json.loads(p.communicate()[0]))
        elapsed = time.perf_counter() - start
        print(
            f"\nGET /v1/programmes/{{id}} over HTTP keep-alive, {clients} client process(es), "
            f"{clients * per_client} requests: {clients * per_client / elapsed:.0f} req/s "
            f"(incl. client start-up); latency median {statistics.median(latencies) * 1000:.1f} ms, "
            f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms"
        )


def test_put_events_to_consumer_effect(runtime):
    publisher = Publisher(boto3.client("events"), BUS)
    tenant_id = runtime.seeded["tenant_id"]
    delays = []
    for n in range(30):
        before = len(runtime.outbox()["emails"])
        event = programme_opened(n, programme_id=f"prg_bench_{n}", name=f"Bench {n}", opened_by="bench")
        start = time.perf_counter()
        with runtime.lock:
            publisher.publish_one(tenant_id, event)
        while len(runtime.outbox()["emails"]) == before:
            if time.perf_counter() - start > 5:
                raise AssertionError("the consumer never mailed the manager")
            time.sleep(0.002)
        delays.append(time.perf_counter() - start)
    delays.sort()
    print(
        f"\nPutEvents -> rule -> SQS -> poller -> consumer -> SES (30 events): median "
        f"{statistics.median(delays) * 1000:.0f} ms, p95 {delays[int(len(delays) * 0.95)] * 1000:.0f} ms, "
        f"max {delays[-1] * 1000:.0f} ms (poller idle sleep {runtime.idle_sleep * 1000:.0f} ms)"
    )


def test_cold_import_time_of_each_handler():
    env = {
        **os.environ,
        "INTAKE_TABLE_NAME": "t",
        "NOTIFICATIONS_TABLE_NAME": "t",
        "EVENT_BUS_NAME": "b",
        "USER_POOL_ID": "p",
        "SENDER_EMAIL": "s@example.org",
        "AWS_DEFAULT_REGION": "eu-central-1",
    }
    # A Lambda's code is imported from compiled bytecode after its first start: compile once, then time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "shared", "services"], cwd=ROOT, env=env, check=True
    )
    handlers = [h for s in load_services() for h in (s.api_handler, s.events_handler) if h]
    print()
    for handler in handlers:
        module = handler.rsplit(".", 1)[0]
        runs = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", f"import {module}"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            line = next(ln for ln in out.stderr.splitlines() if ln.rstrip().endswith(f"| {module}"))
            runs.append(int(line.split("|")[1]) / 1000)
        print(
            f"cold import {module}: median {statistics.median(runs):.0f} ms (of 3 runs: "
            f"{', '.join(f'{r:.0f}' for r in runs)})"
        )
