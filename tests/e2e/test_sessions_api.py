"""Sessions over HTTP: a group of three mentees through agreement → goals → plan → a late mentor absence
→ attendance → the diary by the rotating writer → remarks, and the relationship's end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_matching import accept, end, matched
from tests.fakes.bodies import applicant

GROUP = {
    **PROGRAMME,
    "name": "Sessions e2e",
    "kind": "group",
    "mode": "blended",
    "cadence_days": 21,
    "max_group_size": 4,
    "mentor_training_required": False,
    "matching": {"weights": {}, "min_score": 0},
}


def at(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()


def group_of_three(api: Api, name: str = "Sessions") -> dict[str, Any]:
    """A group programme's relationship: Olga mentoring Piotr, Rosa and Sven (accounts of their own), the
    municipality's trainer, and another municipality's manager. The sessions tests' world."""
    town = api.new_town({**GROUP, "name": name})
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=3))
    mentees = [accept(api, town, applicant("mentee", n)) for n in ("Piotr", "Rosa", "Sven")]
    api.settle()
    match_id = matched(api, town, mentor, *mentees)
    api.settle()
    trainer_email = f"trainer@{town['slug']}.example.org"
    trainer = {
        "email": trainer_email,
        "role": "trainer",
        "given_name": "T",
        "family_name": "T",
        "language": "en",
    }
    assert api.call("POST", "/v1/users", town["manager"], json=trainer).status_code == 201
    other = api.new_town(GROUP)
    api.settle()
    return {
        **town,
        "match_id": match_id,
        "mentor": {**mentor, "token": api.token(mentor["email"])},
        "mentees": [{**m, "token": api.token(m["email"])} for m in mentees],
        "trainer": api.token(trainer_email),
        "other_manager": other["manager"],
        "other_slug": other["slug"],
    }


@pytest.fixture(scope="module")
def group(api: Api) -> dict[str, Any]:
    return group_of_three(api)


def agreement_body(**changes: Any) -> dict[str, Any]:
    return {
        "starts_on": "2027-02-01",
        "ends_on": "2027-07-31",
        "communication_rules": "We answer messages within two days.",
        **changes,
    }


def test_the_agreement_is_written_signed_by_everyone_and_announced_once(api: Api, group):
    path = f"/v1/matches/{group['match_id']}/agreement"
    mentor, mentees, manager = (
        group["mentor"]["token"],
        [m["token"] for m in group["mentees"]],
        group["manager"],
    )

    draft = api.call("GET", path, mentees[0]).json()
    assert draft["version"] == 0
    assert draft["meeting_every_days"] == 21  # the programme's cadence
    assert draft["ethics"][0] == "Szanujemy czas wszystkich."  # the programme's first language: Polish

    assert api.call("PUT", path, mentees[0], json=agreement_body()).status_code == 403
    outside = api.call("PUT", path, mentor, json=agreement_body(ends_on="2027-09-01"))
    assert outside.status_code == 422 and outside.json()["rule"] == "agreement_within_programme"
    first = api.call("PUT", path, mentor, json=agreement_body())
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1
    assert api.call("POST", f"{path}/signatures", mentor, json={"version": 1}).status_code == 200

    changed = api.call("PUT", path, manager, json=agreement_body(meeting_every_days=7))
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2 and changed.json()["signatures"] == []
    stale = api.call("POST", f"{path}/signatures", mentees[0], json={"version": 1})
    assert stale.status_code == 409 and stale.json()["rule"] == "agreement_version_outdated"

    with api.events_seen() as seen:
        for token in (mentor, *mentees):
            answer = api.call("POST", f"{path}/signatures", token, json={"version": 2})
            assert answer.status_code == 200 and answer.json()["signed"] is False
        last = api.call("POST", f"{path}/signatures", manager, json={"version": 2})
        api.settle()
    assert last.json()["signed"] is True
    signed = [e for e in seen if e["detail-type"] == "AgreementSigned"]
    assert [e["detail"]["data"] for e in signed] == [
        {
            "match_id": group["match_id"],
            "programme_id": group["programme_id"],
            "agreement_version": 2,
            "starts_on": "2027-02-01",  # the agreement's dates: monitoring schedules by them
            "ends_on": "2027-07-31",
        }
    ]
    assert api.call("GET", path, group["other_manager"]).status_code == 404
    assert api.call("GET", path, group["trainer"]).status_code == 403


