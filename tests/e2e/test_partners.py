"""Partner systems subscribing to events, on the local runtime: a receiver on a free 127.0.0.1 port gets
its municipality's public events (never another's, never an internal one), retries and the dead-letter
queue, replay from the archive, the API key kept out of every answer, and the public catalogue."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from infra.local.cloud import BUS
from infra.local.seed import ADMIN_EMAIL
from shared.events.catalog import CATALOGUE, model_for
from tests.e2e.conftest import PROGRAMME, Api
from tests.fakes.bodies import applicant
from tests.fakes.receiver import receiver

#: Seconds an event may take to reach a receiver here: a bound on arriving at all, not a speed (that is
#: tests/bench/test_partners.py's figure), so a busy CI machine does not fail it.
ARRIVES = 15

KEY = "partner-secret-key-0123456789"


@pytest.fixture(scope="module")
def towns(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    return api.new_town(PROGRAMME), api.new_town(PROGRAMME)


def subscribe(api: Api, token: str, endpoint: str, *types: str, **extra: Any) -> dict[str, Any]:
    body = {"event_types": list(types or ("ApplicationDecided",)), "endpoint": endpoint, **extra}
    r = api.call("POST", "/v1/subscriptions", token, json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def decide(api: Api, town: dict[str, Any], decision: str = "accepted") -> tuple[str, float]:
    """Someone applies to the town's programme and the manager decides: the application id and when."""
    application_id = api.call("POST", town["apply"], json=applicant("mentee", "Ola")).json()["application_id"]
    r = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": decision}
    )
    assert r.status_code == 200, r.text
    return application_id, time.monotonic()


def decided(application_id: str) -> Any:
    return lambda e: e.get("detail", {}).get("data", {}).get("application_id") == application_id


def test_a_receiver_gets_its_municipalitys_decisions_never_anothers(api: Api, towns):
    a, b = towns
    with receiver() as partner:
        sub = subscribe(api, a["manager"], partner.url, "ApplicationDecided", api_key=KEY)
        mine, _ = decide(api, a)
        theirs, _ = decide(api, b)
        got = partner.wait_for(decided(mine), timeout=ARRIVES)
        assert got, "A's decision did not arrive"
        event = got[0].event
        assert event["detail-type"] == "ApplicationDecided" and event["source"] == "tandem.intake"
        assert event["detail"]["metadata"]["tenant_id"] == a["tenant_id"]
        assert got[0].headers["x-api-key"] == KEY
        # B's decision and the internal events of A's (ParticipantAccepted, contact details) never come.
        time.sleep(0.5)
        assert not partner.wait_for(decided(theirs), timeout=0.1)
        assert {e["detail"]["metadata"]["tenant_id"] for e in partner.events()} == {a["tenant_id"]}
        assert {e["detail-type"] for e in partner.events()} == {"ApplicationDecided"}
        assert {e["detail"]["metadata"]["visibility"] for e in partner.events()} == {"public"}
        # The page's and the API's record of it.
        seen = api.call("GET", f"/v1/subscriptions/{sub['subscription_id']}", a["manager"]).json()
        assert any(
            d["event_id"] == event["detail"]["metadata"]["event_id"] and d["status"] == "delivered"
            for d in seen["deliveries"]
        )
        api.call("DELETE", f"/v1/subscriptions/{sub['subscription_id']}", a["manager"])


def test_an_event_marked_internal_never_reaches_a_partner_whatever_its_type(api: Api, runtime, towns):
    a, _ = towns
    with receiver() as partner:
        sub = subscribe(api, a["manager"], partner.url, "ApplicationDecided")
        forged = {
            "metadata": {
                "event_id": str(uuid.uuid4()),
                "event_type": "ApplicationDecided",
                "version": 1,
                "tenant_id": a["tenant_id"],
                "occurred_at": datetime.now(UTC).isoformat(),
                "correlation_id": "c",
                "producer": "intake",
                "visibility": "internal",
            },
            "data": {"application_id": "app_forged"},
        }
        # Its data is incomplete on purpose: monitoring's and notifications' consumers refuse it like any
        # poison message, so it ends in their dead-letter queues (test_reliability warns of it later).
        with runtime.lock:
            boto3.client("events").put_events(
                Entries=[
                    {
                        "EventBusName": BUS,
                        "Source": "tandem.intake",
                        "DetailType": "ApplicationDecided",
                        "Detail": json.dumps(forged),
                    }
                ]
            )
        mine, _ = decide(api, a)
        assert partner.wait_for(decided(mine), timeout=ARRIVES)
        assert not partner.wait_for(decided("app_forged"), timeout=0.3)
        api.call("DELETE", f"/v1/subscriptions/{sub['subscription_id']}", a["manager"])


