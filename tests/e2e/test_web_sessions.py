"""Sessions' pages over HTTP, as a browser reaches them (the token as the session cookie, forms with the
CSRF field): a group of three mentees through the agreement, goals, the plan, absences, attendance and
the diary; each form's 422 at its field, the 409 of an old version, the 403 and 404 pages.

The tests build on each other in order (one municipality, one group), as the group's months would.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import Api
from tests.e2e.test_matching import end
from tests.e2e.test_sessions_api import group_of_three

ZONE = ZoneInfo("Europe/Warsaw")  # the municipality's time zone (tests/e2e/conftest.py's towns)


def local(days: float) -> str:
    """A `datetime-local` field's value `days` from now, in the municipality's time zone."""
    return (datetime.now(UTC) + timedelta(days=days)).astimezone(ZONE).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="module")
def rel(api: Api) -> dict[str, Any]:
    world = group_of_three(api, "Sessions pages")
    base = f"/app/{world['slug']}"
    return {
        **world,
        "base": base,
        "rel": f"{base}/matches/{world['match_id']}",
        "mentor": world["mentor"]["token"],
        "mentees": [m["token"] for m in world["mentees"]],
        "mentee_ids": [m["participant_id"] for m in world["mentees"]],
        "other_base": f"/app/{world['other_slug']}",
    }


def page(api: Api, path: str, token: str | None, status: int = 200, **form: Any) -> str:
    r = api.call("POST", path, token, data=form) if form else api.call("GET", path, token)
    assert r.status_code == status, (r.status_code, r.text[:3000])
    return r.text


def main(html: str) -> str:
    """The page's own part, without the layout's header (which has the sign-out form)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def posted(api: Api, path: str, token: str | None, **form: Any) -> str:
    """A form that succeeds: 303 on to the next page; that page's path."""
    r = api.call("POST", path, token, data=form)
    assert r.status_code == 303, (r.status_code, r.text[:3000])
    return str(r.headers["Location"])


def agreement_form(**changes: str) -> dict[str, str]:
    return {
        "action": "save",
        "starts_on": "2027-02-01",
        "ends_on": "2027-07-31",
        "meeting_every_days": "21",
        "ethics": "We respect everyone's time.\nWhat is said here stays here.",
        "communication_rules": "We answer messages within two days.",
        "terms": "Confidentiality lasts after the programme.",
        **changes,
    }


def test_the_agreement_is_read_written_signed_and_an_old_version_refused(api: Api, rel):
    path = f"{rel['rel']}/agreement"
    draft = page(api, path, rel["mentees"][0])
    assert "Nobody has written the agreement yet" in draft and "every 21 days" in draft
    assert 'name="action" value="save"' not in draft  # a mentee reads, the mentor writes
    assert 'value="sign"' not in draft  # nothing to sign before it is saved

    outside = page(api, path, rel["mentor"], 422, **agreement_form(ends_on="2027-09-01"))
    assert 'href="#f-ends_on"' in outside and "within the programme&#39;s dates" in outside
    assert 'value="2027-09-01"' in outside  # the value kept
    missing = page(api, path, rel["mentor"], 422, **agreement_form(starts_on=""))
    assert 'href="#f-starts_on"' in missing and "Enter the start date" in missing

    assert posted(api, path, rel["mentor"], **agreement_form()) == path
    assert posted(api, path, rel["mentor"], action="sign", version="1") == path
    signed_once = page(api, path, rel["manager"])
    assert "Signed by the mentor (version 1)" in signed_once
    assert "clears every signature" in signed_once  # the manager is told before changing it

    assert posted(api, path, rel["manager"], **agreement_form(meeting_every_days="14")) == path
    stale = page(api, path, rel["mentees"][0], 409, action="sign", version="1")
    assert "no longer the current agreement" in stale and "Nobody has signed this version yet." in stale

    for token in (rel["mentor"], *rel["mentees"], rel["manager"]):
        posted(api, path, token, action="sign", version="2")
    done = page(api, path, rel["mentees"][1])
    assert "Signed by everyone" in done and "Signed by you (version 2)" in done
    assert "Signed by the programme manager (version 2)" in done and "Signed by mentee 1 (version 2)" in done
    printable = page(api, f"{path}/print", rel["mentees"][2])
    assert (
        "every 14 days" in printable and "We respect everyone" in printable and "<form" not in main(printable)
    )

    assert "Umowa mentoringowa" in page(api, f"{path}?lang=pl", rel["mentor"])
    assert "Mentoring-Vereinbarung" in page(api, f"{path}?lang=de", rel["mentor"])


