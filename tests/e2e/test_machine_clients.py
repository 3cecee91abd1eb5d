"""A partner HR system's machine client (issue 16, seed 001), over real HTTP: a manager registers it, the
partner asks `/oauth2/token` for an access token (client credentials) and creates, reads and updates an
applicant of its municipality, which the manager screens like any other; revoking it refuses its token."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import requests

from infra.local.seed import ADMIN_EMAIL
from tests.e2e.conftest import PROGRAMME, TIMEOUT, Api
from tests.fakes.bodies import applicant


def token_request(api: Api, client_id: str, secret: str, *, basic: bool = True) -> requests.Response:
    form = {"grant_type": "client_credentials", "scope": "tandem/applicants"}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if basic:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    else:
        form |= {"client_id": client_id, "client_secret": secret}
    return api.http.post(f"{api.url}/oauth2/token", data=form, headers=headers, timeout=TIMEOUT)


def register(api: Api, manager: str, name: str = "HR system", **kw: Any) -> dict[str, Any]:
    r = api.call("POST", "/v1/machine-clients", manager, json={"name": name}, **kw)
    assert r.status_code == 201, r.text
    return dict(r.json())


def access_token(api: Api, client: dict[str, Any]) -> str:
    r = token_request(api, client["client_id"], client["client_secret"])
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return api.new_town(PROGRAMME)


def test_a_partner_system_creates_and_updates_an_applicant_until_it_is_revoked(api: Api, town):
    manager = town["manager"]
    with api.events_seen() as registered_events:
        client = register(api, manager, "Personio of the town")
    assert client["client_secret"] and client["scope"] == "tandem/applicants"
    assert client["token_endpoint"] == f"{api.url}/oauth2/token"
    listed = api.call("GET", "/v1/machine-clients", manager).json()["items"]
    assert [(c["client_id"], c["name"]) for c in listed] == [(client["client_id"], "Personio of the town")]
    assert "client_secret" not in json.dumps(listed)
    assert [e["detail-type"] for e in registered_events] == ["MachineClientRegistered"]
    assert client["client_secret"] not in json.dumps(registered_events)

    # The token over HTTP, as a partner asks Cognito for one (HTTP Basic, or the form's fields).
    answer = token_request(api, client["client_id"], client["client_secret"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["token_type"] == "Bearer" and answer.json()["expires_in"] == 3600
    token = answer.json()["access_token"]
    assert token_request(api, client["client_id"], client["client_secret"], basic=False).status_code == 200
    assert token_request(api, client["client_id"], "wrong").json() == {"error": "invalid_client"}

    body = {**applicant("mentee", "Marta"), "programme_id": town["programme_id"]}
    with api.events_seen() as submitted_events:
        created = api.call(
            "POST", "/v1/partner/applicants", token, json=body, headers={"Idempotency-Key": "hr-4711"}
        )
    assert created.status_code == 201, created.text
    application_id = created.json()["application_id"]
    assert created.headers["Location"] == f"/v1/partner/applicants/{application_id}"
    types = sorted(e["detail-type"] for e in submitted_events)
    assert types == ["ApplicationSubmitted", "ContactDetailsRecorded"]
    again = api.call(
        "POST", "/v1/partner/applicants", token, json=body, headers={"Idempotency-Key": "hr-4711"}
    )
    assert again.json()["application_id"] == application_id  # the same key: the same applicant, once

    # It is in the manager's screening list like the form's applicants.
    page = api.call("GET", f"/v1/applications?programme_id={town['programme_id']}", manager).json()
    assert [a["application_id"] for a in page["items"]] == [application_id]

    read = api.call("GET", f"/v1/partner/applicants/{application_id}", token)
    assert read.status_code == 200 and read.json()["status"] == "submitted"
    new_email = "marta.new@example.org"
    with api.events_seen() as changed_events:
        patched = api.call(
            "PATCH",
            f"/v1/partner/applicants/{application_id}",
            token,
            json={
                "person": {"email": new_email, "phone": "+49 30 1234567"},
                "profile": {"motivation": "Work."},
            },
        )
    assert patched.status_code == 200, patched.text
    assert patched.json()["person"]["email"] == new_email
    assert patched.json()["person"]["given_name"] == "Marta"  # what was left out is kept
    detail = api.call("GET", f"/v1/applications/{application_id}", manager).json()["application"]
    assert detail["person"]["email"] == new_email and detail["profile"]["motivation"] == "Work."
    assert {e["detail-type"] for e in changed_events} == {"ApplicantDetailsChanged", "ContactDetailsRecorded"}
    changed = next(e for e in changed_events if e["detail-type"] == "ApplicantDetailsChanged")
    assert changed["detail"]["data"]["changed"] == ["person", "profile"]

    # A partner's token opens nothing else; a person's token does not open the partner's routes.
    assert api.call("GET", "/v1/applications", token).status_code == 401
    assert api.call("GET", f"/v1/partner/applicants/{application_id}", manager).status_code == 401

    # Revoked: the token issued before is refused, and no new one is given.
    assert api.call("DELETE", f"/v1/machine-clients/{client['client_id']}", manager).status_code == 204
    assert api.call("GET", f"/v1/partner/applicants/{application_id}", token).status_code == 401
    assert api.call("POST", "/v1/partner/applicants", token, json=body).status_code == 401
    refused = token_request(api, client["client_id"], client["client_secret"])
    assert refused.status_code == 400 and refused.json() == {"error": "invalid_client"}
    assert api.call("GET", "/v1/machine-clients", manager).json()["items"] == []


def test_a_decided_application_can_no_longer_be_changed(api: Api, town):
    client = register(api, town["manager"])
    token = access_token(api, client)
    body = {**applicant("mentor", "Jonas"), "programme_id": town["programme_id"]}
    application_id = api.call("POST", "/v1/partner/applicants", token, json=body).json()["application_id"]
    decided = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": "rejected"}
    )
    assert decided.status_code == 200, decided.text
    late = api.call("PATCH", f"/v1/partner/applicants/{application_id}", token, json={"language": "de"})
    assert late.status_code == 409
    assert api.call("GET", f"/v1/partner/applicants/{application_id}", token).json()["status"] == "rejected"


def test_the_form_s_rules_hold_for_a_partner(api: Api, town):
    token = access_token(api, register(api, town["manager"]))
    body = {**applicant("mentee", "Ada"), "programme_id": town["programme_id"]}
    no_consent = {**body, "consent": {"privacy_notice_version": "2026-11", "processing": False}}
    assert api.call("POST", "/v1/partner/applicants", token, json=no_consent).status_code == 422
    trap = {**body, "website": "http://spam.example"}
    assert api.call("POST", "/v1/partner/applicants", token, json=trap).status_code == 422
    first = api.call("POST", "/v1/partner/applicants", token, json=body)
    assert first.status_code == 201
    assert api.call("POST", "/v1/partner/applicants", token, json=body).status_code == 409  # the same person
    application_id = first.json()["application_id"]
    too_young = {"person": {"birth_year": 2024}}
    assert (
        api.call("PATCH", f"/v1/partner/applicants/{application_id}", token, json=too_young).status_code
        == 422
    )


def test_another_municipality_is_out_of_reach(api: Api, town):
    other = api.new_town(PROGRAMME)
    ours = access_token(api, register(api, town["manager"]))
    theirs = access_token(api, register(api, other["manager"]))
    # Our client in the other town's programme: no such programme.
    body = {**applicant("mentee", "Lea"), "programme_id": other["programme_id"]}
    assert api.call("POST", "/v1/partner/applicants", ours, json=body).status_code == 404
    mine = api.call(
        "POST", "/v1/partner/applicants", ours, json={**body, "programme_id": town["programme_id"]}
    ).json()["application_id"]
    assert api.call("GET", f"/v1/partner/applicants/{mine}", theirs).status_code == 404
    assert (
        api.call("PATCH", f"/v1/partner/applicants/{mine}", theirs, json={"language": "de"}).status_code
        == 404
    )
    # An applicant of the town's own form is not the partner's to read.
    form = api.call("POST", town["apply"], json=applicant("mentee", "Noor")).json()["application_id"]
    assert api.call("GET", f"/v1/partner/applicants/{form}", ours).status_code == 404
    # Another municipality's manager sees nothing of our clients, and cannot revoke them.
    ours_listed = api.call("GET", "/v1/machine-clients", town["manager"]).json()["items"]
    some = ours_listed[0]["client_id"]
    assert some not in json.dumps(api.call("GET", "/v1/machine-clients", other["manager"]).json())
    assert api.call("DELETE", f"/v1/machine-clients/{some}", other["manager"]).status_code == 404


def test_the_network_admin_registers_for_a_named_municipality(api: Api, town):
    admin = api.token(ADMIN_EMAIL)
    unnamed = api.call("POST", "/v1/machine-clients", admin, json={"name": "HR"})
    assert unnamed.status_code == 422
    made = api.call("POST", "/v1/machine-clients", admin, json={"name": "HR", "tenant_id": town["tenant_id"]})
    assert made.status_code == 201, made.text
    listed = api.call("GET", f"/v1/machine-clients?tenant_id={town['tenant_id']}", town["manager"]).json()
    assert made.json()["client_id"] in {c["client_id"] for c in listed["items"]}
    # A retried registration (the same Idempotency-Key) is the same client, and never shows the secret again.
    first = register(api, town["manager"], "Retried", headers={"Idempotency-Key": "reg-1"})
    second = register(api, town["manager"], "Retried", headers={"Idempotency-Key": "reg-1"})
    assert (
        second["client_id"] == first["client_id"]
        and first["client_secret"]
        and second["client_secret"] is None
    )