def test_a_receiver_that_fails_five_times_gets_the_event_when_it_recovers(api: Api, towns):
    a, _ = towns
    with receiver(fail_first=5) as partner:
        sub = subscribe(api, a["manager"], partner.url)
        mine, _ = decide(api, a)
        assert partner.wait_for(decided(mine), timeout=ARRIVES)
        assert partner.requests == 6
        # The delivery is recorded once the endpoint's answer is back: a moment after the receiver has it.
        path = f"/v1/subscriptions/{sub['subscription_id']}"
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            delivery = api.call("GET", path, a["manager"]).json()["deliveries"][0]
            if delivery["status"] == "delivered":
                break
            time.sleep(0.05)
        assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
            "delivered",
            6,
            204,
        )
        api.call("DELETE", f"/v1/subscriptions/{sub['subscription_id']}", a["manager"])


def test_a_receiver_that_never_recovers_gets_a_dead_letter_the_delivery_log_shows(api: Api, runtime, towns):
    a, _ = towns
    with receiver(fail_always=True) as partner:
        sub = subscribe(api, a["manager"], partner.url)
        start = datetime.now(UTC) - timedelta(seconds=1)
        mine, _ = decide(api, a)
        path = f"/v1/subscriptions/{sub['subscription_id']}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            deliveries = api.call("GET", path, a["manager"]).json()["deliveries"]
            if deliveries and deliveries[0]["status"] == "failed":
                break
            time.sleep(0.2)
        assert deliveries[0]["status"] == "failed"
        assert deliveries[0]["attempts"] == runtime.partners.attempts == partner.requests
        assert deliveries[0]["last_status_code"] == 503
        # Recorded from the dead letter, as the cloud records EventBridge's: its error code, and one line.
        assert deliveries[0]["event_type"] == "ApplicationDecided"
        assert deliveries[0]["error_code"] == "SDK_CLIENT_ERROR"
        assert [d["status"] for d in deliveries] == ["failed"]
        # The partner is back: the manager replays the time the log names, and the event arrives.
        partner.fail_always = False
        end = datetime.now(UTC)
        window = {"from": start.isoformat(), "to": end.isoformat()}
        r = api.call("POST", f"{path}/replay", a["manager"], json=window)
        assert r.status_code == 202, r.text
        assert partner.wait_for(decided(mine), timeout=ARRIVES)
        api.call("DELETE", path, a["manager"])


def test_replay_sends_a_range_again_and_only_the_subscriptions_events(api: Api, towns):
    a, b = towns
    with receiver() as partner:
        sub = subscribe(api, a["manager"], partner.url)
        start = datetime.now(UTC) - timedelta(seconds=1)
        mine, _ = decide(api, a)
        theirs, _ = decide(api, b)
        assert partner.wait_for(decided(mine), timeout=ARRIVES)
        end = datetime.now(UTC) + timedelta(milliseconds=1)
        time.sleep(0.05)
        r = api.call(
            "POST",
            f"/v1/subscriptions/{sub['subscription_id']}/replay",
            a["manager"],
            json={"from": start.isoformat(), "to": end.isoformat()},
        )
        assert r.status_code == 202, r.text

        def replayed(e: dict[str, Any]) -> bool:
            return "replay-name" in e and decided(mine)(e)

        again = partner.wait_for(replayed, timeout=ARRIVES)
        assert again and again[0].event["detail"] == partner.wait_for(decided(mine))[0].event["detail"]
        time.sleep(0.3)
        replays = [e for e in partner.events() if "replay-name" in e]
        assert {e["detail"]["metadata"]["tenant_id"] for e in replays} == {a["tenant_id"]}
        assert {e["detail-type"] for e in replays} == {"ApplicationDecided"}
        assert not [e for e in replays if decided(theirs)(e)]
        bad = api.call(
            "POST",
            f"/v1/subscriptions/{sub['subscription_id']}/replay",
            a["manager"],
            json={"from": end.isoformat(), "to": start.isoformat()},
        )
        assert bad.status_code == 422
        api.call("DELETE", f"/v1/subscriptions/{sub['subscription_id']}", a["manager"])


def test_the_api_key_never_comes_back_and_unsubscribing_stops_delivery(api: Api, towns):
    a, b = towns
    with receiver() as partner:
        sub = subscribe(api, a["manager"], partner.url, api_key=KEY, api_key_header="X-Partner-Key")
        path = f"/v1/subscriptions/{sub['subscription_id']}"
        answers = [
            json.dumps(sub),
            api.call("GET", path, a["manager"]).text,
            api.call("GET", "/v1/subscriptions", a["manager"]).text,
        ]
        assert all(KEY not in text for text in answers)
        assert sub["api_key_header"] == "X-Partner-Key" and sub["api_key_hint"] == "••••6789"
        # Another municipality's manager, the admin, a mentor: not theirs to see.
        assert api.call("GET", path, b["manager"]).status_code == 404
        assert api.call("DELETE", path, b["manager"]).status_code == 404
        assert api.call("GET", path, api.token(ADMIN_EMAIL)).status_code == 404
        assert sub["subscription_id"] not in api.call("GET", "/v1/subscriptions", b["manager"]).text
        assert api.call("DELETE", path, a["manager"]).status_code == 204
        assert api.call("GET", path, a["manager"]).status_code == 404
        decide(api, a)
        time.sleep(0.5)
        assert not partner.events()


