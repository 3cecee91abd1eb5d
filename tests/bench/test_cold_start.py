"""Cold start: how long each Lambda handler module takes to import in a fresh interpreter.

Run:  .venv/bin/python -m pytest tests/bench/test_cold_start.py -s   (also part of `make bench`)

Every handler the manifests declare (api_handler, events_handler, public_api_handler of every service)
is imported with `python -X importtime -c "import <module>"`, three times, in the environment its
function gets in the cloud (dummy values: nothing is called at import). The figure is the module's
cumulative import time from importtime's own report, median of 3, with our modules' bytecode cached (in
a temporary PYTHONPYCACHEPREFIX, written by a first import); the target is 300 ms. Beside it, one import
from source, without any bytecode of ours: what a Lambda cold start pays today, as the asset ships no
.pyc (it would have to be compiled by the runtime's Python version). Time is printed,
never asserted (the machine is shared). What is asserted: each handler imports, the scientific stack
(numpy, scipy) loads only in matching's consumer, and the X-Ray SDK not at all while tracing is off.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from infra.cloud.service import SCHEDULE_GROUP_NAME, SCHEDULE_TARGET_ARN, SCHEDULER_ROLE_ARN
from shared import config
from shared.manifest import ServiceSpec, load_services

ROOT = Path(__file__).resolve().parents[2]
TARGET_MS = 300
RUNS = 3
#: The one function that solves matchings, and so the one that may load numpy and scipy.
SCIENTIFIC = {"services.matching.events"}
HEAVY = ("numpy", "scipy", "aws_xray_sdk")


@dataclass(frozen=True)
class ColdStart:
    module: str
    median_ms: float
    runs_ms: list[float]
    source_ms: float
    heavy: set[str]


def _environment(spec: ServiceSpec) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    env.update(
        {
            config.EVENT_BUS_NAME: "tandem-bus",
            config.USER_POOL_ID: "eu-central-1_example",
            config.USER_POOL_CLIENT_ID: "example",
            config.SENDER_EMAIL: "noreply@example.org",
            config.PUBLIC_BASE_URL: "https://tandem.example.org",
            config.STAGE: "dev",
            SCHEDULE_GROUP_NAME: "tandem",
            SCHEDULER_ROLE_ARN: "arn:aws:iam::123456789012:role/scheduler",
            SCHEDULE_TARGET_ARN: "arn:aws:sqs:eu-central-1:123456789012:queue",
            "AWS_REGION": "eu-central-1",
            "AWS_DEFAULT_REGION": "eu-central-1",
            "POWERTOOLS_SERVICE_NAME": spec.name,
            "POWERTOOLS_TRACE_DISABLED": "true",
            **{t.env_var: f"tandem-{t.logical_name.lower()}" for t in spec.tables},
            **spec.environment,
        }
    )
    return env


def _import_once(module: str, env: dict[str, str]) -> tuple[float, set[str]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    cumulative, loaded = None, set()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, total, name = line.split("|")
        name = name.strip()
        if name in HEAVY:
            loaded.add(name)
        if name == module:
            cumulative = int(total) / 1000
    assert cumulative is not None, f"{module} not in importtime's report"
    return cumulative, loaded


def measure(spec: ServiceSpec, handler: str, cache: str) -> ColdStart:
    module = handler.rpartition(".")[0]
    source, _ = _import_once(module, {**_environment(spec), "PYTHONDONTWRITEBYTECODE": "1"})
    env = {**_environment(spec), "PYTHONPYCACHEPREFIX": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    _import_once(module, env)  # writes the bytecode
    runs = [_import_once(module, env) for _ in range(RUNS)]
    times = [t for t, _ in runs]
    return ColdStart(module, statistics.median(times), times, source, set().union(*(h for _, h in runs)))


def handlers() -> list[tuple[ServiceSpec, str]]:
    return [
        (spec, handler)
        for spec in load_services()
        for handler in (spec.api_handler, spec.events_handler, spec.public_api_handler)
        if handler
    ]


def test_every_handler_imports_quickly_and_only_the_solver_loads_the_scientific_stack() -> None:
    with tempfile.TemporaryDirectory(prefix="tandem-pycache-") as cache:
        results = [measure(spec, handler, cache) for spec, handler in handlers()]
    title = f"cold start: handler import, python -X importtime, median of {RUNS} (target {TARGET_MS} ms)"
    lines = [f"== {title} =="]
    for r in results:
        mark = "ok  " if r.median_ms <= TARGET_MS else "OVER"
        extra = f"  loads {', '.join(sorted(r.heavy))}" if r.heavy else ""
        runs = ", ".join(f"{t:.0f}" for t in r.runs_ms)
        figure = f"{r.median_ms:5.0f} ms  (runs {runs}; from source {r.source_ms:.0f} ms)"
        lines.append(f"  {mark} {r.module:<32} {figure}{extra}")
    print("\n" + "\n".join(lines))

    assert {r.module for r in results if r.heavy & {"numpy", "scipy"}} <= SCIENTIFIC
    assert not [r.module for r in results if "aws_xray_sdk" in r.heavy]
