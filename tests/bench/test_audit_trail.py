"""The audit trail's figures on moto, printed not asserted: what one request's read costs to chain (one
subject; a list page of 100), and checking a day's chain of 500 entries."""

from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Iterator
from typing import Any

import pytest

from services.intake.audit import logic
from tests.fakes.modules import imported_afresh
from tests.integration.intake.test_audit_chain import DAY, event


@pytest.fixture
def trail() -> Iterator[Any]:
    from infra.local import cloud as local_cloud

    manifest = importlib.import_module("services.intake.manifest")
    cloud = local_cloud.start([manifest.SERVICE], "http://localhost")
    try:
        with imported_afresh("services.intake.audit.store") as store:
            yield store.TrailStore()
    finally:
        cloud.stop()


def _ms(fn: Any, rounds: int) -> tuple[float, float]:
    times = []
    for n in range(rounds):
        start = time.perf_counter()
        fn(n)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def test_print_the_cost_of_chaining_and_checking_the_trail(trail):
    one = _ms(lambda n: logic.keep(*event([f"par_{n}"], n=n), trail), 400)
    page = _ms(lambda n: logic.keep(*event([f"par_{n}_{k}" for k in range(100)], n=n), trail), 10)
    start = time.perf_counter()
    problems = trail.verify_day("t_1", DAY)
    check = (time.perf_counter() - start) * 1000
    assert problems == []
    print()
    print(f"audit trail, one subject chained (moto): median {one[0]:.1f} ms, p95 {one[1]:.1f} ms")
    print(f"audit trail, a list page of 100 subjects chained: median {page[0]:.1f} ms, p95 {page[1]:.1f} ms")
    print(f"audit trail, checking a day of {400 + 10 * 100} entries: {check:.0f} ms")