def test_what_is_refused(api: Api, towns):
    a, _ = towns
    cases = {
        ("ParticipantAccepted",): "internal_event_type",
        ("NoSuchThing",): "unknown_event_type",
    }
    for types, rule in cases.items():
        r = api.call(
            "POST",
            "/v1/subscriptions",
            a["manager"],
            json={"event_types": list(types), "endpoint": "http://127.0.0.1:9/x"},
        )
        assert r.status_code == 422 and r.json()["rule"] == rule and types[0] in r.json()["detail"]
    for endpoint in (
        "https://partner.example.org/hook",
        "http://localhost:9/x",
        "http://10.0.0.1:9/x",
        "ftp://127.0.0.1:9/x",
        "arn:aws:events:eu-central-1:123456789012:event-bus/p",
    ):
        r = api.call(
            "POST",
            "/v1/subscriptions",
            a["manager"],
            json={"event_types": ["MatchEnded"], "endpoint": endpoint},
        )
        assert r.status_code == 422 and r.json()["rule"] == "endpoint_not_allowed", endpoint
    mentor = api.call(
        "POST", "/v1/subscriptions", None, json={"event_types": ["MatchEnded"], "endpoint": "x"}
    )
    assert mentor.status_code == 401


def test_idempotency_key_answers_once(api: Api, towns):
    a, _ = towns
    body = {"event_types": ["MatchEnded"], "endpoint": "http://127.0.0.1:9/hook"}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = api.call("POST", "/v1/subscriptions", a["manager"], json=body, headers=dict(key))
    again = api.call("POST", "/v1/subscriptions", a["manager"], json=body, headers=dict(key))
    assert first.status_code == again.status_code == 201
    assert first.json()["subscription_id"] == again.json()["subscription_id"]
    other = api.call(
        "POST",
        "/v1/subscriptions",
        a["manager"],
        json={**body, "event_types": ["MatchConfirmed"]},
        headers=dict(key),
    )
    assert other.status_code == 422
    listed = api.call("GET", "/v1/subscriptions", a["manager"]).json()["subscriptions"]
    assert [s["subscription_id"] for s in listed].count(first.json()["subscription_id"]) == 1
    api.call("DELETE", f"/v1/subscriptions/{first.json()['subscription_id']}", a["manager"])


def test_the_network_admin_receives_every_municipalitys_public_events(api: Api, towns):
    a, b = towns
    admin = api.token(ADMIN_EMAIL)
    with receiver() as partner:
        sub = subscribe(api, admin, partner.url)
        assert sub["scope"] == "network" and sub["tenant_id"] is None
        in_a, _ = decide(api, a)
        in_b, _ = decide(api, b)
        assert partner.wait_for(decided(in_a)) and partner.wait_for(decided(in_b))
        api.call("DELETE", f"/v1/subscriptions/{sub['subscription_id']}", admin)


def test_the_public_catalogue_lists_every_public_event_with_schema_and_example(api: Api):
    r = api.call("GET", "/v1/public/events/catalog")
    assert r.status_code == 200
    events = {e["event_type"]: e for e in r.json()["events"]}
    public = {name for name, model in CATALOGUE.items() if model.visibility == "public"}
    assert set(events) == public and "ContactDetailsRecorded" not in events
    for name, entry in events.items():
        example = entry["example"]
        assert example["detail-type"] == name and example["detail"]["metadata"]["visibility"] == "public"
        model_for(name).model_validate(example["detail"]["data"])
        assert entry["data_schema"]["properties"]


def test_the_receiver_in_docs_partners_md_gets_events_and_refuses_a_wrong_key(api: Api, towns, tmp_path):
    """The 20-line receiver partners are shown, run as they would run it, on a free port."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "partners.md").read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert len(code.strip().splitlines()) <= 25
    script = tmp_path / "receiver.py"
    script.write_text(code, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    a, _ = towns
    proc = subprocess.Popen(
        [sys.executable, str(script), str(port), KEY], stdout=subprocess.PIPE, text=True, bufsize=1
    )
    try:
        time.sleep(0.5)
        sub = subscribe(api, a["manager"], f"http://127.0.0.1:{port}/", api_key=KEY)
        mine, _ = decide(api, a)
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("ApplicationDecided") and a["tenant_id"] in line and mine in line
        api.call("DELETE", f"/v1/subscriptions/{sub['subscription_id']}", a["manager"])
        wrong = subscribe(api, a["manager"], f"http://127.0.0.1:{port}/", api_key="not-the-key-at-all")
        decide(api, a)
        path = f"/v1/subscriptions/{wrong['subscription_id']}"
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            deliveries = api.call("GET", path, a["manager"]).json()["deliveries"]
            if deliveries and deliveries[0]["last_status_code"] == 401:
                break
            time.sleep(0.1)
        assert deliveries[0]["status"] in ("retrying", "failed") and deliveries[0]["last_status_code"] == 401
        api.call("DELETE", path, a["manager"])
    finally:
        proc.terminate()
        proc.wait(timeout=5)
