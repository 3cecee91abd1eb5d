"""The one error map: every status leaves as problem+json naming the field or rule, with no internals."""

import base64
import hashlib
import json
import re
import uuid
from pathlib import Path
from typing import Annotated

import pytest
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from shared import errors
from shared.http import RequestBody, api_handler, content_security_policy, make_resolver

app = make_resolver("test")


class Greeting(RequestBody):
    name: str
    times: int = 1


@app.post("/greetings")
def greet(body: Annotated[Greeting, Body()]) -> dict:
    return {"hello": body.name}


RAISES = {
    "bad": errors.BadRequest("bad"),
    "unauth": errors.Unauthorized("who"),
    "forbidden": errors.Forbidden("no"),
    "missing": errors.NotFound("gone"),
    "conflict": errors.Conflict("twice"),
    "big": errors.PayloadTooLarge("big"),
    "rule": errors.RuleViolation("ends early", rule="ends_after_start", field="ends_on"),
    "slow": errors.TooManyRequests("slow down"),
    "boom": RuntimeError("secret table name tandem-prod-xyz"),
}


@app.get("/raise/<kind>")
def raise_(kind: str) -> dict:
    raise RAISES[kind]


@app.get("/page")
def page() -> Response[str]:
    return Response(200, "text/html; charset=utf-8", "<!doctype html><p>hello</p>")


handler = api_handler(app, "test")


class Ctx:
    function_name = "test"
    memory_limit_in_mb = 128
    invoked_function_arn = "arn:aws:lambda:eu-central-1:1:function:test"
    aws_request_id = "req-1"


def call(
    method: str, path: str, body: str | None = None, headers: dict | None = None, base64_body: bool = False
) -> tuple[int, dict, dict]:
    event = {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": {"Content-Type": "application/json", **(headers or {})},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "requestContext": {"requestId": "r1", "stage": "test", "path": path},
        "body": body,
        "isBase64Encoded": base64_body,
    }
    response = handler(event, Ctx())
    headers = {
        **(response.get("headers") or {}),
        **{k: v[0] for k, v in (response.get("multiValueHeaders") or {}).items()},
    }
    is_json = "json" in headers.get("Content-Type", "")
    return response["statusCode"], headers, json.loads(response["body"]) if is_json else response["body"]


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("bad", 400),
        ("unauth", 401),
        ("forbidden", 403),
        ("missing", 404),
        ("conflict", 409),
        ("big", 413),
        ("rule", 422),
        ("slow", 429),
        ("boom", 500),
    ],
)
def test_each_error_becomes_problem_json(kind, status):
    code, headers, body = call("GET", f"/raise/{kind}")
    assert code == status
    assert headers["Content-Type"] == "application/problem+json"
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()


def test_a_500_shows_no_internals():
    _, _, body = call("GET", "/raise/boom")
    assert "tandem-prod" not in json.dumps(body)
    assert "Traceback" not in json.dumps(body)
    assert body["correlation_id"]


def test_rule_violation_names_rule_and_field():
    _, _, body = call("GET", "/raise/rule")
    assert body["rule"] == "ends_after_start"
    assert body["errors"][0]["field"] == "ends_on"


def test_unknown_field_is_refused_by_name():
    code, _, body = call("POST", "/greetings", json.dumps({"name": "Ana", "nmae": "typo"}))
    assert code == 422
    assert {"field": "nmae", "type": "extra_forbidden"}.items() <= body["errors"][0].items()


def test_wrong_type_names_the_field_without_echoing_input():
    code, _, body = call("POST", "/greetings", json.dumps({"name": "Ana", "times": "seventeen-secret"}))
    assert code == 422
    assert body["errors"][0]["field"] == "times"
    assert "seventeen-secret" not in json.dumps(body)


def test_unknown_route_is_a_404_problem():
    code, headers, _ = call("GET", "/nowhere")
    assert code == 404 and headers["Content-Type"] == "application/problem+json"


def test_body_over_64_kb_is_413_before_parsing():
    code, _, body = call("POST", "/greetings", json.dumps({"name": "x" * 70_000}))
    assert code == 413 and body["status"] == 413


def test_valid_request_passes():
    code, _, body = call("POST", "/greetings", json.dumps({"name": "Ana"}))
    assert code == 200 and body == {"hello": "Ana"}


# --- issue 8: no 500 from a body that cannot be read; 405 for an undeclared method ---------------------


