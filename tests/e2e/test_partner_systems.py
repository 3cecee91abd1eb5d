"""A manager's partner systems page and partner reads in the audit trail (issue 16, seed 001), over real
HTTP: the page lists, registers (the secret in that answer only) and revokes; another municipality's client
is the 404 page; every read and change a partner system makes of an applicant is in the applicant's trail,
naming the partner system (its client id, and its name on the manager's audit page)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_machine_clients import access_token, register
from tests.fakes.bodies import applicant


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return api.new_town({**PROGRAMME, "name": "Partner systems"})


def test_the_page_registers_shows_the_secret_once_and_revokes(api: Api, town):
    path = f"/app/{town['slug']}/partner-systems"
    manager = town["manager"]
    empty = api.call("GET", path, manager)
    assert empty.status_code == 200 and "No partner system is registered yet" in empty.text
    refused = api.call("POST", path, manager, data={"name": "  "})
    assert refused.status_code == 422 and "Enter the partner system" in refused.text

    answer = api.call("POST", path, manager, data={"name": "Job centre HR"})
    assert answer.status_code == 200, answer.text
    client_id = re.search(r'id="client-id">([^<]+)<', answer.text)[1]  # type: ignore[index]
    secret = re.search(r'id="client-secret">([^<]+)<', answer.text)[1]  # type: ignore[index]
    assert "Copy the secret now" in answer.text and f"{api.url}/oauth2/token" in answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    # The secret works, and is shown nowhere again.
    token = access_token(api, {"client_id": client_id, "client_secret": secret})
    listed = api.call("GET", path, manager)
    assert "Job centre HR" in listed.text and client_id in listed.text and secret not in listed.text
    assert "Not yet" in listed.text  # never used so far
    body = {**applicant("mentee", "Ida"), "programme_id": town["programme_id"]}
    assert api.call("POST", "/v1/partner/applicants", token, json=body).status_code == 201
    assert "Not yet" not in api.call("GET", path, manager).text  # its last use, to the hour

    one = api.call("GET", f"{path}/{client_id}", manager)
    assert one.status_code == 200 and "Revoke this partner system" in one.text and secret not in one.text
    revoked = api.call("POST", f"{path}/{client_id}", manager, data={}, allow_redirects=False)
    assert revoked.status_code == 303 and revoked.headers["Location"] == path
    assert api.call("GET", "/v1/partner/applicants/x", token).status_code == 401
    assert api.call("GET", f"{path}/{client_id}", manager).status_code == 404
    assert client_id not in api.call("GET", path, manager).text


def test_another_municipality_and_other_roles_are_refused(api: Api, town):
    client = register(api, town["manager"], "Ours")
    other = api.new_town(PROGRAMME)
    path = f"/app/{other['slug']}/partner-systems/{client['client_id']}"
    assert api.call("GET", path, other["manager"]).status_code == 404
    assert api.call("POST", path, other["manager"], data={}).status_code == 404
    ours = api.call("GET", "/v1/machine-clients", town["manager"]).json()["items"]
    assert client["client_id"] in {c["client_id"] for c in ours}  # still there
    # Signed in elsewhere: the sign-in page, as every manager page answers.
    foreign = api.call("GET", f"/app/{town['slug']}/partner-systems", other["manager"], allow_redirects=False)
    assert foreign.status_code == 303


def test_a_partner_s_reads_and_changes_are_in_the_applicant_s_trail(api: Api, town):
    manager = town["manager"]
    client = register(api, manager, "Trail HR")
    token = access_token(api, client)
    body = {**applicant("mentee", "Tess"), "programme_id": town["programme_id"]}
    application_id = api.call("POST", "/v1/partner/applicants", token, json=body).json()["application_id"]
    read, changed = str(uuid.uuid4()), str(uuid.uuid4())
    path = f"/v1/partner/applicants/{application_id}"
    assert api.call("GET", path, token, headers={"X-Correlation-Id": read}).status_code == 200
    patch = {"profile": {"motivation": "A new start."}}
    assert (
        api.call("PATCH", path, token, json=patch, headers={"X-Correlation-Id": changed}).status_code == 200
    )
    decided = api.call(
        "POST", f"/v1/applications/{application_id}/decision", manager, json={"decision": "accepted"}
    )
    participant_id = decided.json()["participant_id"]
    # Once a participant, a partner's read is filed under the participant.
    accepted_read = str(uuid.uuid4())
    assert api.call("GET", path, token, headers={"X-Correlation-Id": accepted_read}).status_code == 200
    api.settle()

    trail = api.call("GET", f"/v1/audit?subject={participant_id}", manager)
    assert trail.status_code == 200, trail.text
    by_request = {e["correlation_id"]: e for e in trail.json()["items"]}
    for request, action, subject in (
        (read, "read", application_id),
        (changed, "change", application_id),
        (accepted_read, "read", participant_id),
    ):
        entry = by_request[request]
        assert (entry["actor_role"], entry["partner_client_id"], entry["actor_person_id"]) == (
            "partner_system",
            client["client_id"],
            None,
        )
        assert (entry["action"], entry["kind"], entry["subject_participant_id"]) == (
            action,
            "application",
            subject,
        )
        assert entry["resource_id"] == application_id

    page = api.call("GET", f"/app/{town['slug']}/participants/{participant_id}/audit", manager)
    assert page.status_code == 200 and "Partner system <strong>Trail HR</strong>" in page.text
