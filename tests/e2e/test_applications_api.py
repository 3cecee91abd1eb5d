"""Applications over HTTP: every validation rule, idempotency, duplicates, screening, decisions, tenancy."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from shared.vocabulary import INTERESTS
from tests.e2e.conftest import PROGRAMME, Api


def mentee(email: str | None = None, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "role": "mentee",
        "language": "pl",
        "person": {
            "given_name": "Olena",
            "family_name": "Kovalenko",
            "email": email or f"olena.{uuid.uuid4().hex[:8]}@example.org",
            "birth_year": 1994,
            "gender": "female",
            "postcode": "20-001",
            "languages": ["uk", "pl"],
        },
        "profile": {
            "interests": ["cooking", "technology"],
            "values": ["family"],
            "availability": ["mon_evening"],
            "preferred_mode": "blended",
            "motivation": "Stable work.",
            "expectations": "Advice.",
        },
        "needs": "Find work in IT.",
        "wishes": {"mentor_gender": "female", "mentor_age_range": "30-50"},
        "consent": {"privacy_notice_version": "2026-11", "processing": True, "contact_email": True},
    }
    body.update(changes)
    return body


def mentor(**changes: Any) -> dict[str, Any]:
    body = mentee(
        role="mentor", skills=["it_skills", "accounting"], capacity=3, mentoring_experience="Years."
    )
    del body["needs"], body["wishes"]
    body.update(changes)
    return body


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return api.new_town(PROGRAMME, language="pl")


def count_applications(api: Api, town: dict[str, Any]) -> int:
    page = api.call("GET", f"/v1/applications?programme_id={town['programme_id']}&limit=100", town["manager"])
    return len(page.json()["items"])


def outbox_size(api: Api) -> int:
    api.settle()
    return len(api.call("GET", "/local/outbox").json()["emails"])


def test_an_application_is_received_stored_and_both_sides_are_mailed(api: Api, town):
    body = mentee()
    r = api.call("POST", town["apply"], json=body)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "submitted"
    api.settle()
    receipt = api.outbox_to(body["person"]["email"])
    assert len(receipt) == 1 and receipt[0]["subject"] == "Otrzymaliśmy Twoje zgłoszenie"
    assert "Olena" not in receipt[0]["body"]  # a plain confirmation: nothing the applicant typed
    # managers hear of it in the hour's digest (tests/e2e/test_forms_http.py), not by a mail of its own
    detail = api.call("GET", f"/v1/applications/{r.json()['application_id']}", town["manager"]).json()
    assert detail["application"]["consent"]["privacy_notice_version"] == "2026-11"
    assert detail["application"]["consent"]["processing"]["granted"] is True


def broken(path: str, value: Any) -> dict[str, Any]:
    body = mentee()
    *parents, leaf = path.split(".")
    node = body
    for p in parents:
        node = node[p]
    if value is DELETE:
        del node[leaf]
    else:
        node[leaf] = value
    return body


DELETE = object()
RULES = [
    ("person.email", "not-an-email", "person.email"),
    ("person.birth_year", 2020, "person.birth_year"),  # younger than 14
    ("person.languages", ["xx"], "person.languages.0"),
    ("profile.interests", ["x" * 61], "profile.interests.0"),
    ("profile.interests", list(INTERESTS[:21]), "profile.interests"),
    ("profile.motivation", "m" * 2001, "profile.motivation"),
    ("consent.processing", False, "consent.processing"),
    ("person.phone", "call me maybe", "person.phone"),
    ("person.nickname", "Oli", "person.nickname"),  # unknown field
    ("profile.availability", ["someday"], "profile.availability.0"),
    ("needs", DELETE, "body"),
]


@pytest.mark.parametrize(("path", "value", "field"), RULES)
def test_each_rule_is_named_and_nothing_is_stored_or_sent(api: Api, town, path, value, field):
    before, mails = count_applications(api, town), outbox_size(api)
    r = api.call("POST", town["apply"], json=broken(path, value))
    assert r.status_code == 422, r.text
    assert r.headers["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in r.json()["errors"]]
    assert count_applications(api, town) == before
    assert outbox_size(api) == mails


def test_mentor_capacity_is_one_to_five(api: Api, town):
    for capacity in (0, 6):
        r = api.call("POST", town["apply"], json=mentor(capacity=capacity))
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "capacity"
    assert api.call("POST", town["apply"], json=mentor(capacity=5)).status_code == 201


def test_a_body_over_64_kb_is_413_and_stores_nothing(api: Api, town):
    before = count_applications(api, town)
    body = mentee()
    body["profile"]["expectations"] = "x" * 70_000
    r = api.call("POST", town["apply"], json=body)
    assert r.status_code == 413 and r.headers["Content-Type"] == "application/problem+json"
    assert count_applications(api, town) == before


def test_a_filled_honeypot_looks_accepted_but_nothing_is_kept(api: Api, town):
    before, mails = count_applications(api, town), outbox_size(api)
    body = mentee(website="http://spam.example")
    r = api.call("POST", town["apply"], json=body)
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    assert count_applications(api, town) == before
    assert outbox_size(api) == mails


def test_idempotency_key_same_body_same_answer_other_body_422(api: Api, town):
    key = str(uuid.uuid4())
    body = mentee()
    first = api.call("POST", town["apply"], json=body, headers={"Idempotency-Key": key})
    again = api.call("POST", town["apply"], json=body, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    other = api.call("POST", town["apply"], json=mentee(), headers={"Idempotency-Key": key})
    assert other.status_code == 422 and other.json()["rule"] == "idempotency_key_reused"
    api.settle()
    assert len(api.outbox_to(body["person"]["email"])) == 1  # one application, one receipt


def test_the_same_email_twice_in_one_role_is_409(api: Api, town):
    email = f"twice.{uuid.uuid4().hex[:6]}@example.org"
    assert api.call("POST", town["apply"], json=mentee(email)).status_code == 201
    again = api.call("POST", town["apply"], json=mentee(email.upper()))
    assert again.status_code == 409 and again.json()["rule"] == "duplicate_application"
    assert api.call("POST", town["apply"], json=mentor(person={**mentee(email)["person"]})).status_code == 201


def test_form_encoded_applications_are_accepted(api: Api, town):
    email = f"form.{uuid.uuid4().hex[:6]}@example.org"
    form = {
        "role": "mentee",
        "language": "de",
        "person.given_name": "Jonas",
        "person.family_name": "Becker",
        "person.email": email,
        "person.birth_year": "2004",
        "person.languages": "de",
        "profile.interests": ["gaming", "technology"],
        "profile.motivation": "Ausbildung finden",
        "profile.expectations": "Tipps",
        "needs": "Bewerbungen",
        "consent.privacy_notice_version": "2026-11",
        "consent.processing": "on",
    }
    r = api.call("POST", town["apply"], data=form)
    assert r.status_code == 201, r.text


def test_a_closed_programme_takes_no_applications(api: Api, town):
    programme = api.call(
        "POST", "/v1/programmes", town["manager"], json={**PROGRAMME, "intake_open": False}
    ).json()
    path = f"/v1/public/{town['slug']}/programmes/{programme['programme_id']}/applications"
    r = api.call("POST", path, json=mentee())
    assert r.status_code == 409 and r.json()["rule"] == "intake_closed"
    info = api.call("GET", f"/v1/public/{town['slug']}/programmes/{programme['programme_id']}").json()
    assert info["open"] is False
    assert {f["name"] for f in info["fields"]["mentor"]} >= {"capacity", "skills", "person.email"}


def test_unknown_tenant_or_programme_is_404(api: Api, town):
    assert (
        api.call("POST", "/v1/public/no-such-town/programmes/x/applications", json=mentee()).status_code
        == 404
    )
    assert api.call("GET", f"/v1/public/{town['slug']}/programmes/prg_nope").status_code == 404


def test_too_many_submissions_from_one_address_get_429(api: Api, town):
    api.runtime.limiter.per_minute, saved = 2, api.runtime.limiter.per_minute
    try:
        fresh = api.new_tenant()
        programme = api.call("POST", "/v1/programmes", fresh["manager"], json=PROGRAMME).json()
        path = f"/v1/public/{fresh['slug']}/programmes/{programme['programme_id']}/applications"
        codes = [api.call("POST", path, json=mentee()).status_code for _ in range(3)]
    finally:
        api.runtime.limiter.per_minute = saved
    assert codes == [201, 201, 429]


def test_screening_list_is_newest_first_filtered_and_paginated(api: Api, town):
    for _ in range(3):
        api.call("POST", town["apply"], json=mentee())
    first = api.call(
        "GET", f"/v1/applications?programme_id={town['programme_id']}&role=mentee&limit=2", town["manager"]
    ).json()
    assert len(first["items"]) <= 2 and first["next_token"]
    second = api.call(
        "GET",
        f"/v1/applications?programme_id={town['programme_id']}&role=mentee&limit=2"
        f"&next_token={first['next_token']}",
        town["manager"],
    ).json()
    times = [i["submitted_at"] for i in first["items"] + second["items"]]
    assert times == sorted(times, reverse=True)
    assert {i["role"] for i in first["items"] + second["items"]} == {"mentee"}
    assert not {i["application_id"] for i in first["items"]} & {i["application_id"] for i in second["items"]}
    bad = api.call("GET", "/v1/applications?next_token=eyJway", town["manager"])
    assert bad.status_code == 422


def test_notes_and_decisions(api: Api, town):
    body = mentee()
    application_id = api.call("POST", town["apply"], json=body).json()["application_id"]
    note = api.call(
        "POST",
        f"/v1/applications/{application_id}/notes",
        town["manager"],
        json={"text": "Motivated; speaks Polish and Ukrainian."},
    )
    assert note.status_code == 201
    accepted = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": "accepted"}
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": "rejected"}
    )
    assert again.status_code == 409
    api.settle()
    decision_mail = [m for m in api.outbox_to(body["person"]["email"]) if m["subject"].startswith("Witamy")]
    assert len(decision_mail) == 1
    participant_id = accepted.json()["participant_id"]
    participant = api.call("GET", f"/v1/participants/{participant_id}", town["manager"]).json()
    assert participant["role"] == "mentee" and participant["eligible"] is True
    # the new account signs in and sees its own participation, not others'
    own = api.token(body["person"]["email"])
    mine = api.call("GET", "/v1/participants", own).json()["items"]
    assert [p["participant_id"] for p in mine] == [participant_id]
    assert api.call("GET", "/v1/applications", own).status_code == 403
    programmes = api.call("GET", "/v1/programmes", own).json()["items"]
    assert [p["programme_id"] for p in programmes] == [town["programme_id"]]


def test_a_mentor_becomes_eligible_after_every_module_and_the_assessment(api: Api, town):
    body = mentor()
    application_id = api.call("POST", town["apply"], json=body).json()["application_id"]
    participant_id = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": "accepted"}
    ).json()["participant_id"]
    modules = ["mentoring_basics", "ethics_and_confidentiality", "intercultural_competence"]

    def train(module: str, completed_on: str, passed: bool) -> Any:
        body = {"module": module, "completed_on": completed_on, "assessment_passed": passed}
        return api.call("POST", f"/v1/participants/{participant_id}/training", town["manager"], json=body)

    for module in modules[:2]:
        assert train(module, "2026-10-01", passed=True).json()["eligible"] is False
    assert train(modules[2], "2026-10-02", passed=False).json()["eligible"] is False
    assert train(modules[2], "2026-10-09", passed=True).json()["eligible"] is True


def test_waitlisted_can_still_be_accepted(api: Api, town):
    application_id = api.call("POST", town["apply"], json=mentee()).json()["application_id"]
    path = f"/v1/applications/{application_id}/decision"
    assert api.call("POST", path, town["manager"], json={"decision": "waitlisted"}).status_code == 200
    assert api.call("POST", path, town["manager"], json={"decision": "waitlisted"}).status_code == 409
    assert api.call("POST", path, town["manager"], json={"decision": "accepted"}).status_code == 200


def test_a_manager_of_another_tenant_gets_404_on_every_intake_path(api: Api, town):
    application_id = api.call("POST", town["apply"], json=mentee()).json()["application_id"]
    accepted = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": "accepted"}
    ).json()
    stranger = api.new_tenant()["manager"]
    paths = [
        ("GET", f"/v1/applications/{application_id}", None),
        ("POST", f"/v1/applications/{application_id}/notes", {"text": "x"}),
        ("POST", f"/v1/applications/{application_id}/decision", {"decision": "rejected"}),
        ("GET", f"/v1/participants/{accepted['participant_id']}", None),
        (
            "POST",
            f"/v1/participants/{accepted['participant_id']}/training",
            {"module": "m", "completed_on": "2026-10-01", "assessment_passed": True},
        ),
        ("GET", f"/v1/programmes/{town['programme_id']}", None),
    ]
    for method, path, body in paths:
        assert api.call(method, path, stranger, json=body).status_code == 404, path
    listed = api.call("GET", f"/v1/applications?programme_id={town['programme_id']}", stranger).json()
    assert listed["items"] == []
    assert (
        api.call("GET", f"/v1/participants?programme_id={town['programme_id']}", stranger).json()["items"]
        == []
    )


def test_no_event_carries_what_the_applicant_wrote(api: Api, town):
    """A spy rule on the bus sees every event of an application's life: none holds what a person wrote."""
    import json

    secret = f"secret-motivation-{uuid.uuid4().hex}"
    with api.events_seen() as seen:
        body = mentee()
        body["profile"]["motivation"] = secret
        body["needs"] = secret
        application_id = api.call("POST", town["apply"], json=body).json()["application_id"]
        api.call("POST", f"/v1/applications/{application_id}/notes", town["manager"], json={"text": secret})
        api.call(
            "POST",
            f"/v1/applications/{application_id}/decision",
            town["manager"],
            json={"decision": "accepted"},
        )
    types = {e["detail-type"] for e in seen}
    assert {"ApplicationSubmitted", "ApplicationDecided", "ParticipantAccepted"} <= types
    assert all(secret not in json.dumps(e) for e in seen)
    public = [e for e in seen if e["detail"]["metadata"]["visibility"] == "public"]
    assert all(body["person"]["email"] not in json.dumps(e) for e in public)


def test_a_person_at_a_web_form_who_is_rate_limited_gets_a_page_not_json(api: Api):
    api.runtime.limiter.per_minute, saved = 1, api.runtime.limiter.per_minute
    try:
        fresh = api.new_tenant()
        programme = api.call("POST", "/v1/programmes", fresh["manager"], json=PROGRAMME).json()
        path = f"/forms/{fresh['slug']}/{programme['programme_id']}?role=mentee&lang=de"
        api.call("POST", path, data={"role": "mentee"})
        limited = api.call("POST", path, data={"role": "mentee"})
    finally:
        api.runtime.limiter.per_minute = saved
    assert limited.status_code == 429
    assert limited.headers["Content-Type"].startswith("text/html")
    assert "Bitte warten Sie" in limited.text and limited.headers["Retry-After"]
