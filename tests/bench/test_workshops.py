"""Impulse workshops' figures (issue 16, seed 000), printed not asserted: a programme with 40 workshops
(half for mentors), read by the manager (`GET /v1/programmes/{id}/workshops`), by a mentor (their audience's,
which also looks up their participation), and a mentor's page of upcoming workshops; and signing up and
withdrawing (a versioned write of the workshop's document). Through the local front in-process."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from infra.local.runtime import LocalRuntime
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant
from tests.fakes.web import page_request

REQUESTS = 40
WORKSHOPS = 40


def _ms(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return ordered[len(ordered) // 2] * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def test_workshops_lists_pages_and_sign_ups(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    town = api.new_town({**GROUP, "name": "Workshops bench"})
    mentor = accept(api, town, applicant("mentor", "Olga"))
    api.settle()
    token = api.token(mentor["email"])
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    path = f"/v1/programmes/{town['programme_id']}/workshops"
    ids = []
    for n in range(WORKSHOPS):
        at = start + timedelta(days=n)
        body = {
            "title": f"Workshop {n}",
            "audience": "mentors" if n % 2 == 0 else "mentees",
            "starts_at": at.isoformat(),
            "ends_at": (at + timedelta(hours=2)).isoformat(),
            "online": True,
        }
        made = api.call("POST", path, town["manager"], json=body)
        assert made.status_code == 201, made.text
        ids.append(made.json()["workshop_id"])
    manager = {"Authorization": f"Bearer {town['manager']}"}
    by_mentor = {"Authorization": f"Bearer {token}"}
    mine = f"/app/{town['slug']}/workshops"
    rows = [
        (f"GET /v1/programmes/{{id}}/workshops (manager, {WORKSHOPS} workshops)", "GET", path, manager),
        (f"GET /v1/programmes/{{id}}/workshops (mentor, {WORKSHOPS // 2} of them)", "GET", path, by_mentor),
        ("page: my workshops (mentor)", "GET", mine, page_request(mine, token, {})["headers"]),
        ("PUT /v1/workshops/{id}/sign-up", "PUT", f"/v1/workshops/{ids[0]}/sign-up", by_mentor),
        ("DELETE /v1/workshops/{id}/sign-up", "DELETE", f"/v1/workshops/{ids[0]}/sign-up", by_mentor),
    ]  # fmt: skip
    lines = [
        f"\nWorkshops through the local front, in-process, {REQUESTS} requests each:",
        f"{'request':<66} {'status':>6} {'p50 ms':>8} {'p95 ms':>8}",
    ]
    for label, method, target, headers in rows:
        times, status = [], 0
        for _ in range(REQUESTS):
            began = time.perf_counter()
            status = runtime.front.invoke(method, target, headers, b"").status
            times.append(time.perf_counter() - began)
        assert status == 200  # a figure of an error would mean nothing
        p50, p95 = _ms(times)
        lines.append(f"{label:<66} {status:>6} {p50:>8.1f} {p95:>8.1f}")
    print("\n".join(lines))
