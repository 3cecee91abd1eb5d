"""Work plans (seed 002) and feedback on a talk (seed 001) over HTTP, in a group of three: the mentor and
a mentee write and tick a week's tasks, the manager reads them, a trainer and another municipality never
do; after a held session the members rate it, the manager reads the feedback, and only the rating travels."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.steps import hold_session
from tests.e2e.test_sessions_api import at, group_of_three


@pytest.fixture(scope="module")
def group(api: Api) -> dict[str, Any]:
    return group_of_three(api, "Work plans")


def test_members_write_and_tick_a_weeks_plan_and_the_manager_reads_it(api: Api, group):
    match_id = group["match_id"]
    mentor, mentee = group["mentor"]["token"], group["mentees"][0]["token"]
    path = f"/v1/matches/{match_id}/work-plans/2027-W09"
    tasks = [
        {"title": "Shadow the morning shift", "due_on": "2027-03-01"},
        {"title": "Check the stock list with Marta"},
    ]
    with api.events_seen() as seen:
        written = api.call("PUT", path, mentor, json={"tasks": tasks})
        assert written.status_code == 200, written.text
        assert written.json()["kind"] == "week" and written.json()["version"] == 1
        ticked = [{**tasks[0], "done": True}, tasks[1]]
        again = api.call("PUT", path, mentee, json={"tasks": ticked})
        assert again.status_code == 200, again.text
        api.settle()
    assert [t["done"] for t in again.json()["tasks"]] == [True, False]
    daily = api.call(
        "PUT", f"/v1/matches/{match_id}/work-plans/2027-03-02", mentee, json={"tasks": tasks[:1]}
    )
    assert daily.status_code == 200 and daily.json()["kind"] == "day"

    read = api.call("GET", f"/v1/matches/{match_id}/work-plans", group["manager"])
    assert read.status_code == 200, read.text
    assert [p["period"] for p in read.json()["plans"]] == ["2027-W09", "2027-03-02"]

    # The tasks are the relationship's words: the event carries counts only.
    written_events = [e for e in seen if e["detail-type"] == "WorkPlanWritten"]
    assert [e["detail"]["data"]["done_count"] for e in written_events] == [0, 1]
    assert "Shadow" not in json.dumps(seen)


def test_who_may_not_write_or_read_work_plans(api: Api, group):
    match_id = group["match_id"]
    body = {"tasks": [{"title": "Anything"}]}
    path = f"/v1/matches/{match_id}/work-plans/2027-W10"
    assert api.call("PUT", path, group["manager"], json=body).status_code == 403
    assert api.call("GET", f"/v1/matches/{match_id}/work-plans", group["trainer"]).status_code == 403
    assert api.call("GET", f"/v1/matches/{match_id}/work-plans", group["other_manager"]).status_code == 404
    bad = api.call("PUT", f"/v1/matches/{match_id}/work-plans/next-week", group["mentor"]["token"], json=body)
    assert bad.status_code == 422 and bad.headers["Content-Type"] == "application/problem+json"


def test_members_rate_a_held_talk_and_only_the_rating_travels(api: Api, group):
    match_id = group["match_id"]
    mentor, mentees = group["mentor"], group["mentees"]
    session = {"starts_at": at(-2), "duration_minutes": 60, "topic": "Monthly feedback", "mode": "in_person"}
    held = hold_session(api, match_id, mentor["token"], session, [m["participant_id"] for m in mentees])
    path = f"/v1/sessions/{held['session_id']}/feedback"
    with api.events_seen() as seen:
        mine = {"usefulness": 4, "keep": "Concrete examples from the floor.", "change": "Start on time."}
        given = api.call("PUT", path, mentees[0]["token"], json=mine)
        assert given.status_code == 200, given.text
        back = api.call("PUT", path, mentor["token"], json={"usefulness": 5})
        assert back.status_code == 200, back.text
        api.settle()
    read = api.call("GET", path, group["manager"]).json()
    assert [(f["role"], f["usefulness"]) for f in read["feedback"]] == [("mentor", 5), ("mentee", 4)]
    assert api.call("GET", path, mentees[1]["token"]).json()["feedback"][1]["keep"].startswith("Concrete")
    ratings = [e["detail"]["data"] for e in seen if e["detail-type"] == "TalkFeedbackGiven"]
    assert sorted(r["usefulness"] for r in ratings) == [4, 5]
    assert "Concrete" not in json.dumps(seen) and "on time" not in json.dumps(seen)

    assert api.call("PUT", path, group["manager"], json={"usefulness": 3}).status_code == 403
    assert api.call("GET", path, group["trainer"]).status_code == 403
    assert api.call("GET", path, group["other_manager"]).status_code == 404
    assert api.call("PUT", path, mentor["token"], json={"usefulness": 6}).status_code == 422


def test_feedback_waits_for_the_session_to_be_held(api: Api, group):
    ahead = {"starts_at": at(5), "duration_minutes": 60, "topic": "Next talk", "mode": "in_person"}
    planned = api.call(
        "POST", f"/v1/matches/{group['match_id']}/sessions", group["mentor"]["token"], json=ahead
    )
    path = f"/v1/sessions/{planned.json()['session_id']}/feedback"
    refused = api.call("PUT", path, group["mentees"][0]["token"], json={"usefulness": 3})
    assert refused.status_code == 422
    assert refused.json()["rule"] == "feedback_after_held_session"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.browser
def test_a_mentee_writes_and_ticks_a_plan_and_rates_a_talk_on_the_pages(api: Api, group, browser: Browser):
    match_id, slug = group["match_id"], group["slug"]
    mentee = group["mentees"][1]
    path = f"/app/{slug}/matches/{match_id}/work-plans?period=2027-W12"
    page = desktop(browser)
    sign_in(page, api.url, slug, mentee["email"], next_path=path)
    assert page.locator("h1").inner_text() == "Work plans"
    check_axe(page)
    page.fill("#f-t1_title", "Ask for feedback on the report")
    page.fill("#f-t1_due_on", "2027-03-24")
    page.fill("#f-t2_title", "Book the training room")
    page.check("#f-t2_done")
    page.click("main form[method=post] button[type=submit]")
    assert page.locator("#f-t2_done").is_checked()
    assert "1 of 2 done" in page.locator("main").inner_text()
    check_axe(page)
    screenshot(page, "sessions-30-work-plans")
    screenshot_phone(page, "sessions-30-work-plans")
    for lang, heading in (("de", "Arbeitspläne"), ("pl", "Plany pracy")):
        page.goto(f"{api.url}{path}&lang={lang}")
        assert page.locator("h1").inner_text() == heading
        check_axe(page)

    session = {"starts_at": at(-1), "duration_minutes": 45, "topic": "Feedback talk", "mode": "in_person"}
    held = hold_session(api, match_id, group["mentor"]["token"], session, [mentee["participant_id"]])
    page.goto(f"{api.url}/app/{slug}/sessions/{held['session_id']}/feedback?lang=en")
    check_axe(page)
    page.click("main form[method=post] button[type=submit]")  # no rating: refused at its field
    assert page.locator("#f-usefulness-error").is_visible()
    check_axe(page)
    page.check("#f-usefulness-4")
    page.fill("#f-keep", "The examples from the floor.")
    page.click("main form[method=post] button[type=submit]")
    assert "4 of 5" in page.locator("main").inner_text()
    screenshot(page, "sessions-31-talk-feedback")
    for lang in ("de", "pl"):
        page.goto(f"{api.url}/app/{slug}/sessions/{held['session_id']}/feedback?lang={lang}")
        check_axe(page)
    page.close()