def test_strangers_and_other_municipalities_get_the_403_and_404_pages(api: Api, rel):
    path = f"{rel['rel']}/agreement"
    r = api.call("GET", path, None)
    assert r.status_code == 303 and "/sign-in" in r.headers["Location"]
    page(api, path, rel["trainer"], 403)
    page(api, path, rel["other_manager"], 303)  # another municipality's path: sign in there first
    other_slug_path = path.replace(rel["base"], rel["other_base"])
    page(api, other_slug_path, rel["other_manager"], 404)  # their municipality, our id


def test_each_mentee_writes_their_own_goals_and_the_mentor_the_groups(api: Api, rel):
    path = f"{rel['rel']}/goals"
    first, second = rel["mentees"][0], rel["mentees"][1]
    empty = page(api, path, first)
    assert "No goals are written yet." in empty and "Write my goals" in empty
    untitled = page(
        api,
        path,
        first,
        422,
        whose="own",
        g1_title="",
        g1_tasks="Market research",
        g1_target_date="",
        g1_status="open",
    )
    assert 'href="#f-g1_title"' in untitled and "Market research" in untitled
    goal = {
        "whose": "own",
        "g1_title": "Write a business plan",
        "g1_tasks": "Market research\nPrices",
        "g1_target_date": "2027-05-01",
        "g1_status": "open",
    }
    assert posted(api, path, first, **goal) == path
    posted(api, path, first, **{**goal, "g1_title": "Register the company", "g1_status": "achieved"})
    page(api, path, rel["mentor"], 403, **goal)  # a mentor never writes a mentee's goals
    group = {**goal, "whose": "group", "g1_title": "Meet a tax adviser"}
    assert posted(api, path, rel["mentor"], **group) == path
    page(api, path, first, 403, **group)

    read = page(api, path, rel["manager"])
    assert "Goals of mentee 1" in read and "Register the company" in read and "Achieved" in read
    assert "Earlier versions" in read and "Write a business plan" in read  # the history
    assert "Goals of the group" in read and "Meet a tax adviser" in read
    assert 'name="whose"' not in read  # the manager reads
    mine = page(api, path, second)
    assert "Goals of mentee 1" in mine and "Write my goals" in mine


def session_form(days: float, mode: str = "in_person", **changes: str) -> dict[str, str]:
    return {
        "starts_at": local(days),
        "duration_minutes": "90",
        "topic": "Next steps",
        "mode": mode,
        "location": "Library",
        **changes,
    }


def session_id_of(location: str) -> str:
    match = re.search(r"/sessions/(ses_[A-Za-z0-9]+)$", location)
    assert match, location
    return match.group(1)


def test_the_mentor_plans_moves_and_cancels_sessions_with_the_blended_rule_in_words(api: Api, rel):
    path = f"{rel['rel']}/sessions"
    assert "No session is planned yet." in page(api, path, rel["mentees"][0])
    no_time = page(api, path, rel["mentor"], 422, **session_form(30, starts_at=""))
    assert 'href="#f-starts_at"' in no_time and "Enter a date and time" in no_time
    online_first = page(api, path, rel["mentor"], 422, **session_form(30, "online"))
    assert 'href="#f-mode"' in online_first and "face to face" in online_first
    page(api, path, rel["mentees"][0], 403, **session_form(30))

    first = session_id_of(posted(api, path, rel["mentor"], **session_form(30)))
    last = session_id_of(posted(api, path, rel["manager"], **session_form(60)))
    middle = session_id_of(
        posted(api, path, rel["mentor"], **session_form(45, "online", topic="Online check-in"))
    )
    plan = page(api, path, rel["mentees"][1])
    assert "No session in the middle third is face to face." in plan and "Online check-in" in plan
    assert "Plan a session" not in plan  # a mentee reads the plan
    assert "Make my calendar link" in plan  # a member makes their private calendar link from the plan

    one = f"{rel['base']}/sessions/{middle}"
    moved_last = page(api, one, rel["mentor"], 422, action="change", **session_form(70, "online"))
    assert "face to face" in moved_last
    assert (
        posted(api, one, rel["mentor"], action="change", **session_form(46, "online", topic="Budget")) == one
    )
    assert "Budget" in page(api, one, rel["mentees"][0])
    assert posted(api, one, rel["manager"], action="cancel") == one
    cancelled = page(api, one, rel["mentor"])
    assert "Cancelled" in cancelled and "Cancel the session" not in cancelled
    assert first and last
    page(api, f"{rel['other_base']}/sessions/{first}", rel["other_manager"], 404)