def test_each_mentee_writes_only_their_own_goals_and_the_mentor_the_groups(api: Api, group):
    match_id = group["match_id"]
    first, second = group["mentees"][0], group["mentees"][1]
    goals = {
        "goals": [
            {"title": "Write a business plan", "tasks": ["Market research"], "target_date": "2027-05-01"}
        ]
    }

    own = api.call(
        "PUT", f"/v1/matches/{match_id}/goals/{first['participant_id']}", first["token"], json=goals
    )
    assert own.status_code == 200, own.text
    theirs = api.call(
        "PUT", f"/v1/matches/{match_id}/goals/{second['participant_id']}", first["token"], json=goals
    )
    assert theirs.status_code == 403 and theirs.json()["rule"] == "own_goals_only"
    again = {"goals": [{"title": "Register the company", "status": "achieved"}]}
    api.call("PUT", f"/v1/matches/{match_id}/goals/{first['participant_id']}", first["token"], json=again)
    group_goals = api.call("PUT", f"/v1/matches/{match_id}/group-goals", group["mentor"]["token"], json=goals)
    assert group_goals.status_code == 200
    assert (
        api.call("PUT", f"/v1/matches/{match_id}/group-goals", first["token"], json=goals).status_code == 403
    )

    read = api.call("GET", f"/v1/matches/{match_id}/goals", group["manager"]).json()
    mine = read["mentees"][0]
    assert mine["version"] == 2 and mine["goals"][0]["title"] == "Register the company"
    assert [h["goals"][0]["title"] for h in mine["history"]] == ["Write a business plan"]
    assert read["group"]["goals"][0]["title"] == "Write a business plan"


def plan(api: Api, group: dict[str, Any], days: float, mode: str, token: str | None = None) -> Any:
    body = {
        "starts_at": at(days),
        "duration_minutes": 90,
        "topic": "Next steps",
        "mode": mode,
        "location": "Library",
    }
    return api.call(
        "POST", f"/v1/matches/{group['match_id']}/sessions", token or group["mentor"]["token"], json=body
    )


def test_the_blended_plan_keeps_first_and_last_face_to_face_and_flags_the_middle(api: Api, group):
    alone_online = plan(api, group, 30, "online")
    assert alone_online.status_code == 422 and alone_online.json()["rule"] == "face_to_face_required"
    assert plan(api, group, 30, "in_person").status_code == 201
    assert plan(api, group, 44, "online").status_code == 422  # it would be the last
    assert plan(api, group, 58, "in_person", token=group["manager"]).status_code == 201
    middle = plan(api, group, 44, "online")
    assert middle.status_code == 201
    assert plan(api, group, 40, "in_person", token=group["mentees"][0]["token"]).status_code == 403

    listed = api.call("GET", f"/v1/matches/{group['match_id']}/sessions", group["mentees"][1]["token"]).json()
    assert [s["mode"] for s in listed["items"][-3:]] == ["in_person", "online", "in_person"]
    assert "middle_face_to_face_missing" in listed["check"]["flags"]

    moved = api.call(
        "PATCH",
        f"/v1/sessions/{middle.json()['session_id']}",
        group["mentor"]["token"],
        json={"starts_at": at(70)},
    )
    assert moved.status_code == 422 and moved.json()["rule"] == "face_to_face_required"
    with api.events_seen() as seen:
        cancelled = api.call(
            "PATCH",
            f"/v1/sessions/{middle.json()['session_id']}",
            group["manager"],
            json={"status": "cancelled"},
        )
        api.settle()
    assert cancelled.json()["status"] == "cancelled"
    assert [e["detail-type"] for e in seen] == ["SessionCancelled"]


