"""The private calendar feed over HTTP: a member makes a secret URL, a calendar app reads it without an
account, it holds the sessions of every relationship of that person and nobody else's, and it can be
revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from icalendar import Calendar

from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

FEED = "/v1/me/calendar-feed"


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    """Two pairs, Olga with Piotr and Marek with Rosa; a session planned in each."""
    town = api.new_town({**GROUP, "name": "Feeds", "kind": "pair", "mode": "e_mentoring"})
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=1))
    marek = accept(api, town, applicant("mentor", "Marek", capacity=1))
    piotr = accept(api, town, applicant("mentee", "Piotr"))
    rosa = accept(api, town, applicant("mentee", "Rosa"))
    api.settle()
    matches = [matched(api, town, mentor, piotr), matched(api, town, marek, rosa)]
    api.settle()
    people = {"mentor": mentor, "marek": marek, "piotr": piotr, "rosa": rosa}
    tokens = {name: api.token(p["email"]) for name, p in people.items()}
    sessions = []
    for n, match_id in enumerate(matches):
        starts = (datetime.now(UTC) + timedelta(days=5 + n)).replace(microsecond=0).isoformat()
        body = {"starts_at": starts, "duration_minutes": 60, "topic": f"Topic {n}", "mode": "online"}
        keeper = tokens["mentor"] if n == 0 else tokens["marek"]
        planned = api.call("POST", f"/v1/matches/{match_id}/sessions", keeper, json=body)
        assert planned.status_code == 201, planned.text
        sessions.append(planned.json()["session_id"])
    return {**town, "tokens": tokens, "sessions": sessions}


def get(api: Api, url: str) -> requests.Response:
    """The feed at the URL's path on this runtime (the URL's host is the process's configured base)."""
    return api.http.get(f"{api.url}{urlsplit(url).path}", timeout=10)


def uids(api: Api, url: str) -> set[str]:
    answer = get(api, url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    feed = Calendar.from_ical(answer.text)  # RFC 5545: icalendar parses it
    return {str(event["uid"]) for event in feed.walk("VEVENT")}


def test_my_feed_has_my_relationships_sessions_and_nobody_elses(api: Api, town):
    """(A person in several relationships: tests/unit/sessions/test_feeds.py.)"""
    mentor_feed = api.call("POST", FEED, town["tokens"]["mentor"])
    assert mentor_feed.status_code == 201, mentor_feed.text
    url = mentor_feed.json()["url"]
    assert urlsplit(url).path.startswith("/v1/public/calendars/") and url.endswith(".ics")
    assert len(url.rsplit("/", 1)[1].removesuffix(".ics")) >= 43  # >= 256 bits, URL-safe base64
    first, second = town["sessions"]
    assert uids(api, url) == {f"{first}@tandem"}

    piotr = api.call("POST", FEED, town["tokens"]["piotr"]).json()["url"]
    assert uids(api, piotr) == {f"{first}@tandem"}  # never Rosa's session
    rosa = api.call("POST", FEED, town["tokens"]["rosa"]).json()["url"]
    assert uids(api, rosa) == {f"{second}@tandem"}


def test_a_revoked_or_replaced_feed_answers_404_and_a_guess_too(api: Api, town):
    rosa = town["tokens"]["rosa"]
    old = api.call("POST", FEED, rosa).json()["url"]
    new = api.call("POST", FEED, rosa).json()["url"]
    assert get(api, old).status_code == 404  # a new URL stops the old one
    assert len(uids(api, new)) == 1
    assert api.call("DELETE", FEED, rosa).status_code == 204
    assert get(api, new).status_code == 404
    assert api.http.get(f"{api.url}/v1/public/calendars/guess.ics", timeout=10).status_code == 404


def test_a_manager_has_no_feed_and_nobody_without_a_token(api: Api, town):
    assert api.call("POST", FEED, town["manager"]).status_code == 403
    assert api.call("POST", FEED).status_code == 401
