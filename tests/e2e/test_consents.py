"""Consent and retention on the local runtime, as a participant and their manager meet them: the consents
carried over from the form, a withdrawn SMS consent that stops the next text (the delivery log says why),
a withdrawn processing consent told to the managers and recorded as an erasure request, the municipality's
retention periods, and a rejected application that carries its time to go."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from services.intake.retention.rules import months_after
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_people import PHONE, person_id
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

INTAKE_TABLE = "tandem-local-intake-IntakeTable"
NOTICE = "2026-11"


@pytest.fixture(scope="module")
def pair(api: Api) -> dict[str, Any]:
    town = api.new_town({**GROUP, "name": "Consent", "kind": "pair"}, "en", timezone="Pacific/Kiritimati")
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=1))
    body = applicant("mentee", "Piotr")
    body["person"]["phone"] = PHONE
    body["consent"]["contact_sms"] = True
    mentee = accept(api, town, body)
    api.settle()
    match_id = matched(api, town, mentor, mentee)
    api.settle()
    token = api.token(mentee["email"])
    return {
        **town,
        "match_id": match_id,
        "mentor": {**mentor, "token": api.token(mentor["email"])},
        "mentee": {**mentee, "token": token, "person_id": person_id(token)},
    }


def granted(view: dict[str, Any]) -> dict[str, bool]:
    return {p["purpose"]: p["granted"] for p in view["purposes"]}


def intake_items(tenant_id: str, kind: str) -> list[dict[str, Any]]:
    table = boto3.resource("dynamodb").Table(INTAKE_TABLE)
    return list(
        table.query(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"{tenant_id}#{kind}"}
        )["Items"]
    )


def test_the_consents_start_as_the_form_left_them_and_only_participants_have_them(api: Api, pair):
    view = api.call("GET", "/v1/me/consents", pair["mentee"]["token"])
    assert view.status_code == 200, view.text
    assert granted(view.json()) == {
        "processing": True,
        "email": False,
        "sms": True,
        "employer_sharing": False,
    }
    assert {e["source"] for e in view.json()["history"]} == {"application"}
    assert api.call("GET", "/v1/me/consents", pair["manager"]).status_code == 403
    old = api.call(
        "PUT",
        "/v1/me/consents",
        pair["mentee"]["token"],
        json={"privacy_notice_version": "2019", "sms": False},
    )
    assert old.status_code == 422 and old.json()["errors"][0]["field"] == "privacy_notice_version"


def test_a_withdrawn_sms_consent_stops_the_text_of_a_session_moved_a_moment_later(api: Api, pair):
    starts = (datetime.now(UTC) + timedelta(days=20)).replace(microsecond=0)
    session = {"starts_at": starts.isoformat(), "duration_minutes": 60, "topic": "t", "mode": "in_person"}
    session_id = api.call(
        "POST", f"/v1/matches/{pair['match_id']}/sessions", pair["mentor"]["token"], json=session
    ).json()["session_id"]
    api.settle()
    with api.events_seen() as seen:
        changed = api.call(
            "PUT",
            "/v1/me/consents",
            pair["mentee"]["token"],
            json={"privacy_notice_version": NOTICE, "sms": False},
        )
        api.settle()
    assert changed.status_code == 200, changed.text
    assert granted(changed.json())["sms"] is False
    assert changed.json()["history"][-1]["source"] == "person"
    [told] = [e["detail"] for e in seen if e["detail-type"] == "ConsentChanged"]
    assert told["data"] == {
        "person_id": pair["mentee"]["person_id"],
        "purpose": "sms",
        "granted": False,
        "privacy_notice_version": NOTICE,
    }
    assert told["metadata"]["visibility"] == "internal"

    moved = api.call(
        "PATCH",
        f"/v1/sessions/{session_id}",
        pair["mentor"]["token"],
        json={"starts_at": (starts + timedelta(days=1)).isoformat()},
    )
    assert moved.status_code == 200, moved.text
    api.settle()
    texts = [
        s
        for s in api.http.get(f"{api.url}/local/outbox", timeout=10).json()["sms"]
        if s["to"] == "+4915123456789"
    ]
    assert texts == []
    log = api.call(
        "GET", f"/v1/notifications?person_id={pair['mentee']['person_id']}", pair["manager"]
    ).json()
    [entry] = [i for i in log["items"] if i["channel"] == "sms" and i["kind"] == "session_moved"]
    assert (entry["status"], entry["reason"]) == ("withheld", "consent_withdrawn")
    prefs = api.call("GET", "/v1/me/preferences", pair["mentee"]["token"]).json()
    assert prefs["sms"] is False  # the consent is the preference's ceiling


def test_a_withdrawn_processing_consent_tells_the_managers_and_erases_the_person(api: Api, pair):
    with api.events_seen() as seen:
        r = api.call(
            "PUT",
            "/v1/me/consents",
            pair["mentee"]["token"],
            json={"privacy_notice_version": NOTICE, "processing": False},
        )
        api.settle()
    assert r.status_code == 200, r.text
    [event] = [e["detail"] for e in seen if e["detail-type"] == "ProcessingConsentWithdrawn"]
    participant_id = pair["mentee"]["participant_id"]
    assert event["data"]["participant_id"] == participant_id
    assert set(event["data"]) == {"person_id", "participant_id", "programme_id", "erasure_request_id"}
    [mail] = [m for m in api.outbox_to(pair["manager_email"]) if "withdrew consent" in m["subject"]]
    assert f"/app/{pair['slug']}/participants/{participant_id}" in mail["body"]
    assert "Piotr" not in mail["body"]
    [record] = [json.loads(i["document"]) for i in intake_items(pair["tenant_id"], "ERASURE_REQUEST")]
    assert record["participant_id"] == participant_id
    assert record["reason"] == "consent_withdrawn"
    assert record["erasure_request_id"] == event["data"]["erasure_request_id"]
    # Then the erasure itself, in every service, as a manager's would be: the person is gone.
    [erasure] = [e["detail"]["data"] for e in seen if e["detail-type"] == "PersonErasureRequested"]
    assert erasure["reason"] == "consent_withdrawn" and participant_id in erasure["participant_ids"]
    done = api.call("GET", f"/v1/erasures/{erasure['erasure_id']}", pair["manager"]).json()
    assert done["status"] == "done", done
    assert api.call("GET", f"/v1/participants/{participant_id}", pair["manager"]).status_code == 404
    assert api.http.post(f"{api.url}/local/token", json={"email": pair["mentee"]["email"]}).status_code == 404


def test_the_municipalitys_managers_set_its_retention_within_bounds(api: Api, pair):
    path = f"/v1/tenants/{pair['tenant_id']}/retention"
    read = api.call("GET", path, pair["manager"]).json()
    assert (read["rejected_applications_months"], read["programme_data_months"]) == (6, 24)
    assert read["bounds"] == {"rejected_applications_months": [1, 12], "programme_data_months": [6, 60]}
    wrong = api.call(
        "PUT", path, pair["manager"], json={"rejected_applications_months": 13, "programme_data_months": 24}
    )
    assert wrong.status_code == 422
    [error] = wrong.json()["errors"]
    assert (
        error["field"].endswith("rejected_applications_months")
        and "between 1 and 12 months" in error["message"]
    )
    saved = api.call(
        "PUT", path, pair["manager"], json={"rejected_applications_months": 3, "programme_data_months": 24}
    )
    assert saved.status_code == 200 and saved.json()["rejected_applications_months"] == 3
    other = api.new_tenant()
    assert api.call("GET", path, other["manager"]).status_code == 404
    assert api.call("GET", path, pair["mentee"]["token"]).status_code == 403


def test_a_rejected_application_carries_its_time_to_go(api: Api, pair):
    periods = {"rejected_applications_months": 3, "programme_data_months": 24}
    assert api.call("PUT", f"/v1/tenants/{pair['tenant_id']}/retention", pair["manager"], json=periods).ok
    body = applicant("mentee", "Rita")
    application_id = api.call("POST", pair["apply"], json=body).json()["application_id"]
    api.call("POST", f"/v1/applications/{application_id}/notes", pair["manager"], json={"text": "private"})
    decided = api.call(
        "POST", f"/v1/applications/{application_id}/decision", pair["manager"], json={"decision": "rejected"}
    )
    assert decided.status_code == 200, decided.text
    # The municipality keeps rejected applications 3 months, counted from the decision.
    expected = months_after(datetime.fromisoformat(decided.json()["decided_at"]), 3).timestamp()
    [item] = [i for i in intake_items(pair["tenant_id"], "APPLICATION") if i["sk"] == application_id]
    assert abs(int(item["ttl"]) - expected) < 2
    notes = [n for n in intake_items(pair["tenant_id"], "NOTE") if n["sk"].startswith(application_id)]
    assert notes and all(abs(int(n["ttl"]) - expected) < 2 for n in notes)
