"""Anonymous input that answered 500 (issue 8, item 8): a long Idempotency-Key, a forged page token."""

from __future__ import annotations

import base64
import json

import pytest

from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_applications_api import mentee


@pytest.fixture
def town(api: Api) -> dict:
    tenant = api.new_tenant(language="pl")
    programme = api.call("POST", "/v1/programmes", tenant["manager"], json=PROGRAMME).json()
    return {
        **tenant,
        "programme_id": programme["programme_id"],
        "apply": f"/v1/public/{tenant['slug']}/programmes/{programme['programme_id']}/applications",
    }


def _problem(response) -> dict:
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


@pytest.mark.parametrize("key", ["k" * 1500, "k" * 129, "schlüssel"])
def test_an_unbounded_idempotency_key_is_a_422_naming_the_header_and_stores_nothing(api: Api, town, key):
    body = mentee()
    refused = api.call("POST", town["apply"], json=body, headers={"Idempotency-Key": key.encode()})
    assert refused.status_code == 422
    problem = _problem(refused)
    assert problem["errors"][0]["field"] == "Idempotency-Key"
    # Nothing was kept: the same person can still apply, once.
    assert api.call("POST", town["apply"], json=body).status_code == 201


def test_a_key_of_128_printable_characters_is_taken(api: Api, town):
    body = mentee()
    first = api.call("POST", town["apply"], json=body, headers={"Idempotency-Key": "k" * 128})
    again = api.call("POST", town["apply"], json=body, headers={"Idempotency-Key": "k" * 128})
    assert first.status_code == 201 and again.json() == first.json()


def _token(key: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


@pytest.mark.parametrize(
    "token",
    [
        "eyJwayI6IngifQ==",  # {"pk": "x"}
        _token({"pk": {"S": "other#APPLICATION"}, "sk": {"S": "app_1"}}),
        _token({"pk": {"N": "1"}, "sk": {"S": "app_1"}}),
        _token(["pk"]),
        "not-a-token",
    ],
)
def test_a_page_token_that_is_not_ours_is_a_422_naming_next_token(api: Api, town, token: str):
    for query in ("", f"programme_id={town['programme_id']}&"):
        bad = api.call("GET", f"/v1/applications?{query}next_token={token}", town["manager"])
        assert bad.status_code == 422, bad.text
        assert _problem(bad)["errors"][0]["field"] == "next_token"
