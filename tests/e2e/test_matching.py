"""Matching over HTTP: accepted applicants → a run → reasons → publish → matches seen by their own people."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.e2e.conftest import PROGRAMME, Api
from tests.fakes.bodies import applicant

GROUP = {
    **PROGRAMME,
    "name": "Matching e2e",
    "kind": "group",
    "max_group_size": 3,
    "mentor_training_required": False,
    "languages": ["de", "en"],
    "matching": {"weights": {"interests": 4, "availability": 5}, "min_score": 0},
}


def accept(api: Api, town: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    path = f"/v1/public/{town['slug']}/programmes/{town['programme_id']}/applications"
    application_id = api.call("POST", path, json=body).json()["application_id"]
    decided = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": "accepted"}
    ).json()
    return {"participant_id": decided["participant_id"], "email": body["person"]["email"]}


def matched(api: Api, town: dict[str, Any], mentor: dict[str, Any], *mentees: dict[str, Any]) -> str:
    """The manager matches these people by hand; the new match's id."""
    body = {
        "programme_id": town["programme_id"],
        "mentor_id": mentor["participant_id"],
        "mentee_ids": [mentee["participant_id"] for mentee in mentees],
    }
    r = api.call("POST", "/v1/matches", town["manager"], json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["match_id"])


def end(api: Api, town: dict[str, Any], match_id: str, **body: Any) -> requests.Response:
    return api.call("POST", f"/v1/matches/{match_id}/end", town["manager"], json=body)


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    town = api.new_town(GROUP)
    town["mentors"] = [
        accept(
            api,
            town,
            applicant("mentor", "Anna", ["de", "en"], ["cooking", "technology"], ["mon_evening"], 2),
        ),
        accept(api, town, applicant("mentor", "Bernd", ["de"], ["football", "cars"], ["sat_morning"], 2)),
    ]
    town["mentees"] = [
        accept(api, town, applicant("mentee", "Cem", ["de", "tr"], ["football"], ["sat_morning"])),
        accept(api, town, applicant("mentee", "Dana", ["en"], ["technology", "cooking"], ["mon_evening"])),
        accept(api, town, applicant("mentee", "Emil", ["de"], ["cars"], ["sat_morning"])),
        accept(
            api, town, applicant("mentee", "Fatma", ["ar"], ["technology"], ["mon_evening"])
        ),  # no shared language
    ]
    api.settle()
    return town


def run(api: Api, town: dict[str, Any], **body: Any) -> dict[str, Any]:
    r = api.call(
        "POST",
        f"/v1/programmes/{town['programme_id']}/matching-runs",
        town["manager"],
        json={"objective": "max_total", **body},
    )
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "running"
    api.settle()
    got = api.call("GET", f"/v1/matching-runs/{r.json()['run_id']}", town["manager"]).json()
    assert got["status"] == "completed", got
    return got


def test_a_run_proposes_explained_matches_and_publishing_makes_them_visible_to_their_people(api: Api, town):
    result = run(api, town)
    mentors = {m["participant_id"]: m for m in town["mentors"]}
    mentees = {m["participant_id"]: m for m in town["mentees"]}
    pairs = {(p["mentor_id"], tuple(sorted(p["mentee_ids"]))) for p in result["proposals"]}
    anna, bernd = (m["participant_id"] for m in town["mentors"])
    cem, dana, emil, fatma = (m["participant_id"] for m in town["mentees"])
    assert pairs == {(anna, (dana,)), (bernd, tuple(sorted((cem, emil))))}
    assert result["unmatched"] == [{"participant_id": fatma, "reason": "no_shared_language"}]
    for proposal in result["proposals"]:
        assert proposal["reasons"] and proposal["breakdown"]
        assert 0 < proposal["score"] <= 100
    assert result["metrics"]["matched"] == 3 and result["metrics"]["unmatched"] == 1

    published = api.call("POST", f"/v1/matching-runs/{result['run_id']}/publish", town["manager"], json={})
    assert published.status_code == 200, published.text
    matches = published.json()["matches"]
    assert len(matches) == 2
    listed = api.call("GET", f"/v1/matches?programme_id={town['programme_id']}", town["manager"]).json()[
        "items"
    ]
    assert {m["match_id"] for m in listed} == {m["match_id"] for m in matches}

    # Each mentor sees only their own match, each mentee only theirs.
    for person in [*mentors.values(), *mentees.values()]:
        token = api.token(person["email"])
        own = api.call("GET", "/v1/matches", token).json()["items"]
        members = [{m["mentor_id"], *m["mentee_ids"]} for m in own]
        assert all(person["participant_id"] in ms for ms in members)
        expected = 0 if person["participant_id"] == fatma else 1
        assert len(own) == expected
        for match in matches:
            r = api.call("GET", f"/v1/matches/{match['match_id']}", token)
            mine = person["participant_id"] in {match["mentor_id"], *match["mentee_ids"]}
            assert r.status_code == (200 if mine else 404)

    # The run cannot be published twice, and the matched are no longer proposed.
    again = api.call("POST", f"/v1/matching-runs/{result['run_id']}/publish", town["manager"], json={})
    assert again.status_code == 409
    second = run(api, town)
    assert second["proposals"] == []