def test_a_late_mentor_absence_names_a_new_date_and_a_mentee_just_tells(api: Api, rel):
    path = f"{rel['rel']}/sessions"
    soon = session_id_of(posted(api, path, rel["mentor"], **session_form(50, topic="Soon")))
    # The blended rule: a session a day ahead would be the first; plan it in person too.
    tomorrow = session_id_of(posted(api, path, rel["mentor"], **session_form(1, topic="Tomorrow")))
    absence = f"{rel['base']}/sessions/{tomorrow}/absence"
    form = page(api, absence, rel["mentor"])
    assert "propose another date" in form and 'id="f-proposed_starts_at"' in form
    bare = page(api, absence, rel["mentor"], 422, reason="Ill")
    assert 'href="#f-proposed_starts_at"' in bare and "propose another date that suits" in bare
    assert "Ill" in bare
    r = api.call("POST", absence, rel["mentor"], data={"reason": "Ill", "proposed_starts_at": local(3)})
    assert r.status_code == 303
    shown = page(api, f"{rel['base']}/sessions/{tomorrow}", rel["mentees"][0])
    assert "late notice (under 48 hours)" in shown and "and proposed" in shown
    assert "Ill" not in shown.split("Who cannot come")[1]  # a mentee sees who, not the mentor's reason
    mentee_form = page(api, f"{rel['base']}/sessions/{soon}/absence", rel["mentees"][2])
    assert 'id="f-proposed_starts_at"' not in mentee_form
    posted(api, f"{rel['base']}/sessions/{soon}/absence", rel["mentees"][2], reason="Exam")
    assert "Exam" in page(api, f"{rel['base']}/sessions/{soon}", rel["mentor"])
    page(api, absence, rel["manager"], 403, reason="x")  # a manager is no member


def test_attendance_after_the_start_and_the_diary_by_the_rotating_writer(api: Api, rel):
    path = f"{rel['rel']}/sessions"
    future = session_id_of(posted(api, path, rel["mentor"], **session_form(40, topic="Later")))
    early = page(
        api, f"{rel['base']}/sessions/{future}/attendance", rel["mentor"], 422, present=rel["mentee_ids"][0]
    )
    assert "after the session has started" in early
    past = session_id_of(posted(api, path, rel["mentor"], **session_form(-0.1, topic="Just now")))
    one = f"{rel['base']}/sessions/{past}"
    page(api, f"{one}/attendance", rel["mentees"][0], 403, present=rel["mentee_ids"][0])
    assert (
        posted(api, f"{one}/attendance", rel["mentor"], present=[rel["mentee_ids"][1], rel["mentee_ids"][2]])
        == one
    )
    held = page(api, one, rel["mentor"])
    assert "Held" in held and "Writes the diary" in held and "mentee 2" in held  # first present in turn
    page(api, f"{one}/attendance", rel["mentor"], 409, present=rel["mentee_ids"][0])

    diary = f"{one}/diary"
    assert "It is the turn of mentee 2" in page(api, diary, rel["mentees"][0])
    assert "Write the diary" in page(api, diary, rel["mentees"][1])
    entry = {
        "action": "write",
        "summary": "We drafted a budget.",
        "topics": "Budget\nTaxes",
        "learned": "Costs first.",
        "next_steps": "Call the bank.",
    }
    page(api, diary, rel["mentees"][0], 403, **entry)  # not their turn
    page(api, diary, rel["trainer"], 403)
    page(api, diary.replace(rel["base"], rel["other_base"]), rel["other_manager"], 404)
    empty = page(api, diary, rel["mentees"][1], 422, **{**entry, "summary": ""})
    assert 'href="#f-summary"' in empty and "Costs first." in empty
    assert posted(api, diary, rel["mentees"][1], **entry) == diary
    no_remark = page(api, diary, rel["mentor"], 422, action="remark", remark="")
    assert 'href="#f-remark"' in no_remark
    assert posted(api, diary, rel["mentor"], action="remark", remark="Good plan; ask about grants.") == diary
    read = page(api, diary, rel["manager"])
    assert "We drafted a budget." in read and "Good plan; ask about grants." in read
    assert "<form" not in main(read)  # the manager reads the diary, never writes it
    page(api, diary, rel["manager"], 403, **entry)


