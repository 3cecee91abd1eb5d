"""The employer's own rights (seed 002; issue 14's export and erasure), over HTTP on the local runtime. An
employer is a user, not a participant: their export lists their links (which mentees, by reference, since
when) and the goals they set, and nothing else of the mentee; erasing them ends their links at once (an
`EmployerLinkEnded` each, as a withdrawn consent does), deletes their account, and keeps the mentee's goals
and link record without naming them."""

from __future__ import annotations

import json
from typing import Any

import boto3
import jwt
import pytest
import requests

from tests.e2e.conftest import Api
from tests.e2e.test_employer import consent, employer_account, link
from tests.e2e.test_monitoring_questionnaires import signed_relationship

GOAL = "Forkliftlicence"  # the employer's goal for the mentee
OWN = "Ownmenteegoalxyz"  # the mentee's own: never the employer's


def person_of(token: str) -> str:
    return str(jwt.decode(token, options={"verify_signature": False})["custom:person_id"])


def items_holding(api: Api, needle: str) -> list[dict[str, Any]]:
    """A test-only scan of every table (the services never scan)."""
    dynamodb = boto3.client("dynamodb")
    found = []
    with api.runtime.lock:
        for name in dynamodb.list_tables()["TableNames"]:
            for item in dynamodb.get_paginator("scan").paginate(TableName=name).search("Items"):
                if needle in json.dumps(item):
                    found.append({"table": name, **item})
    return found


def downloaded(api: Api, token: str, export_id: str) -> dict[str, Any]:
    api.settle()
    view = api.call("GET", f"/v1/exports/{export_id}", token).json()
    assert view["status"] == "complete", view
    return dict(requests.get(view["download_url"], timeout=10).json())


@pytest.fixture(scope="module")
def world(api: Api) -> dict[str, Any]:
    rel = signed_relationship(api, "Employer rights")
    piotr = rel["mentees"][0]
    employer = employer_account(api, rel["manager"], "Edda")
    employer["person_id"] = person_of(employer["token"])
    consent(api, piotr["token"], True)
    linked = link(api, rel["manager"], piotr["participant_id"], employer["user_id"])
    assert linked.status_code == 201, linked.text
    api.settle()
    goals = {"goals": [{"title": GOAL, "status": "open"}]}
    path = f"/v1/employer/mentees/{piotr['participant_id']}/goals"
    assert api.call("PUT", path, employer["token"], json=goals).status_code == 200
    own = {"goals": [{"title": OWN, "status": "open"}]}
    mine = f"/v1/matches/{rel['match_id']}/goals/{piotr['participant_id']}"
    assert api.call("PUT", mine, piotr["token"], json=own).status_code == 200
    api.settle()
    return {**rel, "employer": employer, "link_id": linked.json()["link_id"], "piotr": piotr}


def test_the_employer_s_export_lists_their_links_and_the_goals_they_set(api: Api, world):
    employer, piotr = world["employer"], world["piotr"]
    asked = api.call("POST", "/v1/me/export", employer["token"])
    assert asked.status_code == 202, asked.text
    whole = downloaded(api, employer["token"], asked.json()["export_id"])
    parts = whole["services"]
    [their_link] = parts["intake"]["employerlink"]
    link = their_link["document"]
    assert (link["link_id"], link["participant_id"], link["status"]) == (
        world["link_id"],
        piotr["participant_id"],
        "active",
    )
    assert link["linked_at"]  # since when
    [goals] = parts["sessions"]["goals"]
    assert GOAL in json.dumps(goals) and piotr["participant_id"] in json.dumps(goals)
    text = json.dumps(whole)
    assert OWN not in text  # the mentee's own goals are not the employer's
    assert piotr["email"] not in text and world["mentees"][1]["participant_id"] not in text

    # A manager may ask for it too, naming the employer by their person id (an employer has no participation).
    for_them = api.call("POST", f"/v1/people/{employer['person_id']}/export", world["manager"])
    assert for_them.status_code == 202, for_them.text
    assert GOAL in json.dumps(downloaded(api, world["manager"], for_them.json()["export_id"]))
    other = api.call("POST", f"/v1/people/{employer['person_id']}/export", world["other_manager"])
    assert other.status_code == 404


def test_erasing_the_employer_ends_their_links_and_keeps_the_mentee_s_goals(api: Api, world):
    employer, piotr, manager = world["employer"], world["piotr"], world["manager"]
    body = {"reason": "person_request"}
    assert (
        api.call("POST", f"/v1/people/{employer['person_id']}/erasure", world["other_manager"], json=body)
    ).status_code == 404
    with api.events_seen() as seen:
        asked = api.call("POST", f"/v1/people/{employer['person_id']}/erasure", manager, json=body)
        assert asked.status_code == 202, asked.text
    ended = [e["detail"]["data"] for e in seen if e["detail-type"] == "EmployerLinkEnded"]
    assert ended == [
        {
            "link_id": world["link_id"],
            "participant_id": piotr["participant_id"],
            "employer_user_id": employer["user_id"],
            "reason": "employer_erased",
        }
    ]
    api.settle()
    erasure = api.call("GET", f"/v1/erasures/{asked.json()['erasure_id']}", manager).json()
    assert erasure["status"] == "done", erasure
    # The account is gone; the employer sees nothing any more.
    assert api.http.post(f"{api.url}/local/token", json={"email": employer["email"]}).status_code == 404
    assert items_holding(api, employer["email"]) == []

    # The mentee's goals stay, marked as an employer's, naming nobody.
    every = api.call("GET", f"/v1/matches/{world['match_id']}/goals", piotr["token"]).json()
    [theirs] = every["employer"]
    assert [g["title"] for g in theirs["goals"]] == [GOAL] and theirs["set_by"] == "employer"
    goals_items = [i for i in items_holding(api, GOAL) if "GOALS" in i["pk"]["S"]]
    assert goals_items and all(employer["person_id"] not in json.dumps(i) for i in goals_items)
    # The link is the mentee's record: ended, without the employer.
    links = api.call("GET", f"/v1/participants/{piotr['participant_id']}/employer-links", manager).json()
    [kept] = links["items"]
    assert (kept["status"], kept["end_reason"], kept["employer_user_id"]) == (
        "ended",
        "employer_erased",
        "erased",
    )
