"""Work plans and the peer board (issue 16, seeds 001 and 002), printed not asserted: a relationship's
year of weekly work plans (52, 8 tasks each) and a programme's board with 200 posts of 3 replies each,
over the API and as pages, through the local front in-process (target p95 <= 100 ms, as sessions')."""

from __future__ import annotations

from infra.local.runtime import LocalRuntime
from tests.bench.test_sessions import _times
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant
from tests.fakes.web import page_request

WEEKS, TASKS, POSTS, REPLIES = 52, 8, 200, 3


def test_a_year_of_work_plans_and_a_busy_board(runtime: LocalRuntime) -> None:
    api = Api(runtime)
    town = api.new_town({**GROUP, "name": "Bench work plans", "mode": "e_mentoring"})
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=3))
    mentee = accept(api, town, applicant("mentee", "Piotr"))
    api.settle()
    match_id = matched(api, town, mentor, mentee)
    api.settle()
    token = api.token(mentor["email"])
    for week in range(1, WEEKS + 1):
        tasks = [{"title": f"Task {n} of week {week}", "done": n % 2 == 0} for n in range(TASKS)]
        put = api.call(
            "PUT", f"/v1/matches/{match_id}/work-plans/2027-W{week:02d}", token, json={"tasks": tasks}
        )
        assert put.status_code == 200, put.text
    board = f"/v1/programmes/{town['programme_id']}/peer-board"
    for n in range(POSTS):
        post = api.call("POST", board, token, json={"title": f"Question {n}", "text": "How do you start?"})
        assert post.status_code == 201, post.text
        for _ in range(REPLIES):
            reply = {"reply_to": post.json()["post_id"], "text": "A tour, then coffee."}
            assert api.call("POST", board, town["manager"], json=reply).status_code == 201

    relationship = f"/app/{town['slug']}/matches/{match_id}/work-plans"
    board_page = f"/app/{town['slug']}/programmes/{town['programme_id']}/peer-board"
    bearer = {"Authorization": f"Bearer {token}"}
    rows = [
        (f"GET /v1/matches/{{id}}/work-plans ({WEEKS} plans)", f"/v1/matches/{match_id}/work-plans", bearer),
        (f"page: work plans ({WEEKS} plans, one week's form)", f"{relationship}?period=2027-W10",
         page_request(relationship, token, {})["headers"]),
        (f"GET /v1/programmes/{{id}}/peer-board ({POSTS} posts x {REPLIES} replies)", board, bearer),
        (f"page: the peer board ({POSTS} posts x {REPLIES} replies)", board_page,
         page_request(board_page, token, {})["headers"]),
    ]  # fmt: skip
    lines = [
        "\nWork plans and the peer board through the local front, in-process:",
        f"{'request':<72} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>8}",
    ]
    for label, path, headers in rows:
        times, status, size = _times(runtime, path, headers)
        p50 = times[len(times) // 2] * 1000
        p95 = times[int(len(times) * 0.95) - 1] * 1000
        lines.append(f"{label:<72} {status:>6} {p50:>8.1f} {p95:>8.1f} {size:>8}")
        assert status == 200  # a figure of an error would mean nothing
    print("\n".join(lines))
