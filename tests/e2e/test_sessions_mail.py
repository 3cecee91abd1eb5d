"""The sessions' mail on the local runtime: a planned session reaches each member with its .ics (a raw
SES e-mail, shown by /local/outbox), a mentee's absence its mentor, and nothing anyone wrote is in it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

TOPIC = "Secret topic Xyzzy"
REASON = "My private reason Plugh"


@pytest.fixture(scope="module")
def pair(api: Api) -> dict[str, Any]:
    town = api.new_town({**GROUP, "name": "Sessions mail", "kind": "pair"})
    # Session news follows the e-mail preference (transactional mail does not): both ticked it.
    olga, piotr = applicant("mentor", "Olga", capacity=1), applicant("mentee", "Piotr")
    for body in (olga, piotr):
        body["consent"]["contact_email"] = True
    mentor = accept(api, town, olga)
    mentee = accept(api, town, piotr)
    api.settle()
    match_id = matched(api, town, mentor, mentee)
    api.settle()
    return {
        **town,
        "match_id": match_id,
        "mentor": {**mentor, "token": api.token(mentor["email"])},
        "mentee": {**mentee, "token": api.token(mentee["email"])},
    }


def test_a_planned_session_is_mailed_with_its_ics_and_an_absence_to_the_mentor(api: Api, pair):
    starts = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    body = {"starts_at": starts.isoformat(), "duration_minutes": 60, "topic": TOPIC, "mode": "in_person"}
    planned = api.call("POST", f"/v1/matches/{pair['match_id']}/sessions", pair["mentor"]["token"], json=body)
    assert planned.status_code == 201, planned.text
    session_id = planned.json()["session_id"]
    api.settle()

    [mail] = [m for m in api.outbox_to(pair["mentee"]["email"]) if "session" in m["subject"]]
    assert mail["subject"].startswith("A mentoring session is planned:")
    assert f"/app/{pair['slug']}/sessions/{session_id}" in mail["body"]
    assert TOPIC not in mail["body"] and TOPIC not in mail["subject"]
    [ics] = mail["attachments"]
    assert ics["content_type"] == "text/calendar"
    [event] = Calendar.from_ical(ics["content"]).walk("VEVENT")
    assert str(event["uid"]) == f"{session_id}@tandem"
    assert event.decoded("dtstart") == starts
    assert TOPIC not in ics["content"]

    absent = api.call(
        "POST", f"/v1/sessions/{session_id}/absence", pair["mentee"]["token"], json={"reason": REASON}
    )
    assert absent.status_code == 200, absent.text
    api.settle()
    [told] = [m for m in api.outbox_to(pair["mentor"]["email"]) if m["subject"].startswith("A mentee cannot")]
    assert REASON not in told["body"]
    assert f"/app/{pair['slug']}/sessions/{session_id}" in told["body"]


def test_the_demo_programmes_matches_have_an_agreement_goals_a_plan_and_a_held_session(api: Api):
    """The seed (services/sessions/seed.py): what `make run` shows of sessions."""
    seeded = api.runtime.seeded
    manager = api.token(seeded["manager"])
    programme = seeded["programme_id"]
    matches = api.call("GET", f"/v1/matches?programme_id={programme}", manager).json()["items"]
    assert matches and seeded["relationships"] == len(matches)
    for match in matches:
        base = f"/v1/matches/{match['match_id']}"
        assert api.call("GET", f"{base}/agreement", manager).json()["signed"] is True
        goals = api.call("GET", f"{base}/goals", manager)
        assert goals.status_code == 200 and match["mentee_ids"][0] in goals.text
        sessions = api.call("GET", f"{base}/sessions", manager).json()
        assert [s["status"] for s in sessions["items"]].count("held") == 1
        assert sessions["check"]["flags"] == []
