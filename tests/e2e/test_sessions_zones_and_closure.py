"""A municipality's time zone on the local runtime: one in Warsaw and one in Lisbon plan a session at the
same instant; each sees its own local time on the plan page, in the .ics (TZID) and in the mail. Then the
Warsaw relationship ends: its members get one e-mail saying so (never the reason), not one per session."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, end, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

STARTS = "2027-03-10T17:00:00+00:00"  # 18:00 in Warsaw, 17:00 in Lisbon (both on winter time)
LOCAL = {"Europe/Warsaw": ("6:00", "5:00"), "Europe/Lisbon": ("5:00", "6:00")}  # (shown, never shown)
REASON = "A confidential reason Quux"


def pair_in(api: Api, zone: str) -> dict[str, Any]:
    town = api.new_town({**GROUP, "name": f"Zone {zone}", "kind": "pair"}, timezone=zone)
    # Session news follows the e-mail preference (the end of a relationship does not): both ticked it.
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
        "zone": zone,
        "match_id": match_id,
        "mentor": {**mentor, "token": api.token(mentor["email"])},
        "mentee": {**mentee, "token": api.token(mentee["email"])},
    }


@pytest.fixture(scope="module")
def pairs(api: Api) -> dict[str, dict[str, Any]]:
    return {zone: pair_in(api, zone) for zone in LOCAL}


@pytest.mark.parametrize("zone", list(LOCAL))
def test_a_session_shows_the_municipalitys_local_time_on_the_page_in_the_ics_and_the_mail(
    api: Api, pairs, zone
):
    pair = pairs[zone]
    shown, never = LOCAL[zone]
    body = {"starts_at": STARTS, "duration_minutes": 60, "topic": "Budget", "mode": "in_person"}
    planned = api.call("POST", f"/v1/matches/{pair['match_id']}/sessions", pair["mentor"]["token"], json=body)
    assert planned.status_code == 201, planned.text
    api.settle()

    page = api.call(
        "GET", f"/app/{pair['slug']}/matches/{pair['match_id']}/sessions", pair["mentee"]["token"]
    )
    assert page.status_code == 200
    text = " ".join(page.text.split())  # CLDR puts a narrow no-break space before "PM"
    assert f"{shown}:00 PM" in text and f"{never}:00 PM" not in text
    assert f"({zone})" in page.text  # the page names the zone its times are in

    feed = api.call("GET", f"/v1/matches/{pair['match_id']}/calendar.ics", pair["mentee"]["token"])
    [event] = Calendar.from_ical(feed.text).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == zone
    assert event["DTSTART"].dt.strftime("%H:%M") == f"{int(shown.split(':')[0]) + 12}:00"

    [mail] = [m for m in api.outbox_to(pair["mentee"]["email"]) if "is planned" in m["subject"]]
    assert mail["subject"] == f"A mentoring session is planned: Wednesday, March 10, 2027, {shown} PM"
    [attached] = Calendar.from_ical(mail["attachments"][0]["content"]).walk("VEVENT")
    assert attached["DTSTART"].params["TZID"] == zone


def test_an_ended_relationship_is_told_to_its_members_once_without_the_reason(api: Api, pairs):
    pair = pairs["Europe/Warsaw"]
    later = {
        "starts_at": "2027-04-07T16:00:00+00:00",
        "duration_minutes": 60,
        "topic": "x",
        "mode": "in_person",
    }
    assert (
        api.call(
            "POST", f"/v1/matches/{pair['match_id']}/sessions", pair["mentor"]["token"], json=later
        ).status_code
        == 201
    )
    api.settle()
    assert end(api, pair, pair["match_id"], reason=REASON, rematch=False).status_code == 200
    api.settle()
    for person in (pair["mentor"], pair["mentee"]):
        mails = api.outbox_to(person["email"])
        closing = [m for m in mails if "relationship has ended" in m["subject"]]
        assert len(closing) == 1, [m["subject"] for m in mails]
        assert "sessions still planned are cancelled" in closing[0]["body"]
        assert REASON not in closing[0]["body"]
        assert not [m for m in mails if "is cancelled" in m["subject"]]  # not one mail per session
    listed = api.call("GET", f"/v1/matches/{pair['match_id']}/sessions", pair["mentee"]["token"]).json()
    assert {s["status"] for s in listed["items"]} == {"cancelled"}