def test_a_mentors_late_absence_names_a_new_date_and_is_recorded_as_late(api: Api, group):
    soon = plan(api, group, 1, "in_person").json()
    path = f"/v1/sessions/{soon['session_id']}/absence"
    bare = api.call("POST", path, group["mentor"]["token"], json={"reason": "Ill"})
    assert bare.status_code == 422 and bare.json()["rule"] == "proposed_starts_at_required"

    with api.events_seen() as seen:
        moved = api.call(
            "POST", path, group["mentor"]["token"], json={"reason": "Ill", "proposed_starts_at": at(3)}
        )
        api.settle()
    assert moved.status_code == 200, moved.text
    assert moved.json()["starts_at"] != soon["starts_at"] and moved.json()["sequence"] == 1
    noticed = [e["detail"]["data"] for e in seen if e["detail-type"] == "AbsenceNoticed"]
    assert noticed[0]["late"] is True and noticed[0]["role"] == "mentor"
    assert "Ill" not in str(seen)  # the reason stays in sessions
    assert {e["detail-type"] for e in seen} == {"AbsenceNoticed", "SessionRescheduled"}

    mentee = api.call("POST", path, group["mentees"][2]["token"], json={"reason": "Exam"})
    assert mentee.status_code == 200
    assert api.call("POST", path, group["manager"], json={"reason": "x"}).status_code == 403


def test_attendance_sets_the_rotating_writer_who_alone_writes_the_diary(api: Api, group):
    mentees = group["mentees"]
    mentor = group["mentor"]["token"]
    ahead = plan(api, group, 2, "in_person").json()
    early = api.call("POST", f"/v1/sessions/{ahead['session_id']}/attendance", mentor, json={"present": []})
    assert early.status_code == 422 and early.json()["rule"] == "session_not_started"

    writers = []
    for days in (-3, -2):
        held = plan(api, group, days, "in_person").json()
        present = [mentees[0]["participant_id"], mentees[2]["participant_id"]]
        answer = api.call(
            "POST", f"/v1/sessions/{held['session_id']}/attendance", mentor, json={"present": present}
        )
        assert answer.status_code == 200, answer.text
        writers.append(answer.json()["diary_writer_id"])
        last = held
    # The rotation skips the mentee who was not there.
    assert writers == [mentees[0]["participant_id"], mentees[2]["participant_id"]]

    diary = f"/v1/sessions/{last['session_id']}/diary"
    entry = {
        "summary": "We planned the launch.",
        "topics": ["pricing"],
        "learned": "Costs",
        "next_steps": "Call",
    }
    assert api.call("PUT", diary, mentees[0]["token"], json=entry).status_code == 403
    assert api.call("PUT", diary, mentor, json=entry).status_code == 403
    with api.events_seen() as seen:
        written = api.call("PUT", diary, mentees[2]["token"], json=entry)
        api.settle()
    assert written.status_code == 200, written.text
    assert "We planned" not in str(seen)
    assert [e["detail"]["data"]["writer_id"] for e in seen] == [mentees[2]["participant_id"]]

    remark = api.call("POST", f"{diary}/remarks", mentor, json={"text": "Good work."})
    assert remark.status_code == 201 and remark.json()["remarks"][0]["text"] == "Good work."
    assert api.call("POST", f"{diary}/remarks", mentees[2]["token"], json={"text": "x"}).status_code == 403
    assert api.call("GET", diary, group["manager"]).json()["entry"]["summary"] == "We planned the launch."
    assert api.call("GET", diary, mentees[1]["token"]).status_code == 200
    assert api.call("GET", diary, group["trainer"]).status_code == 403
    assert api.call("GET", diary, group["other_manager"]).status_code == 404


