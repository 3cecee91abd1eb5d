"""Matching's OpenAPI tells the truth about success bodies: each is its model, never a bare string."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from infra.local.cloud import BUS
from shared.manifest import is_web_path


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    # The settings are read at import: the same names the local runtime gives, so a later runtime in
    # this test session finds the module as it would have made it.
    os.environ.setdefault("MATCHING_TABLE_NAME", "tandem-local-matching-MatchingTable")
    os.environ.setdefault("EVENT_BUS_NAME", BUS)
    from services.matching.api import app
    from shared.route_parts import load_parts

    load_parts(app)
    return dict(json.loads(app.get_openapi_json_schema()))


def success_bodies(spec: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The JSON API's success bodies (the signed-in pages under /app answer HTML, documented as such)."""
    return {
        (method.upper(), path, status): response.get("content", {})
        .get("application/json", {})
        .get("schema", {})
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        for status, response in operation["responses"].items()
        if status.startswith("2") and not is_web_path(path)
    }


def test_no_success_body_is_documented_as_a_string(spec):
    bodies = success_bodies(spec)
    assert bodies, "the spec lists no operations"
    strings = [key for key, schema in bodies.items() if schema.get("type") == "string" or not schema]
    assert strings == []


@pytest.mark.parametrize(
    ("method", "path", "status", "model"),
    [
        ("POST", "/v1/programmes/{programme_id}/matching-runs", "202", "RunAccepted"),
        ("POST", "/v1/matches", "201", "Match"),
        ("POST", "/v1/programmes/{programme_id}/exclusions", "201", "Exclusion"),
        ("POST", "/v1/matching-runs/{run_id}/publish", "200", "PublishResult"),
        ("POST", "/v1/matches/{match_id}/end", "200", "EndResult"),
        ("GET", "/v1/programmes/{programme_id}/exclusions", "200", "ExclusionList"),
    ],
)
def test_each_write_documents_its_model_under_its_real_status(spec, method, path, status, model):
    schema = success_bodies(spec)[(method, path, status)]
    assert schema.get("$ref", "").endswith(f"/{model}")
    assert model in spec["components"]["schemas"]
