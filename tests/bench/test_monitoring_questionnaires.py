"""Monitoring's questionnaires, figures printed not asserted (issue 12 sets targets for the reports only):
a mentee's list of questionnaires, one questionnaire in their language, and a draft saved, through the
local front in-process (`runtime.front.invoke`: the front, the function and the table on moto; no socket)."""

from __future__ import annotations

import json
import time

from infra.local.runtime import LocalRuntime
from tests.e2e.conftest import Api
from tests.e2e.test_monitoring_questionnaires import signed_relationship

REQUESTS = 60


def _times(
    runtime: LocalRuntime, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[list[float], int, int]:
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        result = runtime.front.invoke(method, path, headers, body)
        times.append(time.perf_counter() - start)
    return sorted(times), result.status, len(result.body)


def test_my_questionnaires_one_questionnaire_and_a_draft(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    rel = signed_relationship(api, "Bench questionnaires")
    token = rel["mentees"][0]["token"]
    mine = api.call("GET", "/v1/me/questionnaires", token).json()["questionnaires"]
    qa = mine[0]["assignment_id"]
    auth = {"Authorization": f"Bearer {token}"}
    draft = json.dumps({"answers": {"needs": "Work that pays", "confidence": 6}}).encode()
    rows = [
        ("GET /v1/me/questionnaires", "GET", "/v1/me/questionnaires", auth, b""),
        ("GET /v1/questionnaires/{id} (initial, 8 questions)", "GET", f"/v1/questionnaires/{qa}", auth, b""),
        ("POST /v1/questionnaires/{id}/responses (a draft)", "POST", f"/v1/questionnaires/{qa}/responses",
         {**auth, "Content-Type": "application/json"}, draft),
    ]  # fmt: skip
    lines = [
        f"\nQuestionnaires through the local front, in-process, {REQUESTS} requests each:",
        f"{'request':<60} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>8}",
    ]
    for label, method, path, headers, body in rows:
        times, status, size = _times(runtime, method, path, headers, body)
        p50 = times[len(times) // 2] * 1000
        p95 = times[int(len(times) * 0.95) - 1] * 1000
        lines.append(f"{label:<60} {status:>6} {p50:>8.1f} {p95:>8.1f} {size:>8}")
        assert status == 200  # a figure of an error would mean nothing
    print("\n".join(lines))
