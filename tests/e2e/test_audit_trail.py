"""The audit trail over HTTP: a manager reads an application and a diary, a mentor reads their
relationship's diary → the participant's trail names each, with the person, the role and the request's
correlation id; another municipality's manager gets a 404; the page shows it in three languages."""

from __future__ import annotations

import uuid
from typing import Any

import jwt
import pytest

from tests.e2e.browser import check_axe, chromium, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_sessions_api import group_of_three, plan


@pytest.fixture(scope="module")
def group(api: Api) -> dict[str, Any]:
    return group_of_three(api, name="Audit")


def person_of(token: str) -> str:
    return str(jwt.decode(token, options={"verify_signature": False})["custom:person_id"])


def test_reads_of_an_application_and_a_diary_are_in_the_participants_trail(api: Api, group):
    manager, mentor = group["manager"], group["mentor"]["token"]
    mentee = group["mentees"][0]
    participant = api.call("GET", f"/v1/participants/{mentee['participant_id']}", manager).json()
    held = plan(api, group, -1, "in_person").json()
    present = {"present": [m["participant_id"] for m in group["mentees"]]}
    assert api.call("POST", f"/v1/sessions/{held['session_id']}/attendance", mentor, json=present).ok

    read_application, read_diary, mentor_read = (str(uuid.uuid4()) for _ in range(3))
    application = api.call(
        "GET",
        f"/v1/applications/{participant['application_id']}",
        manager,
        headers={"X-Correlation-Id": read_application},
    )
    assert application.status_code == 200
    diary = f"/v1/sessions/{held['session_id']}/diary"
    assert api.call("GET", diary, manager, headers={"X-Correlation-Id": read_diary}).status_code == 200
    assert api.call("GET", diary, mentor, headers={"X-Correlation-Id": mentor_read}).status_code == 200
    api.settle()

    trail = api.call("GET", f"/v1/audit?subject={mentee['participant_id']}", manager)
    assert trail.status_code == 200, trail.text
    by_request = {e["correlation_id"]: e for e in trail.json()["items"]}
    manager_person = person_of(manager)
    assert by_request[read_application] == {
        **by_request[read_application],
        "actor_person_id": manager_person,
        "actor_role": "manager",
        "action": "read",
        "kind": "application",
        "resource_id": participant["application_id"],
    }
    assert by_request[read_diary]["kind"] == "diary" and by_request[read_diary]["actor_role"] == "manager"
    assert by_request[read_diary]["resource_id"] == held["session_id"]
    assert by_request[mentor_read]["actor_role"] == "mentor"
    assert by_request[mentor_read]["actor_person_id"] == person_of(mentor)
    # Newest first; the entries carry ids, never what was read.
    times = [e["at"] for e in trail.json()["items"]]
    assert times == sorted(times, reverse=True)
    assert "Piotr" not in trail.text


def test_the_trail_is_paged_and_another_municipality_gets_404(api: Api, group):
    mentee = group["mentees"][1]
    manager = group["manager"]
    for _ in range(3):
        assert api.call("GET", f"/v1/participants/{mentee['participant_id']}", manager).ok
    api.settle()
    first = api.call("GET", f"/v1/audit?subject={mentee['participant_id']}&limit=2", manager).json()
    assert len(first["items"]) == 2 and first["next_token"]
    second = api.call(
        "GET",
        f"/v1/audit?subject={mentee['participant_id']}&limit=2&next_token={first['next_token']}",
        manager,
    ).json()
    assert second["items"] and second["items"][0]["at"] <= first["items"][-1]["at"]
    assert {e["entry_id"] for e in first["items"]}.isdisjoint(e["entry_id"] for e in second["items"])

    other = api.call("GET", f"/v1/audit?subject={mentee['participant_id']}", group["other_manager"])
    assert other.status_code == 404
    assert (
        api.call("GET", f"/v1/audit?subject={mentee['participant_id']}", mentee["token"]).status_code == 403
    )
    bad = api.call("GET", f"/v1/audit?subject={mentee['participant_id']}&next_token=xyz", manager)
    assert bad.status_code == 422


def test_the_network_admins_new_manager_is_in_the_municipalitys_trail(api: Api):
    town = api.new_tenant()
    api.settle()
    made = api.call("GET", "/v1/audit/network-admin", town["manager"])
    assert made.status_code == 200, made.text
    entries = made.json()["items"]
    assert [(e["actor_role"], e["action"], e["kind"]) for e in entries] == [("admin", "change", "account")]
    assert entries[0]["subject_participant_id"] == person_of(town["manager"])


def test_the_managers_audit_page_in_three_languages_has_no_axe_violations(api: Api, group):
    mentee = group["mentees"][0]
    page_path = f"/app/{group['slug']}/participants/{mentee['participant_id']}"
    assert f'href="{page_path}/audit"' in api.call("GET", page_path, group["manager"]).text
    foreign = f"/app/{group['other_slug']}/participants/{mentee['participant_id']}/audit"
    assert api.call("GET", foreign, group["other_manager"]).status_code == 404
    with chromium() as browser:
        tab = browser.new_page()
        sign_in(tab, api.url, group["slug"], group["manager_email"], next_path=f"{page_path}/audit")
        for lang, title in (("en", "Audit trail"), ("de", "Protokoll"), ("pl", "Rejestr dostępu")):
            tab.goto(f"{api.url}{page_path}/audit?lang={lang}")
            assert tab.locator("h1").inner_text() == title
            assert tab.locator("tbody tr").count() >= 1
            check_axe(tab)