def test_the_mentors_reflection_is_private_until_shared_with_the_trainer(api: Api, rel):
    path = f"{rel['rel']}/reflection"
    api_path = f"/v1/matches/{rel['match_id']}/reflection"
    secret = "I worry I talk too much 7f3a"
    form = page(api, path, rel["mentor"])
    assert "Only you read them" in form and "Share with the trainer" in form
    assert 'href="/app/' in page(api, f"{rel['rel']}/sessions", rel["mentor"]) and "My reflection" in page(
        api, f"{rel['rel']}/sessions", rel["mentor"]
    )
    too_long = page(api, path, rel["mentor"], 422, text="x" * 4001)
    assert 'href="#f-text"' in too_long
    with api.events_seen() as seen:
        assert posted(api, path, rel["mentor"], text=secret) == path
        api.settle()
    assert not [e for e in seen if secret in str(e)]  # no event carries its text
    for token in (rel["mentees"][0], rel["manager"]):
        assert secret not in page(api, path, token, 403)
        assert api.call("GET", api_path, token).status_code == 403
    page(api, path, rel["trainer"], 404)  # private: to a trainer it is not there
    assert api.call("GET", api_path, rel["trainer"]).status_code == 404

    posted(api, path, rel["mentor"], text=secret, shared_with_trainer="yes")
    shown = page(api, path, rel["trainer"])
    # The trainer reads it and may only write back (the reply form), never change it.
    assert secret in shown and 'name="text"' not in main(shown) and 'name="reply"' in main(shown)
    assert api.call("GET", api_path, rel["trainer"]).json()["text"] == secret
    assert api.call("PUT", api_path, rel["trainer"], json={"text": "no"}).status_code == 403
    page(api, path, rel["trainer"], 403, text="no")
    posted(api, path, rel["mentor"], text=secret)  # unticked: private again
    page(api, path, rel["trainer"], 404)
    page(api, path.replace(rel["base"], rel["other_base"]), rel["other_manager"], 404)


def test_a_member_makes_their_calendar_link_sees_it_once_and_revokes_it(api: Api, rel):
    path = f"{rel['rel']}/calendar-feed"
    assert "You have no calendar link." in page(api, path, rel["mentees"][0])
    made = page(api, path, rel["mentees"][0], action="make")  # the plan page's button posts here
    url = re.search(r'id="f-url" name="url" value="([^"]+)"', made)
    assert url and "shown only this once" in made and "From URL" in made
    feed_path = url.group(1).split("127.0.0.1", 1)[-1].split(":", 1)[-1]
    feed_path = feed_path[feed_path.index("/v1/public/calendars/") :]
    feed = api.call("GET", feed_path)
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text and "Next steps" in feed.text
    again = page(api, path, rel["mentees"][0])
    assert "You have a calendar link, made on" in again and url.group(1) not in again  # never shown again
    assert posted(api, path, rel["mentees"][0], action="revoke") == path
    assert api.call("GET", feed_path).status_code == 404
    assert "You have no calendar link." in page(api, path, rel["mentees"][0])
    assert "Ihr Kalender-Link" in page(api, f"{path}?lang=de", rel["mentor"])
    assert "Twój link do kalendarza" in page(api, f"{path}?lang=pl", rel["mentor"])
    page(api, path, rel["manager"], 403)  # a manager is no member: no feed
    page(api, path, rel["trainer"], 403)
    page(api, path.replace(rel["base"], rel["other_base"]), rel["other_manager"], 404)


def test_an_ended_relationship_stays_readable_and_nothing_can_be_written(api: Api, rel):
    assert end(api, rel, rel["match_id"], reason="moved away", rematch=False).status_code == 200
    api.settle()
    for part in ("agreement", "goals", "sessions"):
        shown = page(api, f"{rel['rel']}/{part}", rel["mentor"])
        assert "This relationship has ended" in shown and "<form" not in main(shown), part
    assert "Signed by everyone" in page(api, f"{rel['rel']}/agreement", rel["manager"])
    refused = page(api, f"{rel['rel']}/agreement", rel["mentor"], 422, **agreement_form())
    assert "The relationship is closed" in refused
