"""The peer-exchange board (seed 002) over HTTP: a programme's mentors (one matched, one accepted but not
matched), its trainer and manager post and reply; mentees never reach it, another municipality gets 404,
and a writer is shown by their part, never by name or id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept
from tests.e2e.test_sessions_api import group_of_three
from tests.fakes.bodies import applicant


@pytest.fixture(scope="module")
def board(api: Api) -> dict[str, Any]:
    group = group_of_three(api, "Peer board")
    unmatched = accept(api, group, applicant("mentor", "Uwe", capacity=2))
    api.settle()
    return {
        **group,
        "unmatched": api.token(unmatched["email"]),
        "unmatched_email": unmatched["email"],
        "path": f"/v1/programmes/{group['programme_id']}/peer-board",
    }


def test_mentors_matched_or_not_trainers_and_managers_exchange_on_the_board(api: Api, board):
    path = board["path"]
    post = {"title": "The first week", "text": "How do you start with someone new on the floor?"}
    made = api.call("POST", path, board["unmatched"], json=post)
    assert made.status_code == 201, made.text
    post_id = made.json()["post_id"]
    assert made.json()["author_role"] == "mentor" and made.json()["mine"] is True

    for writer in (board["mentor"]["token"], board["trainer"], board["manager"]):
        replied = api.call("POST", path, writer, json={"reply_to": post_id, "text": "A tour, then coffee."})
        assert replied.status_code == 201, replied.text

    seen = api.call("GET", path, board["mentor"]["token"]).json()
    assert [p["title"] for p in seen["posts"]] == ["The first week"]
    replies = seen["posts"][0]["replies"]
    assert [(r["author_role"], r["mine"]) for r in replies] == [
        ("mentor", True),
        ("trainer", False),
        ("manager", False),
    ]
    # Writers are their part on the board: no person or participant id, no e-mail.
    assert "author_id" not in seen["posts"][0]
    assert board["mentor"]["participant_id"] not in str(seen)


def test_a_post_retried_with_its_idempotency_key_is_on_the_board_once(api: Api, board):
    post = {"title": "Retried", "text": "Sent twice over a bad connection."}
    key = {"Idempotency-Key": "board-post-1"}
    first = api.call("POST", board["path"], board["manager"], json=post, headers=dict(key))
    again = api.call("POST", board["path"], board["manager"], json=post, headers=dict(key))
    assert (first.status_code, again.status_code) == (201, 201) and again.json() == first.json()
    titles = [p["title"] for p in api.call("GET", board["path"], board["manager"]).json()["posts"]]
    assert titles.count("Retried") == 1
    reused = api.call("POST", board["path"], board["manager"], json={**post, "text": "x"}, headers=dict(key))
    assert reused.status_code == 422 and reused.json()["rule"] == "idempotency_key_reused"


def test_mentees_and_other_municipalities_stay_outside(api: Api, board):
    path = board["path"]
    assert api.call("GET", path, board["mentees"][0]["token"]).status_code == 403
    assert (
        api.call("POST", path, board["mentees"][0]["token"], json={"title": "Hi", "text": "x"}).status_code
        == 403
    )
    assert api.call("GET", path, board["other_manager"]).status_code == 404
    assert api.call("GET", path).status_code == 401
    untitled = api.call("POST", path, board["manager"], json={"text": "no title"})
    assert untitled.status_code == 422
    unknown = api.call("POST", path, board["manager"], json={"reply_to": "pst_nothing", "text": "x"})
    assert unknown.status_code == 404


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.browser
def test_an_unmatched_mentor_posts_and_a_trainer_replies_on_the_board_page(api: Api, board, browser: Browser):
    path = f"/app/{board['slug']}/programmes/{board['programme_id']}/peer-board"
    page = desktop(browser)
    sign_in(page, api.url, board["slug"], board["unmatched_email"], next_path=path)
    assert page.locator("h1").inner_text() == "Peer exchange"
    check_axe(page)
    page.click(
        "main form[method=post] button[type=submit] >> nth=0"
    )  # nothing written: refused at the fields
    assert page.locator("#f-title-error").is_visible()
    check_axe(page)
    page.fill("#f-title", "Difficult customers")
    page.fill("#f-text", "How do you prepare a mentee for an angry customer?")
    page.click("main form[method=post] button[type=submit] >> nth=0")
    assert page.locator("h3", has_text="Difficult customers").is_visible()
    check_axe(page)
    screenshot(page, "sessions-32-peer-board")
    screenshot_phone(page, "sessions-32-peer-board")
    for lang, heading in (("de", "Austausch unter Mentor*innen"), ("pl", "Wymiana doświadczeń")):
        page.goto(f"{api.url}{path}?lang={lang}")
        assert page.locator("h1").inner_text() == heading
        check_axe(page)
    page.close()
