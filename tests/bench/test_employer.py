"""The employer's view (issue 16, seed 002), printed not asserted: a year of fortnightly sessions (26 held,
the mentee at every other one) and two mid-term reviews behind one mentee's progress, over the API and as
the page, through the local front in-process (target p95 <= 100 ms, as sessions')."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from infra.local.runtime import LocalRuntime
from tests.bench.test_sessions import _times
from tests.e2e.conftest import Api
from tests.e2e.test_employer import consent, employer_account, link
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant
from tests.fakes.web import page_request

SESSIONS = 26


def test_a_years_progress_for_the_employer(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    town = api.new_town({**GROUP, "name": "Bench employer", "kind": "pair"})
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=1))
    mentee = accept(api, town, applicant("mentee", "Piotr"))
    api.settle()
    match_id = matched(api, town, mentor, mentee)
    api.settle()
    mentor_token, mentee_token = api.token(mentor["email"]), api.token(mentee["email"])
    consent(api, mentee_token, True)
    employer = employer_account(api, town["manager"])
    assert link(api, town["manager"], mentee["participant_id"], employer["user_id"]).status_code == 201
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=14 * SESSIONS)
    for n in range(SESSIONS):
        body = {"starts_at": (start + timedelta(days=14 * n)).isoformat(), "duration_minutes": 60,
                "topic": f"Week {n}", "mode": "in_person"}  # fmt: skip
        planned = api.call("POST", f"/v1/matches/{match_id}/sessions", mentor_token, json=body)
        assert planned.status_code == 201, planned.text
        present = [mentee["participant_id"]] if n % 2 == 0 else []
        path = f"/v1/sessions/{planned.json()['session_id']}/attendance"
        assert api.call("POST", path, mentor_token, json={"present": present}).status_code == 200
    goals = {"goals": [{"title": f"Skill {n}"} for n in range(10)]}
    path = f"/v1/employer/mentees/{mentee['participant_id']}/goals"
    assert api.call("PUT", path, employer["token"], json=goals).status_code == 200
    review = {
        "mentees": [
            {"mentee_id": mentee["participant_id"], "rating_start": 5, "rating_now": 7, "next_steps": "x"}
        ],
        "topics_until_end": "x",
        "comments": {"mentees": "x", "mentor": "x", "manager": "x"},
    }
    path = f"/v1/matches/{match_id}/midterm-review"
    reviewed = api.call("POST", path, town["manager"], json=review, headers={"Idempotency-Key": "bench"})
    assert reviewed.status_code == 201, reviewed.text
    api.settle()

    progress = f"/v1/employer/mentees/{mentee['participant_id']}/progress"
    page = f"/app/{town['slug']}/employer/mentees/{mentee['participant_id']}"
    mentees_page = f"/app/{town['slug']}/employer"
    bearer = {"Authorization": f"Bearer {employer['token']}"}
    rows = [
        (f"GET /v1/employer/mentees/{{id}}/progress ({SESSIONS} sessions, 10 goals)", progress, bearer),
        (f"page: the mentee's progress ({SESSIONS} sessions, 10 goals)", page,
         page_request(page, employer["token"], {})["headers"]),
        ("GET /v1/employer/mentees (1 mentee)", "/v1/employer/mentees", bearer),
        ("page: the employer's mentees", mentees_page,
         page_request(mentees_page, employer["token"], {})["headers"]),
    ]  # fmt: skip
    lines = [
        "\nThe employer's view through the local front, in-process:",
        f"{'request':<72} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>8}",
    ]
    for label, path, headers in rows:
        times, status, size = _times(runtime, path, headers)
        p50 = times[len(times) // 2] * 1000
        p95 = times[int(len(times) * 0.95) - 1] * 1000
        lines.append(f"{label:<72} {status:>6} {p50:>8.1f} {p95:>8.1f} {size:>8}")
        assert status == 200  # a figure of an error would mean nothing
    print("\n".join(lines))
