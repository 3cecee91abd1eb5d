"""Intake's OpenAPI document: every JSON success answer names its model, and every reference resolves."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

from shared.route_parts import load_parts

#: The JSON routes that answer 201 with a body built by `created()` (the route's return type is a Response).
CREATED = {
    ("post", "/v1/tenants"): "Tenant",
    ("post", "/v1/users"): "User",
    ("post", "/v1/programmes"): "Programme",
    ("post", "/v1/applications/{application_id}/notes"): "InterviewNote",
}


def _spec(api: ModuleType) -> dict[str, Any]:
    load_parts(api.app)
    return json.loads(api.app.get_openapi_json_schema())


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, item in spec["paths"].items() for method, op in item.items()]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_no_json_success_answer_is_a_bare_string(intake_api: ModuleType) -> None:
    bare = []
    for method, path, op in _operations(_spec(intake_api)):
        for status, answer in op.get("responses", {}).items():
            content = answer.get("content", {})
            if not status.startswith("2") or "application/json" not in content:
                continue
            if content["application/json"].get("schema", {}).get("type") == "string":
                bare.append(f"{method.upper()} {path} {status}")
    assert bare == []


def test_each_created_answer_refers_to_its_model(intake_api: ModuleType) -> None:
    spec = _spec(intake_api)
    for (method, path), model in CREATED.items():
        answer = spec["paths"][path][method]["responses"]["201"]
        assert answer["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{model}"}
        # ...and not a 200 string beside it (the generator's default for a Response[str] route).
        assert "200" not in spec["paths"][path][method]["responses"]


def test_every_reference_resolves(intake_api: ModuleType) -> None:
    spec = _spec(intake_api)
    refs = set(_refs(spec))
    assert refs, "the document refers to no schema at all"
    missing = [
        r for r in refs if r.removeprefix("#/components/schemas/") not in spec["components"]["schemas"]
    ]
    assert missing == []


def test_html_pages_are_documented_as_html(intake_api: ModuleType) -> None:
    for _, path, op in _operations(_spec(intake_api)):
        if path.startswith("/forms/"):
            pages = {s: a for s, a in op["responses"].items() if s.startswith("2") and "content" in a}
            assert pages, path
            assert all("text/html" in a["content"] for a in pages.values()), path
