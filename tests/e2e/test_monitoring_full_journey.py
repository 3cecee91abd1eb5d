"""Issue 12's journey across both halves, on a runtime of its own (a second process: the days it moves
its clock on move nobody else's). A signed agreement gives each mentee the initial questionnaire; they
answer it (the baseline); the relationship's midpoint gives the mid-term one; the manager records the
mid-term review (per goal, for the goals a mentee wrote; a rating that fell puts the relationship at
risk: the dashboard counts it) and the final review (closing it: the count goes back to 0); the mentees
answer the final questionnaire; the report, as JSON and as the page, shows the change from the start to
the end. POSTs repeated with their Idempotency-Key get the first answer. The dashboard with its count
passes axe-core in en/de/pl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from shared.manifest import is_web_path
from tests.e2e.browser import check_axe, chromium, desktop, screenshot, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_local_runtime_process import free_port
from tests.e2e.test_monitoring_questionnaires import INITIAL, mine, of_kind, respond, signed_relationship
from tests.fakes.web import page_request

ROOT = Path(__file__).resolve().parents[2]
FINAL = {
    "needs_met": "I found a job",
    "confidence": 9,
    "succeeded": "Interviews",
}


class OwnRuntimeApi(Api):
    """`Api` over a runtime in another process: settling and the clock through /local/clock."""

    def __init__(self, url: str) -> None:
        super().__init__(SimpleNamespace(url=url))  # type: ignore[arg-type]

    def token(self, email: str) -> str:
        r = self.http.post(f"{self.url}/local/token", json={"email": email}, timeout=60)
        r.raise_for_status()
        return str(r.json()["id_token"])

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> requests.Response:
        # As Api.call, with more patience: this runtime's process shares 2 cores with the suite's.
        if is_web_path(path.split("?", 1)[0]):
            return self.http.request(method, f"{self.url}{path}", timeout=60, **page_request(path, token, kw))
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, f"{self.url}{path}", headers=headers, timeout=60, **kw)

    def settle(self) -> None:
        self.advance(days=0)

    def advance(self, days: float) -> int:
        r = self.http.post(f"{self.url}/local/clock", json={"days": days}, timeout=90)
        assert r.status_code == 200, r.text
        return int(r.json()["fired"])


@pytest.fixture(scope="module")
def own() -> Iterator[OwnRuntimeApi]:
    port = free_port()
    env = {**os.environ, "PORT": str(port), "TANDEM_SEED": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "infra.local"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Press Ctrl-C" in line:
                break
        api = OwnRuntimeApi(f"http://127.0.0.1:{port}")
        # Every service's routes imported once, with time to spare (the test calls allow 10 s each).
        requests.get(f"{api.url}/openapi.json", timeout=180).raise_for_status()
        yield api
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def rel(own: OwnRuntimeApi) -> dict[str, Any]:
    return signed_relationship(own, "Full journey")


def post(api: Api, path: str, token: str, body: dict[str, Any], key: str) -> requests.Response:
    return api.call("POST", path, token, json=body, headers={"Idempotency-Key": key})


def dashboard_count(api: Api, rel: dict[str, Any]) -> str:
    page = api.call("GET", f"/app/{rel['slug']}/programmes/{rel['programme_id']}", rel["manager"])
    assert page.status_code == 200, page.text
    card = page.text.split('id="at-risk"', 1)[1]
    return card.split('class="figure">', 1)[1].split("<", 1)[0]


def test_the_mentees_answer_the_initial_questionnaire_once_even_when_the_reply_is_lost(own, rel):
    piotr, rosa = rel["mentees"]
    for mentee, answers in ((piotr, INITIAL), (rosa, {**INITIAL, "secures_living": "no"})):
        qa = of_kind(own, mentee["token"], "initial")["assignment_id"]
        body = {"answers": answers, "submit": True}
        path = f"/v1/questionnaires/{qa}/responses"
        first = post(own, path, mentee["token"], body, f"initial-{qa}")
        again = post(own, path, mentee["token"], body, f"initial-{qa}")  # the phone retries
        assert first.status_code == again.status_code == 200, again.text
        assert again.json() == first.json() and first.json()["status"] == "submitted"
        assert respond(own, mentee["token"], qa, answers, submit=True).status_code == 409  # without a key
    own.settle()


def test_the_midpoint_gives_the_midterm_and_the_manager_records_the_review_once(own, rel):
    piotr, rosa = rel["mentees"]
    assert "midterm" not in {q["kind"] for q in mine(own, piotr["token"])}
    goals = {"goals": [{"title": "Find a job in logistics"}, {"title": "Speak at interviews"}]}
    written = own.call(
        "PUT", f"/v1/matches/{rel['match_id']}/goals/{piotr['participant_id']}", piotr["token"], json=goals
    )
    assert written.status_code == 200, written.text
    own.advance(days=2)  # past the relationship's midpoint
    form = own.call("GET", f"/app/{rel['slug']}/matches/{rel['match_id']}/midterm-review", rel["manager"])
    assert f'name="goal_start-{piotr["participant_id"]}-2"' in form.text  # his two goals, one by one
    assert f"goal_start-{rosa['participant_id']}-1" not in form.text  # Rosa wrote none
    for mentee, start, now in ((piotr, 5, 8), (rosa, 6, 5)):
        qa = of_kind(own, mentee["token"], "midterm")["assignment_id"]
        rated = respond(own, mentee["token"], qa, {"rating_start": start, "rating_now": now}, submit=True)
        assert rated.status_code == 200, rated.text
    review = {
        "mentees": [
            {
                "mentee_id": piotr["participant_id"],
                "rating_start": 5,
                "rating_now": 8,
                "next_steps": "Apply",
                "goals": [
                    {"goal": 1, "rating_start": 4, "rating_now": 7},
                    {"goal": 2, "rating_start": 6, "rating_now": 6},
                ],
            },
            {"mentee_id": rosa["participant_id"], "rating_start": 6, "rating_now": 5},
        ],
        "topics_until_end": "Interviews",
        "comments": {"mentees": "Good", "mentor": "Proud", "manager": "Rosa needs help"},
    }
    path = f"/v1/matches/{rel['match_id']}/midterm-review"
    third = {**review["mentees"][0], "goals": [{"goal": 3, "rating_start": 4, "rating_now": 5}]}
    wrong = post(own, path, rel["manager"], {**review, "mentees": [third, review["mentees"][1]]}, "wrong")
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "mentees.0.goals.0.goal"
    first = post(own, path, rel["manager"], review, "midterm-1")
    again = post(own, path, rel["manager"], review, "midterm-1")
    assert first.status_code == again.status_code == 201 and again.json() == first.json()
    assert post(own, path, rel["manager"], review, "midterm-2").status_code == 409  # a second review
    changed = {**review, "topics_until_end": "Other"}
    assert post(own, path, rel["manager"], changed, "midterm-1").status_code == 422  # the key's body differs
    own.settle()
    recorded = own.call("GET", f"/app/{rel['slug']}/matches/{rel['match_id']}/midterm-review", rel["manager"])
    goals_table = recorded.text.split(f'id="goals-{piotr["participant_id"]}"', 1)[1].split("</table>", 1)[0]
    assert "<td>4</td><td>7</td>" in goals_table and "<td>6</td><td>6</td>" in goals_table
    # Rosa's rating fell: monitoring flags the relationship and the dashboard counts it.
    risks = own.call("GET", f"/v1/programmes/{rel['programme_id']}/risks", rel["manager"]).json()
    assert [r["reasons"] for r in risks["relationships"]] == [["rating_fell"]]
    assert dashboard_count(own, rel) == "1"


def test_the_final_review_closes_it_and_the_mentees_answer_the_final_questionnaire(own, rel):
    piotr, rosa = rel["mentees"]
    body = {
        "conclusions": [
            {"mentee_id": piotr["participant_id"], "conclusion": "Found work."},
            {"mentee_id": rosa["participant_id"], "conclusion": "Starts a course."},
        ]
    }
    path = f"/v1/matches/{rel['match_id']}/final-review"
    closed = post(own, path, rel["manager"], body, "final-1")
    assert closed.status_code == 201, closed.text
    assert post(own, path, rel["manager"], body, "final-1").json() == closed.json()
    own.settle()
    assert dashboard_count(own, rel) == "0"  # a closed relationship is no longer at risk
    for mentee, status, living in ((piotr, "employed", "yes"), (rosa, "education", "no")):
        qa = of_kind(own, mentee["token"], "final")["assignment_id"]
        answers = {**FINAL, "employment_status": status, "secures_living": living}
        done = post(
            own,
            f"/v1/questionnaires/{qa}/responses",
            mentee["token"],
            {"answers": answers, "submit": True},
            qa,
        )
        assert done.status_code == 200 and done.json()["status"] == "submitted", done.text
    own.settle()


def test_the_report_shows_the_change_from_the_start_to_the_end(own, rel):
    got = own.call("GET", f"/v1/programmes/{rel['programme_id']}/report", rel["manager"])
    assert got.status_code == 200, got.text
    report = got.json()
    assert report["relationships"]["completed"] == 1
    ratings = report["ratings"]
    assert (ratings["rated"], ratings["improved"], ratings["fell"]) == (2, 1, 1)
    assert (ratings["mean_start"], ratings["mean_now"]) == (5.5, 6.5)
    assert ratings["goals"] == {"rated": 2, "mean_start": 5.0, "mean_now": 6.5, "improved": 1}
    outcomes = report["outcomes"]
    assert (outcomes["with_baseline"], outcomes["compared"]) == (2, 2)
    assert (outcomes["living_at_start"], outcomes["living_now"], outcomes["moved_into_living"]) == (0, 1, 1)
    by_status = {o["status"]: (o["at_start"], o["latest"]) for o in outcomes["by_status"]}
    assert by_status["unemployed"] == (2, 0) and by_status["employed"] == (0, 1)
    assert by_status["education"] == (0, 1)
    assert report["questionnaire_completion"]["done"] >= 6  # initial, mid-term and final, each mentee

    page = own.call("GET", f"/app/{rel['slug']}/programmes/{rel['programme_id']}/report", rel["manager"])
    assert page.status_code == 200
    assert '<td id="rating-mean">5.5 / 6.5</td>' in page.text
    assert "1 / 2" in page.text  # one of two moved into work that secures a living
    assert '<td id="goal-ratings">2: 5 / 6.5, 1</td>' in page.text
    for chart in ("progress", "outcomes"):
        svg = own.call("GET", f"/v1/programmes/{rel['programme_id']}/report/{chart}.svg", rel["manager"])
        assert svg.status_code == 200 and "<title" in svg.text
    assert (
        own.call("GET", f"/v1/programmes/{rel['programme_id']}/report", rel["other_manager"]).status_code
        == 404
    )


def test_the_dashboard_with_its_count_passes_axe_in_every_language(own, rel):
    with chromium() as browser:
        page = desktop(browser)
        try:
            sign_in(page, own.url, rel["slug"], rel["manager_email"])
            for lang in ("en", "de", "pl"):
                page.goto(f"{own.url}/app/{rel['slug']}/programmes/{rel['programme_id']}?lang={lang}")
                assert page.locator("#at-risk .figure").inner_text() == "0"
                check_axe(page)
                screenshot(page, f"monitoring-journey-dashboard-{lang}")
        finally:
            page.close()
