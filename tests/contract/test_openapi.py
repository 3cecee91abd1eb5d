"""The OpenAPI tells the truth (issue 8): one Problem, real content types, security declared, refs resolve.

These walk the document itself; `test_fuzz.py` checks the running system against it.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from shared.manifest import is_anonymous_path, is_machine_path, is_web_path
from shared.openapi import DOC_PATH, METHODS, PROBLEM_JSON, is_public_page, refs
from tests.contract.conftest import ROOT


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def resolve(spec: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = spec
    for part in ref[2:].split("/"):
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def test_docs_openapi_json_is_current():
    """docs/openapi.json is what `make openapi` writes today (a changed route must regenerate it)."""
    check = subprocess.run(
        [sys.executable, "-m", "shared.openapi", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, f"{check.stderr} ({DOC_PATH})"


def test_the_served_document_is_the_documented_one(served_spec, built_spec):
    served = {k: v for k, v in served_spec.items() if k != "servers"}
    assert served == built_spec
    assert served_spec["servers"][0]["url"].startswith("http://127.0.0.1:")


def test_every_ref_resolves(built_spec):
    found = list(refs(built_spec))
    assert found
    for ref in found:
        resolve(built_spec, ref)


def test_one_problem_component_on_every_operation_where_it_can_happen(built_spec):
    assert "Problem" in built_spec["components"]["schemas"]
    for method, path, op in operations(built_spec):
        anonymous = is_anonymous_path(path)
        expected = {"400", "404", "422"}
        expected |= {"429"} if anonymous else {"401", "403"}
        if is_web_path(path):
            # A page never answers 401 (nobody signed in is sent to sign in: 303) and takes forms.
            expected = {"400", "403", "404"} | ({"422"} if method != "get" else set())
        if method in ("post", "put", "patch"):
            expected |= {"409", "413", "415"}
        for status in expected:
            response = op["responses"].get(status)
            assert response, f"{method.upper()} {path} does not document {status}"
            schema = response["content"][PROBLEM_JSON]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path, status)


def test_bearer_is_declared_and_anonymous_operations_say_so(built_spec):
    assert built_spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    for _, path, op in operations(built_spec):
        expected = [] if is_anonymous_path(path) else [{"bearer": []}]
        if is_web_path(path):
            expected = [] if is_public_page(path) else [{"session": []}]
        if is_machine_path(path):
            expected = [{"partner": ["tandem/applicants"]}]
        assert op["security"] == expected, path


def test_the_partner_routes_take_a_client_credentials_token(built_spec):
    scheme = built_spec["components"]["securitySchemes"]["partner"]
    flow = scheme["flows"]["clientCredentials"]
    assert scheme["type"] == "oauth2" and flow["tokenUrl"] == "/oauth2/token"
    assert set(flow["scopes"]) == {"tandem/applicants"}
    partner = {
        p for _, p, op in operations(built_spec) if op["security"] == [{"partner": ["tandem/applicants"]}]
    }
    assert partner == {"/v1/partner/applicants", "/v1/partner/applicants/{application_id}"}


def test_the_signed_in_pages_take_the_session_cookie(built_spec):
    assert built_spec["components"]["securitySchemes"]["session"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "__Host-tandem-id",
    }
    pages = {p for _, p, op in operations(built_spec) if op["security"] == [{"session": []}]}
    assert "/app/{tenant_slug}" in pages
    assert "/app/{tenant_slug}/sign-in" not in pages


def test_pages_are_text_html(built_spec):
    pages = [(m, p, op) for m, p, op in operations(built_spec) if p.startswith(("/forms/", "/app"))]
    assert pages
    for method, path, op in pages:
        for status, response in op["responses"].items():
            assert "text/html" in (response.get("content") or {}), (method, path, status)


def test_no_success_is_documented_as_a_bare_string(built_spec):
    """A JSON success documented as `string` (Response[str]) breaks generated clients."""
    bare = []
    for method, path, op in operations(built_spec):
        for status, response in op["responses"].items():
            for kind, media in (response.get("content") or {}).items():
                schema = media.get("schema") or {}
                if status.startswith("2") and kind != "text/html" and schema.get("type") == "string":
                    bare.append(f"{method.upper()} {path} {status}")
    assert not bare, "success bodies documented as a bare string:\n" + "\n".join(bare)