def test_members_get_the_plan_as_an_icalendar_feed(api: Api, group):
    path = f"/v1/matches/{group['match_id']}/calendar.ics"
    feed = api.call("GET", path, group["mentees"][1]["token"])
    assert feed.status_code == 200, feed.text
    assert feed.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.text)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    listed = api.call("GET", f"/v1/matches/{group['match_id']}/sessions", group["manager"]).json()["items"]
    assert set(events) == {f"{s['session_id']}@tandem" for s in listed}
    for session in listed:
        event = events[f"{session['session_id']}@tandem"]
        assert int(event["SEQUENCE"]) == session["sequence"]
        assert (str(event["STATUS"]) == "CANCELLED") == (session["status"] == "cancelled")
        assert event["DTSTART"].params["TZID"] == "Europe/Warsaw"  # the municipality's zone
    assert "CANCELLED" in feed.text
    assert api.call("GET", path, group["manager"]).status_code == 403
    assert api.call("GET", path, group["other_manager"]).status_code == 404


def test_an_ended_relationship_stays_readable_and_takes_no_more_writes(api: Api, group):
    match_id, mentor, manager = group["match_id"], group["mentor"]["token"], group["manager"]
    mentees = group["mentees"]
    ahead = plan(api, group, 20, "in_person").json()
    sessions = api.call("GET", f"/v1/matches/{match_id}/sessions", manager).json()["items"]
    held = next(s for s in sessions if s["status"] == "held" and s["diary_writer_id"])
    writer = next(m for m in mentees if m["participant_id"] == held["diary_writer_id"])
    assert end(api, group, match_id, reason="moved away", rematch=False).status_code == 200
    api.settle()

    goals = {"goals": [{"title": "Keep going"}]}
    entry = {"summary": "s", "topics": [], "learned": "l", "next_steps": "n"}
    writes = [
        ("PUT", f"/v1/matches/{match_id}/agreement", mentor, agreement_body()),
        ("POST", f"/v1/matches/{match_id}/agreement/signatures", mentor, {"version": 2}),
        ("PUT", f"/v1/matches/{match_id}/goals/{mentees[0]['participant_id']}", mentees[0]["token"], goals),
        ("PUT", f"/v1/matches/{match_id}/group-goals", mentor, goals),
        (
            "POST",
            f"/v1/matches/{match_id}/sessions",
            mentor,
            {"starts_at": at(21), "duration_minutes": 60, "topic": "t", "mode": "in_person"},
        ),
        ("PATCH", f"/v1/sessions/{ahead['session_id']}", manager, {"topic": "Later"}),
        ("POST", f"/v1/sessions/{ahead['session_id']}/absence", mentees[1]["token"], {"reason": "Ill"}),
        ("POST", f"/v1/sessions/{ahead['session_id']}/attendance", mentor, {"present": []}),
        ("PUT", f"/v1/sessions/{held['session_id']}/diary", writer["token"], entry),
        ("POST", f"/v1/sessions/{held['session_id']}/diary/remarks", mentor, {"text": "More"}),
        ("PUT", f"/v1/matches/{match_id}/reflection", mentor, {"text": "Done", "shared_with_trainer": False}),
    ]
    for method, path, token, body in writes:
        refused = api.call(method, path, token, json=body)
        assert (refused.status_code, refused.json().get("rule")) == (422, "relationship_closed"), path
        assert refused.headers["Content-Type"].startswith("application/problem+json")

    # Everything stays readable to those who could read it, and only to them.
    member_reads = [
        f"/v1/matches/{match_id}/agreement",
        f"/v1/matches/{match_id}/goals",
        f"/v1/matches/{match_id}/sessions",
        f"/v1/sessions/{held['session_id']}/diary",
    ]
    for path in member_reads:
        for token in (mentor, *(m["token"] for m in mentees), manager):
            assert api.call("GET", path, token).status_code == 200, path
        assert api.call("GET", path, group["other_manager"]).status_code == 404, path
    assert api.call("GET", f"/v1/matches/{match_id}/calendar.ics", mentees[2]["token"]).status_code == 200
    assert api.call("GET", f"/v1/matches/{match_id}/reflection", mentor).status_code == 200
    assert api.call("GET", f"/v1/sessions/{held['session_id']}/diary", group["trainer"]).status_code == 403
    listed = api.call("GET", f"/v1/matches/{match_id}/sessions", mentees[0]["token"]).json()["items"]
    assert next(s for s in listed if s["session_id"] == ahead["session_id"])["status"] == "cancelled"