def test_manual_matches_follow_the_solvers_rules(api: Api, town):
    t = api.new_town({**GROUP, "max_group_size": 2})
    mentor = accept(api, t, applicant("mentor", "Gabi", ["de"], ["technology"], ["mon_evening"], capacity=1))
    one = accept(api, t, applicant("mentee", "Hans", ["de"], ["technology"], ["mon_evening"]))
    two = accept(api, t, applicant("mentee", "Ida", ["de"], ["technology"], ["mon_evening"]))
    lost = accept(api, t, applicant("mentee", "Jin", ["zh"], ["technology"], ["mon_evening"]))
    api.settle()

    def manual(mentor_id: str, *mentee_ids: str) -> Any:
        return api.call(
            "POST",
            "/v1/matches",
            t["manager"],
            json={"programme_id": t["programme_id"], "mentor_id": mentor_id, "mentee_ids": list(mentee_ids)},
        )

    cases = [
        (manual(mentor["participant_id"], lost["participant_id"]), "no_shared_language"),
        (manual(mentor["participant_id"], one["participant_id"], two["participant_id"]), "capacity"),
        (manual(one["participant_id"], two["participant_id"]), "unknown_mentor"),
        (manual(mentor["participant_id"], one["participant_id"], one["participant_id"]), "duplicate_mentee"),
    ]
    for response, rule in cases:
        assert response.status_code == 422, response.text
        assert response.json()["rule"] == rule
    assert (
        api.call("GET", f"/v1/matches?programme_id={t['programme_id']}", t["manager"]).json()["items"] == []
    )

    ok = manual(mentor["participant_id"], one["participant_id"])
    assert ok.status_code == 201
    twice = manual(mentor["participant_id"], two["participant_id"])
    assert twice.status_code == 422 and twice.json()["rule"] == "capacity"

    ranked = api.call(
        "GET",
        f"/v1/programmes/{t['programme_id']}/candidates?mentee_id={two['participant_id']}",
        t["manager"],
    ).json()
    assert ranked["items"][0]["mentor_id"] == mentor["participant_id"]
    assert ranked["items"][0]["has_room"] is False and ranked["items"][0]["reasons"]

    ended = end(api, t, ok.json()["match_id"], reason="moved away", rematch=False)
    assert ended.status_code == 200 and ended.json()["match"]["status"] == "ended"
    assert (
        manual(mentor["participant_id"], two["participant_id"]).status_code == 201
    )  # the mentor is free again


def test_publishing_a_stale_run_is_refused_with_what_changed(api: Api):
    t = api.new_town(GROUP)
    mentor = accept(api, t, applicant("mentor", "Kai", ["de"], ["technology"], ["mon_evening"], capacity=2))
    accept(api, t, applicant("mentee", "Lea", ["de"], ["technology"], ["mon_evening"]))
    api.settle()
    stale = run(api, t)
    newcomer = accept(api, t, applicant("mentee", "Max", ["de"], ["technology"], ["mon_evening"]))
    api.settle()
    r = api.call("POST", f"/v1/matching-runs/{stale['run_id']}/publish", t["manager"], json={})
    assert r.status_code == 409
    assert r.json()["changes"] == [
        {"participant_id": newcomer["participant_id"], "change": "new_participant"}
    ]
    assert (
        api.call("GET", f"/v1/matches?programme_id={t['programme_id']}", t["manager"]).json()["items"] == []
    )
    fresh = run(api, t)
    assert (
        api.call("POST", f"/v1/matching-runs/{fresh['run_id']}/publish", t["manager"], json={}).status_code
        == 200
    )
    assert mentor["participant_id"] in {p["mentor_id"] for p in fresh["proposals"]}