@pytest.mark.parametrize("raw", ["{bad", '{"name": ', "\ufeff{}", "{'name': 'Ana'}"])
def test_malformed_json_is_400_naming_the_body(raw):
    code, headers, body = call("POST", "/greetings", raw)
    assert code == 400, body
    assert headers["Content-Type"] == "application/problem+json"
    assert body["field"] == "body" and body["status"] == 400


def test_a_body_that_is_not_utf8_is_400_not_500():
    code, _, body = call("POST", "/greetings", base64.b64encode(b"\xff\xfe{").decode(), base64_body=True)
    assert code == 400 and body["field"] == "body"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "TRACE", "PATCH"])
def test_undeclared_method_is_405_with_allow(method):
    code, headers, body = call(method, "/greetings", "{}")
    assert code == 405
    assert headers["Allow"] == "POST"
    assert headers["Content-Type"] == "application/problem+json"
    assert body["status"] == 405 and body["allowed"] == ["POST"]


def test_a_dynamic_path_answers_405_too_and_unknown_paths_stay_404():
    assert call("POST", "/raise/bad")[0] == 405
    assert call("POST", "/nowhere")[0] == 404


# --- issue 8 item 11: the correlation id is taken from the caller only when it is a UUID ---------------


def test_a_uuid_correlation_id_is_kept():
    mine = str(uuid.uuid4())
    _, _, body = call("GET", "/raise/boom", headers={"X-Correlation-Id": mine})
    assert body["correlation_id"] == mine


@pytest.mark.parametrize("forged", ["admin\nlevel=INFO msg=forged", "x" * 5000, "", "1234"])
def test_any_other_correlation_id_is_replaced_by_a_new_uuid(forged):
    _, _, body = call("GET", "/raise/boom", headers={"X-Correlation-Id": forged})
    assert body["correlation_id"] != forged
    assert str(uuid.UUID(body["correlation_id"])) == body["correlation_id"]


# --- issue 8 item 14: security headers ----------------------------------------------------------------


def test_html_carries_a_strict_csp_and_every_answer_nosniff_and_no_referrer(monkeypatch):
    monkeypatch.delenv("TANDEM_HSTS", raising=False)
    code, headers, _ = call("GET", "/page")
    assert code == 200
    csp = headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in csp
    for path in ("/page", "/greetings", "/raise/missing"):
        _, h, _ = call("GET", path)
        assert h["X-Content-Type-Options"] == "nosniff" and h["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in h
    assert "Content-Security-Policy" not in call("GET", "/raise/missing")[1]


def test_hsts_only_when_the_deployment_asks(monkeypatch):
    monkeypatch.setenv("TANDEM_HSTS", "1")
    _, headers, _ = call("GET", "/page")
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_forms_inline_css_is_allowed_by_hash_and_nothing_else_inline():
    """The forms' one <style> block (base.html) keeps working under the CSP: its hash is in style-src."""
    base = Path("services/intake/templates/base.html").read_text(encoding="utf-8")
    blocks = re.findall(r"<style>(.*?)</style>", base, re.DOTALL)
    assert blocks, "the forms have no inline style any more: drop the hashes from the CSP"
    for css in blocks:
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in content_security_policy()
    templates = Path("services").glob("*/templates/**/*.html")
    assert not any(re.search(r"<script|\son[a-z]+=|style=", t.read_text()) for t in templates)


@pytest.mark.parametrize("kind", ["text/plain", "application/xml", "application/merge-patch+json"])
def test_a_body_in_another_media_type_is_415_not_500(kind):
    code, headers, body = call("POST", "/greetings", json.dumps({"name": "Ana"}), {"Content-Type": kind})
    assert code == 415, body
    assert headers["Content-Type"] == "application/problem+json"
    assert body["field"] == "Content-Type"


def test_the_media_type_is_case_insensitive():
    headers = {"Content-Type": "Application/JSON; charset=utf-8"}
    assert call("POST", "/greetings", json.dumps({"name": "Ana"}), headers)[0] == 200


@pytest.mark.parametrize(
    "kind", ["multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]
)
def test_a_signed_in_route_refuses_multipart_and_form_bodies_with_415_naming_nothing_sent(kind):
    """Fuzzing found multipart without a boundary a 500; a form body was read as fields and echoed."""
    code, _, body = call("POST", "/greetings", json.dumps({"name": "Ana"}), {"Content-Type": kind})
    assert code == 415, body
    assert body["field"] == "Content-Type" and "Ana" not in json.dumps(body)
