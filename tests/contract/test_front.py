"""The HTTP front over a real socket (issue 8): undeclared methods, unreadable bodies and page headers."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from tests.contract.world import HttpClient, World


def raw(url: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None):
    where = urlsplit(url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "BREW"])
def test_an_undeclared_method_is_405_problem_json_with_allow_not_an_html_501(
    method: str, contract_url: str, world: World
):
    path = f"/v1/public/{world.slug}/programmes/{world.programme_id}/applications"
    status, headers, body = raw(contract_url, method, path)
    assert status == 405, body
    assert headers["Allow"] == "POST"
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["status"] == 405


def test_a_signed_in_path_checks_the_token_first_then_answers_405(contract_url: str, world: World):
    assert raw(contract_url, "TRACE", "/v1/matches")[0] == 401
    status, headers, _ = raw(
        contract_url, "TRACE", "/v1/matches", headers={"Authorization": f"Bearer {world.manager}"}
    )
    assert status == 405 and headers["Allow"] == "GET, POST"


@pytest.mark.parametrize("body", [b"{not json", b'{"name": ', b"\xff\xfe\x00"])
def test_a_body_that_cannot_be_read_is_400_naming_the_body(
    body: bytes, contract_client: HttpClient, world: World
):
    r = contract_client.call(
        "POST", "/v1/programmes", world.manager, data=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400, r.text
    assert r.headers["Content-Type"] == "application/problem+json"
    assert r.json()["field"] == "body"


def test_pages_carry_the_security_headers_and_api_answers_nosniff(contract_client: HttpClient, world: World):
    page = contract_client.call("GET", f"/forms/{world.slug}/{world.programme_id}?role=mentee")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    for path in ("/v1/programmes", "/nowhere", "/openapi.json"):
        r = contract_client.call("GET", path, world.manager)
        assert r.headers["X-Content-Type-Options"] == "nosniff", path
        assert "Content-Security-Policy" not in r.headers, path
    assert "Python" not in page.headers["Server"]