def test_rematch_proposes_the_best_other_available_mentor(api: Api):
    t = api.new_town(GROUP)
    first = accept(api, t, applicant("mentor", "Nora", ["de"], ["technology"], ["mon_evening"], capacity=1))
    other = accept(api, t, applicant("mentor", "Otto", ["de"], ["technology"], ["mon_evening"], capacity=1))
    mentee = accept(api, t, applicant("mentee", "Pia", ["de"], ["technology"], ["mon_evening"]))
    api.settle()
    match_id = matched(api, t, first, mentee)
    ended = end(api, t, match_id, reason="asked for another mentor", rematch=True)
    assert ended.status_code == 200, ended.text
    proposal = ended.json()["rematch_proposals"][0]
    assert proposal["mentee_id"] == mentee["participant_id"]
    assert proposal["candidate"]["mentor_id"] == other["participant_id"]


def test_another_tenants_manager_gets_404_on_every_matching_path(api: Api, town):
    stranger = api.new_tenant()["manager"]
    programme_id = town["programme_id"]
    mentee = town["mentees"][0]["participant_id"]
    any_match = api.call("GET", f"/v1/matches?programme_id={programme_id}", town["manager"]).json()["items"]
    paths = [
        ("POST", f"/v1/programmes/{programme_id}/matching-runs", {"objective": "max_total"}),
        ("GET", f"/v1/programmes/{programme_id}/candidates?mentee_id={mentee}", None),
        ("POST", "/v1/matches", {"programme_id": programme_id, "mentor_id": "x", "mentee_ids": [mentee]}),
    ]
    if any_match:
        paths += [
            ("GET", f"/v1/matches/{any_match[0]['match_id']}", None),
            ("POST", f"/v1/matches/{any_match[0]['match_id']}/end", {"reason": "x", "rematch": False}),
        ]
    for method, path, body in paths:
        assert api.call(method, path, stranger, json=body).status_code == 404, path
    assert api.call("GET", f"/v1/matches?programme_id={programme_id}", stranger).json()["items"] == []


def test_members_see_that_their_match_ended_but_not_the_confidential_reason(api: Api):
    t = api.new_town(GROUP)
    mentor = accept(
        api, t, applicant("mentor", "Quirin", ["de"], ["technology"], ["mon_evening"], capacity=1)
    )
    mentee = accept(api, t, applicant("mentee", "Rosa", ["de"], ["technology"], ["mon_evening"]))
    api.settle()
    match_id = matched(api, t, mentor, mentee)
    ended = end(api, t, match_id, reason="concerns raised in a confidential talk", rematch=False)
    assert ended.status_code == 200, ended.text

    for person in (mentor, mentee):
        token = api.token(person["email"])
        seen = api.call("GET", f"/v1/matches/{match_id}", token)
        assert seen.status_code == 200, seen.text
        assert seen.json()["status"] == "ended" and seen.json()["ended_at"]
        assert seen.json()["end_reason"] is None
        listed = api.call("GET", "/v1/matches", token).json()["items"]
        assert [(m["status"], m["end_reason"]) for m in listed] == [("ended", None)]
        assert "confidential" not in seen.text + str(listed)
    managed = api.call("GET", f"/v1/matches/{match_id}", t["manager"]).json()
    assert managed["end_reason"] == "concerns raised in a confidential talk"


def test_a_second_run_while_one_is_running_is_409_and_publishes_nothing(api: Api, monkeypatch):
    """The events function is held back (its run stays `running`) by recording the run requests it
    receives instead of computing them; the test computes the held run itself afterwards."""
    from services.matching import logic

    compute = logic.compute_run
    held: list[tuple[Any, ...]] = []
    monkeypatch.setattr(logic, "compute_run", lambda *args, **kwargs: held.append(args))
    t = api.new_town(GROUP)
    accept(api, t, applicant("mentor", "Sven", ["de"], ["technology"], ["mon_evening"], capacity=1))
    accept(api, t, applicant("mentee", "Tina", ["de"], ["technology"], ["mon_evening"]))
    api.settle()
    path = f"/v1/programmes/{t['programme_id']}/matching-runs"

    first = api.call("POST", path, t["manager"], json={})
    api.settle()
    assert first.status_code == 202 and len(held) == 1
    second = api.call("POST", path, t["manager"], json={})
    api.settle()
    assert second.status_code == 409, second.text
    assert second.headers["content-type"].startswith("application/problem+json")
    assert second.json()["rule"] == "run_in_progress"
    assert len(held) == 1  # the refused request published no MatchingRunRequested

    with api.runtime.lock:
        finished = compute(*held[0])
    assert finished is not None and finished.status == "completed"
    monkeypatch.undo()
    third = run(api, t)
    assert third["run_id"] != first.json()["run_id"]
