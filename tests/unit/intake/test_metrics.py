"""Intake's business metrics: emitted by the handlers, one count per use case, dimension = service only."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest

from services.intake import logic
from services.intake.models import Tenant
from tests.fakes import RecordingDirectory, RecordingPublisher
from tests.fakes.intake import InMemoryRegistry
from tests.fakes.metrics import directive, emitted
from tests.unit.intake.test_application_rules import application, fake_store

CLAIMS = {"sub": "m", "cognito:groups": "manager", "custom:tenant_id": "t_1", "custom:person_id": "p_m"} | {
    "token_use": "id",
    "aud": "test-app-client",
}


def _event(method: str, path: str, body: str, content_type: str = "application/json") -> dict[str, Any]:
    return {
        "httpMethod": method,
        "path": path,
        "resource": path,
        "headers": {"content-type": content_type},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "body": body,
        "isBase64Encoded": False,
        "requestContext": {"requestId": "r1", "stage": "test", "authorizer": {"claims": CLAIMS}},
    }


def _metric(doc: dict[str, Any]) -> tuple[str, list[list[str]]]:
    (metric,) = directive(doc)["Metrics"]
    return metric["Name"], directive(doc)["Dimensions"]


def served_by_fakes(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, store: Any, directory: Any | None = None
) -> None:
    """The handlers' module over fakes: this store, a recording publisher and, for the API, directory."""
    monkeypatch.setattr(module, "store", lambda: store)
    monkeypatch.setattr(module, "publisher", RecordingPublisher)
    if directory is not None:
        monkeypatch.setattr(module, "directory", lambda: directory)


@pytest.fixture
def emf(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test environment turns metrics off; here they are what is tested.
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    monkeypatch.setenv("USER_POOL_CLIENT_ID", "test-app-client")


def test_creating_an_account_counts_one_account_with_the_service_as_only_dimension(
    intake_api: ModuleType, emf: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = InMemoryRegistry()
    registry.add_tenant(
        Tenant(
            tenant_id="t_1",
            slug="kiel",
            name="Kiel",
            default_language="de",
            languages=["de"],
            timezone="Europe/Berlin",
            created_at=datetime.now(UTC),
        )
    )
    served_by_fakes(monkeypatch, intake_api, registry, RecordingDirectory())
    body = {
        "email": "ola@example.org",
        "role": "mentor",
        "given_name": "Ola",
        "family_name": "N",
        "language": "pl",
    }
    answer = intake_api.app.resolve(_event("POST", "/v1/users", json.dumps(body)), None)
    assert answer["statusCode"] == 201, answer["body"]
    person_id = json.loads(answer["body"])["person_id"]

    (doc,) = emitted(capsys)
    assert _metric(doc) == ("AccountsCreated", [["service"]])
    assert doc["service"] == "intake" and doc["AccountsCreated"] == [1.0]
    # Nothing that names a municipality or a person rides along, as a dimension or a property.
    text = json.dumps(doc)
    assert "t_1" not in text and person_id not in text and "ola@example.org" not in text


def test_a_decision_counts_one_decided_application(
    intake_api: ModuleType, emf: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = fake_store()
    receipt = logic.submit_application("kiel", "prg_1", application(), store, RecordingPublisher())
    served_by_fakes(monkeypatch, intake_api, store, RecordingDirectory())
    capsys.readouterr()
    path = f"/v1/applications/{receipt.application_id}/decision"
    answer = intake_api.app.resolve(_event("POST", path, json.dumps({"decision": "rejected"})), None)
    assert answer["statusCode"] == 200, answer["body"]

    (doc,) = emitted(capsys)
    assert _metric(doc) == ("ApplicationsDecided", [["service"]])
    assert receipt.application_id not in json.dumps(doc)


def test_a_form_sent_counts_one_application_and_a_bots_none(
    intake_public_api: ModuleType,
    emf: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    served_by_fakes(monkeypatch, intake_public_api.forms, fake_store())
    posted = {
        "person.given_name": "Ola",
        "person.family_name": "Nowak",
        "person.email": "ola@example.org",
        "person.birth_year": "1990",
        "person.languages": "pl",
        "profile.motivation": "m",
        "profile.expectations": "e",
        "needs": "n",
        "consent.privacy_notice_version": "2026-11",
        "consent.processing": "on",
    }
    form = "application/x-www-form-urlencoded"
    path = "/forms/kiel/prg_1"
    event = _event("POST", path, urlencode(posted), form)
    event["queryStringParameters"] = {"role": "mentee", "lang": "de"}
    answer = intake_public_api.app.resolve(event, None)
    assert answer["statusCode"] == 201, answer["body"][:500]
    (doc,) = emitted(capsys)
    assert _metric(doc) == ("ApplicationsSubmitted", [["service"]])

    bot = _event("POST", path, urlencode({**posted, "person.email": "bot@example.org", "website": "x"}), form)
    bot["queryStringParameters"] = {"role": "mentee", "lang": "de"}
    assert intake_public_api.app.resolve(bot, None)["statusCode"] == 201
    assert emitted(capsys) == []
