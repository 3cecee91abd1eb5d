"""A person's rights over HTTP (issue 14): a mentee with an application, a match, sessions, a diary and
answers is exported (every service's part, the diary and the answers in it, a link that expires) and then
erased (every service done, their data gone from every table, the group's other diary entries kept, the
account unable to sign in, their reminders deleted); the ledger erases a restored table again."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import boto3
import pytest
import requests

from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_monitoring_questionnaires import ENDS, GROUP, STARTS, of_kind, respond
from tests.e2e.test_sessions_api import at
from tests.fakes.bodies import applicant

SERVICES = ["intake", "matching", "sessions", "monitoring", "notifications"]


def canary(label: str) -> str:
    """A string found nowhere else (letters only: a name must be one)."""
    return label + uuid.uuid4().hex[:10].translate(str.maketrans("0123456789", "ghijklmnop"))


def session_held(api: Api, world: dict[str, Any], days: float) -> dict[str, Any]:
    body = {"starts_at": at(days), "duration_minutes": 60, "topic": "Next steps", "mode": "in_person"}
    made = api.call("POST", f"/v1/matches/{world['match_id']}/sessions", world["mentor"]["token"], json=body)
    assert made.status_code == 201, made.text
    session = made.json()
    present = [m["participant_id"] for m in world["mentees"]]
    held = api.call(
        "POST",
        f"/v1/sessions/{session['session_id']}/attendance",
        world["mentor"]["token"],
        json={"present": present},
    )
    assert held.status_code == 200, held.text
    return dict(held.json())


def write_diary(api: Api, world: dict[str, Any], session: dict[str, Any], summary: str) -> None:
    writer = next(m for m in world["mentees"] if m["participant_id"] == session["diary_writer_id"])
    entry = {"summary": summary, "topics": ["jobs"], "learned": summary, "next_steps": "Call"}
    written = api.call("PUT", f"/v1/sessions/{session['session_id']}/diary", writer["token"], json=entry)
    assert written.status_code == 200, written.text


def piotrs_world(api: Api, sessions: int = 2) -> dict[str, Any]:
    """Mentor Olga, mentees Piotr (whose rights these are) and Rosa; the agreement signed, Piotr's initial
    questionnaire answered, `sessions` sessions held with a diary each (the writers take turns)."""
    family = canary("Kowalczyk")
    town = api.new_town({**GROUP, "name": "Privacy"})
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=3))
    piotr = accept(api, town, applicant("mentee", "Piotr", family_name=family))
    rosa = accept(api, town, applicant("mentee", "Rosa"))
    api.settle()
    match_id = matched(api, town, mentor, piotr, rosa)
    api.settle()
    tokens = {p["email"]: api.token(p["email"]) for p in (mentor, piotr, rosa)}
    body = {"starts_on": STARTS.isoformat(), "ends_on": ENDS.isoformat(), "communication_rules": "Two days."}
    written = api.call("PUT", f"/v1/matches/{match_id}/agreement", tokens[mentor["email"]], json=body)
    assert written.status_code == 200, written.text
    for signer in (*tokens.values(), town["manager"]):
        r = api.call(
            "POST",
            f"/v1/matches/{match_id}/agreement/signatures",
            signer,
            json={"version": written.json()["version"]},
        )
        assert r.status_code == 200, r.text
    api.settle()
    world = {
        **town,
        "match_id": match_id,
        "family": family,
        "piotr": {**piotr, "token": tokens[piotr["email"]]},
        "rosa": {**rosa, "token": tokens[rosa["email"]]},
        "mentor": {**mentor, "token": tokens[mentor["email"]]},
    }
    world["mentees"] = [world["piotr"], world["rosa"]]
    answer = canary("I want to work as a nurse ")
    initial = of_kind(api, world["piotr"]["token"], "initial")
    answers = {
        "needs": answer,
        "expectations": "Honest advice",
        "confidence": 5,
        "employment_status": "unemployed",
        "secures_living": "no",
        "share_with_group": "I draw maps",
        "weaknesses": "Interviews",
    }
    # A draft: the questionnaire stays due, so its reminder stays scheduled until the erasure.
    done = respond(api, world["piotr"]["token"], initial["assignment_id"], answers)
    assert done.status_code == 200, done.text
    world_assignment = initial["assignment_id"]
    world["answer"] = answer
    world["assignment"] = world_assignment
    world["diaries"] = {}
    for n in range(sessions):
        session = session_held(api, world, -5 + n * 0.1)
        summary = canary(f"Diary {n} ")
        write_diary(api, world, session, summary)
        world["diaries"][summary] = session["diary_writer_id"]
    api.settle()
    world["other"] = api.new_tenant()
    return world


@pytest.fixture(scope="module")
def world(api: Api) -> dict[str, Any]:
    return piotrs_world(api)


def every_item(api: Api) -> list[dict[str, Any]]:
    """A test-only scan of every table of the runtime (the services themselves never scan)."""
    dynamodb = boto3.client("dynamodb")
    items = []
    with api.runtime.lock:
        for name in dynamodb.list_tables()["TableNames"]:
            items += [
                {"table": name, **i}
                for i in dynamodb.get_paginator("scan").paginate(TableName=name).search("Items")
            ]
    return items


def holding(api: Api, *needles: str) -> list[dict[str, Any]]:
    return [i for i in every_item(api) if any(n in json.dumps(i) for n in needles)]


def exported(api: Api, token: str, export_id: str) -> dict[str, Any]:
    api.settle()
    read = api.call("GET", f"/v1/exports/{export_id}", token)
    assert read.status_code == 200, read.text
    return dict(read.json())


def test_an_export_lists_every_service_and_holds_the_diary_and_the_answers(api: Api, world):
    pid = world["piotr"]["participant_id"]
    asked = api.call("POST", f"/v1/people/{pid}/export", world["manager"])
    assert asked.status_code == 202, asked.text
    assert [s["status"] for s in asked.json()["services"]] == ["pending"] * 5  # never silently missing
    export = exported(api, world["manager"], asked.json()["export_id"])
    assert export["status"] == "complete"
    assert [(s["service"], s["status"]) for s in export["services"]] == [(s, "written") for s in SERVICES]

    whole = requests.get(export["download_url"], timeout=10)
    assert whole.status_code == 200
    text = whole.text
    piotrs_diary = next(s for s, writer in world["diaries"].items() if writer == pid)
    assert piotrs_diary in text
    assert world["answer"] in text
    assert world["family"] in text
    assert sorted(whole.json()["services"]) == sorted(SERVICES)
    page = requests.get(export["html_url"], timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert piotrs_diary in page.text and "<html lang=" in page.text


def test_the_person_downloads_their_own_data_and_nobody_else_sees_it(api: Api, world):
    piotr = world["piotr"]["token"]
    asked = api.call("POST", "/v1/me/export", piotr, headers={"Idempotency-Key": "mine-1"})
    assert asked.status_code == 202, asked.text
    again = api.call("POST", "/v1/me/export", piotr, headers={"Idempotency-Key": "mine-1"})
    assert again.json()["export_id"] == asked.json()["export_id"]
    export_id = asked.json()["export_id"]
    assert exported(api, piotr, export_id)["status"] == "complete"
    assert api.call("GET", f"/v1/exports/{export_id}", world["rosa"]["token"]).status_code == 404
    assert api.call("GET", f"/v1/exports/{export_id}", world["other"]["manager"]).status_code == 404
    other = api.call(
        "POST", f"/v1/people/{world['piotr']['participant_id']}/export", world["other"]["manager"]
    )
    assert other.status_code == 404
    assert api.call("POST", f"/v1/people/{world['piotr']['participant_id']}/export", piotr).status_code == 403


def test_the_download_link_expires_after_15_minutes(api: Api, world):
    asked = api.call("POST", "/v1/me/export", world["rosa"]["token"])
    export = exported(api, world["rosa"]["token"], asked.json()["export_id"])
    assert requests.get(export["download_url"], timeout=10).status_code == 200
    forged = export["download_url"].replace("/exports/", "/exports/x", 1)
    assert requests.get(forged, timeout=10).status_code == 403
    api.runtime.advance_clock(timedelta(minutes=16))
    assert requests.get(export["download_url"], timeout=10).status_code == 403


def reminders(api: Api, assignment_id: str) -> tuple[list[str], list[str]]:
    """The reminder items notifications keeps for a questionnaire, and those of their schedules that exist."""
    subject = f"#questionnaire:{assignment_id}#"
    items = [
        i["sk"]["S"]
        for i in every_item(api)
        if i["pk"]["S"].endswith("#REMINDER") and subject in i["sk"]["S"]
    ]
    scheduler = boto3.client("scheduler")
    with api.runtime.lock:
        names = {
            s["Name"]
            for page in scheduler.get_paginator("list_schedules").paginate()
            for s in page["Schedules"]
        }
    return items, [sk.rsplit("#", 1)[1] for sk in items if sk.rsplit("#", 1)[1] in names]


def test_erasure_reaches_every_service_and_leaves_the_others_entries(api: Api, world):
    pid = world["piotr"]["participant_id"]
    piotrs_diary = next(s for s, writer in world["diaries"].items() if writer == pid)
    rosas_diary = next(s for s, writer in world["diaries"].items() if writer != pid)
    rosas_assignment = of_kind(api, world["rosa"]["token"], "initial")["assignment_id"]
    piotrs_reminders = reminders(api, world["assignment"])
    assert piotrs_reminders[0] and piotrs_reminders[1]
    assert holding(api, world["family"], piotrs_diary, world["answer"])
    sessions_before = [i for i in holding(api, piotrs_diary) if "Sessions" in i["table"]]

    refused = api.call("POST", f"/v1/people/{pid}/erasure", world["manager"], json={"reason": "because"})
    assert refused.status_code == 422
    assert (
        api.call(
            "POST", f"/v1/people/{pid}/erasure", world["other"]["manager"], json={"reason": "person_request"}
        )
    ).status_code == 404
    asked = api.call(
        "POST",
        f"/v1/people/{pid}/erasure",
        world["manager"],
        json={"reason": "person_request", "note": "Asked by letter"},
        headers={"Idempotency-Key": "erase-piotr"},
    )
    assert asked.status_code == 202, asked.text
    erasure_id = asked.json()["erasure_id"]
    api.settle()
    read = api.call("GET", f"/v1/erasures/{erasure_id}", world["manager"])
    assert read.status_code == 200, read.text
    assert read.json()["status"] == "done"
    assert [(s["service"], s["status"]) for s in read.json()["services"]] == [(s, "done") for s in SERVICES]
    assert api.call("GET", f"/v1/erasures/{erasure_id}", world["other"]["manager"]).status_code == 404
    assert api.call("GET", f"/v1/erasures/{erasure_id}", world["rosa"]["token"]).status_code == 403

    left = holding(api, world["family"], world["piotr"]["email"], piotrs_diary, world["answer"])
    assert left == [], [(i["table"], i["pk"], i["sk"]) for i in left]
    # The group's other entry stays; Piotr's name where it showed is a neutral label.
    assert (
        api.call("GET", f"/v1/matches/{world['match_id']}/sessions", world["rosa"]["token"]).status_code
        == 200
    )
    assert holding(api, rosas_diary)
    assert holding(api, "Former participant")
    # The account is gone: no token, no sign-in.
    assert api.http.post(f"{api.url}/local/token", json={"email": world["piotr"]["email"]}).status_code == 404
    # Piotr's questionnaire reminder is deleted, its schedule with it; Rosa's, in the same group, stays.
    assert reminders(api, world["assignment"]) == ([], [])
    assert reminders(api, rosas_assignment)[1]
    world["erasure_id"] = erasure_id
    world["sessions_before"] = sessions_before


def test_a_restored_table_is_erased_again_from_the_ledger(api: Api, world):
    from services.intake.privacy.reapply import reapply

    before = world["sessions_before"]
    assert before
    dynamodb = boto3.client("dynamodb")
    with api.runtime.lock:  # the restore: the sessions table's items as they were before the erasure
        for item in before:
            dynamodb.put_item(TableName=item["table"], Item={k: v for k, v in item.items() if k != "table"})
    pid = world["piotr"]["participant_id"]
    piotrs_diary = next(s for s, writer in world["diaries"].items() if writer == pid)
    assert holding(api, piotrs_diary)
    with api.runtime.lock:
        # This municipality's entries: the command (`make reapply-erasures`) takes every municipality's, which
        # in a whole suite's run is every test's erasures again.
        assert reapply(tenant_id=world["tenant_id"]) >= 1
    api.runtime.wait_until_idle(timeout=120)
    assert holding(api, piotrs_diary) == []
