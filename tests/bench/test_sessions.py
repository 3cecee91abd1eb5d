"""Sessions' figures (issue 11, "Figures"), printed not asserted: `GET /v1/matches/{id}/sessions` and the
relationship's pages (its plan and its agreement) with 40 sessions (target p95 <= 100 ms), and the private
calendar feed of a person in three relationships (target <= 50 ms), through the local front in-process
(`runtime.front.invoke`: the front, the function and the table on moto; no socket)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from infra.local.runtime import LocalRuntime
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant
from tests.fakes.web import page_request

REQUESTS = 60
#: The relationship measured has 40 sessions; the mentor's two others a programme's worth (fortnightly).
SESSIONS = (40, 13, 13)


def _plan(api: Api, mentor: str, match_id: str, count: int) -> None:
    start = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=1)
    for n in range(count):
        body = {
            "starts_at": (start + timedelta(days=3 * n)).isoformat(),
            "duration_minutes": 60,
            "topic": f"Session {n + 1}",
            "mode": "online",
        }
        planned = api.call("POST", f"/v1/matches/{match_id}/sessions", mentor, json=body)
        assert planned.status_code == 201, planned.text


def _times(runtime: LocalRuntime, path: str, headers: dict[str, str]) -> tuple[list[float], int, int]:
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        result = runtime.front.invoke("GET", path, headers, b"")
        times.append(time.perf_counter() - start)
    return sorted(times), result.status, len(result.body)


def test_sessions_list_and_calendar_feed(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    town = api.new_town({**GROUP, "name": "Bench", "mode": "e_mentoring"})
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=3))
    mentees = [accept(api, town, applicant("mentee", name)) for name in ("Piotr", "Rosa", "Sven")]
    api.settle()
    # A group programme: one mentor in three relationships of one mentee each.
    matches = [matched(api, town, mentor, mentee) for mentee in mentees]
    api.settle()
    token = api.token(mentor["email"])
    for match_id, count in zip(matches, SESSIONS, strict=True):
        _plan(api, token, match_id, count)
    feed = api.call("POST", "/v1/me/calendar-feed", token)
    assert feed.status_code == 201, feed.text
    api.settle()

    agreement = {"starts_on": "2027-02-01", "ends_on": "2027-07-31", "communication_rules": "Two days."}
    written = api.call("PUT", f"/v1/matches/{matches[0]}/agreement", token, json=agreement)
    assert written.status_code == 200, written.text
    relationship = f"/app/{town['slug']}/matches/{matches[0]}"
    as_page = page_request(relationship, token, {})["headers"]  # the token as the session cookie

    rows = [
        (f"GET /v1/matches/{{id}}/sessions ({SESSIONS[0]} sessions)", f"/v1/matches/{matches[0]}/sessions",
         {"Authorization": f"Bearer {token}"}, 100),
        (f"page: the relationship's plan ({SESSIONS[0]} sessions)", f"{relationship}/sessions", as_page, 100),
        ("page: the relationship's agreement", f"{relationship}/agreement", as_page, 100),
        (f"GET /v1/public/calendars/<secret>.ics (3 relationships, {sum(SESSIONS)} sessions)",
         urlsplit(feed.json()["url"]).path, {}, 50),
    ]  # fmt: skip
    lines = [
        f"\nSessions through the local front, in-process, {REQUESTS} requests each:",
        f"{'request':<72} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'target':>7} {'bytes':>8}",
    ]
    for label, path, headers, target in rows:
        times, status, size = _times(runtime, path, headers)
        p50 = times[len(times) // 2] * 1000
        p95 = times[int(len(times) * 0.95) - 1] * 1000
        lines.append(f"{label:<72} {status:>6} {p50:>8.1f} {p95:>8.1f} {target:>7} {size:>8}")
        assert status == 200  # a figure of an error would mean nothing
    print("\n".join(lines))
