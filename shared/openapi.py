"""The one OpenAPI document of Tandem: every service's schema merged, then made to tell the truth.

Powertools documents what a route returns when all goes well, and a 422 in a shape we never send. What
every operation can also answer is decided centrally, here, from facts the front and `shared.http`
enforce: the Problem body (problem+json) for 400/404/422 everywhere, 401/403 where a token is needed,
413 and 415 where a body is sent, 409 on writes, 429 on the anonymous paths; the bearer scheme, and
`security: []` on the anonymous paths. `/openapi.json` (local) and `docs/openapi.json` both come from
`merged_openapi`.

Run `python -m shared.openapi` to rewrite `docs/openapi.json` (`make openapi`).
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from shared import config
from shared.manifest import is_anonymous_path, is_machine_path, is_web_path, load_services
from shared.route_parts import load_parts
from shared.tokens import MACHINE_SCOPE
from shared.web.session import ID_COOKIE as SESSION_COOKIE

PROBLEM_JSON = "application/problem+json"
DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_REF_PREFIX = "#/components/schemas/"

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An error, as RFC 9457 problem details. `errors` names each field or rule at fault.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "A relative URI naming the kind of problem."},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "field": {"type": "string", "description": "The one field at fault, when there is one."},
        "rule": {"type": "string", "description": "The programme rule that was broken."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
        "correlation_id": {"type": "string"},
    },
    "additionalProperties": True,
}

_DESCRIPTIONS = {
    "400": "The request cannot be read (malformed JSON, wrong content type, bad header).",
    "401": "No valid bearer token.",
    "403": "The token's role or municipality does not allow this.",
    "404": "No such resource, or not one the caller may see.",
    "409": "The request conflicts with the current state (a duplicate, a replayed key).",
    "413": "The body is too large.",
    "415": "The body is not in a media type this operation takes (JSON, or a form where a page posts).",
    "422": "The request breaks a validation or programme rule; `errors` names the fields.",
    "429": "Too many requests from this address; wait for Retry-After seconds.",
    "303": "A page: on to the sign-in page (nobody signed in here) and back after it, or on after a form.",
    "405": "This page takes no such method (the Allow header says which it does).",
    "500": "Something went wrong on our side (a page that says so).",
}


def _app_modules() -> list[tuple[str, str]]:
    """(service name, the module holding a resolver `app`) for each API function, public ones included."""
    return [
        (s.name, handler.rsplit(".", 1)[0])
        for s in load_services()
        for handler in (s.api_handler, s.public_api_handler)
        if handler
    ]


def service_apps() -> list[tuple[str, Any]]:
    return [(name, importlib.import_module(module).app) for name, module in _app_modules()]


def merged_openapi(
    apps: Iterable[tuple[str, Any]] | None = None, server_url: str | None = None
) -> dict[str, Any]:
    """The services' schemas merged into one document and completed (see the module docstring)."""
    pairs = list(apps) if apps is not None else service_apps()
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Tandem",
            "version": "1",
            "description": "Social mentoring programmes. Locally, get a token with POST /local/token.",
        },
        "servers": [{"url": server_url}] if server_url else [],
        "paths": {},
        "components": {
            "schemas": {},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                # The signed-in pages: the same id token, carried by the browser as the session cookie.
                "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE},
                # A partner system's access token (client credentials): the partner routes only.
                "partner": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": "/oauth2/token",
                            "scopes": {MACHINE_SCOPE: "create and update applicants of one municipality"},
                        }
                    },
                },
            },
        },
        "security": [{"bearer": []}],
    }
    for name, app in sorted(pairs, key=lambda pair: pair[0]):
        load_parts(app)  # every part's routes, also those no request has asked for yet
        schema = json.loads(app.get_openapi_json_schema())
        for path, item in schema.get("paths", {}).items():
            for op in _operations(item):
                op.setdefault("tags", [name])
            spec["paths"].setdefault(path, {}).update(item)
        spec["components"]["schemas"].update(schema.get("components", {}).get("schemas", {}))
    if not spec["servers"]:
        del spec["servers"]
    return complete(spec)


def complete(spec: dict[str, Any]) -> dict[str, Any]:
    """Problem responses, content types and security on every operation."""
    spec = copy.deepcopy(spec)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    problem_ref = {"$ref": f"{_REF_PREFIX}Problem"}
    for path, item in spec["paths"].items():
        if is_web_path(path):
            for method, op in _method_operations(item):
                _complete_page(path, method, op, problem_ref)
            continue
        anonymous = is_anonymous_path(path)
        for method, op in _method_operations(item):
            op["security"] = (
                []
                if anonymous
                else [{"partner": [MACHINE_SCOPE]}]
                if is_machine_path(path)
                else [{"bearer": []}]
            )
            responses = op.setdefault("responses", {})
            html = _is_html(path, responses)
            statuses = ["400", "404", "422"]
            if not anonymous:
                statuses += ["401", "403"]
            if method in ("post", "put", "patch", "delete"):
                statuses.append("409")
            if method in ("post", "put", "patch"):
                statuses += ["413", "415"]
            if anonymous:
                statuses.append("429")
            for status in sorted(statuses):
                responses[status] = _problem_response(status, responses.get(status), problem_ref, html)
            for status, response in responses.items():
                if status.startswith("2") and html:
                    # A page: whatever Powertools guessed, the body is HTML.
                    response["content"] = {"text/html": {"schema": {"type": "string"}}}
    _drop_unused_schemas(spec)
    return spec


def is_public_page(path: str) -> bool:
    """The pages anyone may open: choosing a municipality, signing in and out."""
    return path == "/app" or "/sign-in" in path or path.endswith("/sign-out")


def _complete_page(path: str, method: str, op: dict[str, Any], problem_ref: dict[str, Any]) -> None:
    """A signed-in page: the session cookie as security, every answer HTML (errors are pages), and the
    303 to the sign-in page; the layers in front still answer 413/415/429 as problem+json."""
    op["security"] = [] if is_public_page(path) else [{"session": []}]
    responses = op.setdefault("responses", {})
    statuses = ["400", "403", "404", "405", "500"]
    if method in ("post", "put", "patch", "delete"):
        statuses += ["409", "413", "415", "422"]
    if "/sign-in" in path:
        statuses.append("429")
    if method == "get":
        # A query a page cannot read is the 400 page (shared/http.py), not Powertools' JSON 422.
        responses.pop("422", None)
    for status in statuses:
        responses[status] = _problem_response(status, responses.get(status), problem_ref, True)
    responses.setdefault("303", {"description": _DESCRIPTIONS["303"]})
    for status, response in responses.items():
        if status.startswith("2") or status == "303":
            response["content"] = {"text/html": {"schema": {"type": "string"}}}


def _problem_response(
    status: str, existing: dict[str, Any] | None, problem_ref: dict[str, Any], html: bool
) -> dict[str, Any]:
    content: dict[str, Any] = {PROBLEM_JSON: {"schema": dict(problem_ref)}}
    if html:
        # A person at a form gets a page for every error they can fix; problem+json comes from the
        # layers in front (body limit, rate limit's JSON twin, validation of the query).
        content["text/html"] = {"schema": {"type": "string"}}
    description = (existing or {}).get("description") or _DESCRIPTIONS[status]
    if description in ("Validation Error", "Unprocessable Entity"):
        description = _DESCRIPTIONS[status]
    response: dict[str, Any] = {"description": description, "content": content}
    if status == "429":
        response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return response


def _is_html(path: str, responses: dict[str, Any]) -> bool:
    if path.startswith("/forms/"):
        return True
    return any("text/html" in (r.get("content") or {}) for s, r in responses.items() if s.startswith("2"))


def _operations(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
    return (op for _, op in _method_operations(item))


def _method_operations(item: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((m, op) for m, op in item.items() if m in METHODS and isinstance(op, dict))


def refs(node: Any) -> Iterator[str]:
    """Every `$ref` in a document, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def _drop_unused_schemas(spec: dict[str, Any]) -> None:
    """Powertools' own validation-error schemas describe answers we never send; unused ones go."""
    schemas = spec["components"]["schemas"]
    used: set[str] = set()
    todo = [r.removeprefix(_REF_PREFIX) for r in refs({k: v for k, v in spec.items() if k != "components"})]
    while todo:
        name = todo.pop()
        if name in used or name not in schemas:
            continue
        used.add(name)
        todo.extend(r.removeprefix(_REF_PREFIX) for r in refs(schemas[name]))
    for name in list(schemas):
        if name not in used:
            del schemas[name]


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _schema_only_environment() -> None:
    """Placeholders for the variables the services check at import: documenting them touches no AWS.

    Only for a process of its own (`main`): the placeholders would otherwise stay in the services'
    settings, which are read once at import.
    """
    names = [config.EVENT_BUS_NAME, config.USER_POOL_ID, config.USER_POOL_CLIENT_ID, config.SENDER_EMAIL]
    for spec in load_services():
        names += [t.env_var for t in spec.tables]
        if spec.uses_scheduler:  # every function of such a service is told its schedule group
            names += ["SCHEDULE_GROUP_NAME", "SCHEDULER_ROLE_ARN", "SCHEDULE_TARGET_ARN"]
        for key, value in spec.environment.items():
            os.environ.setdefault(key, value)
    for name in names:
        os.environ.setdefault(name, "schema-only")
    os.environ.setdefault(config.PUBLIC_BASE_URL, "http://127.0.0.1:8000")
    os.environ.setdefault(config.STAGE, "docs")
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-central-1")


def main(argv: Sequence[str]) -> int:
    """Write docs/openapi.json; `--check` only says whether it is current; `--print` prints it."""
    _schema_only_environment()
    text = render(merged_openapi())
    if "--print" in argv:
        sys.stdout.write(text)
        return 0
    if "--check" in argv:
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if current != text:
            print("docs/openapi.json is stale: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    DOC_PATH.write_text(text, encoding="utf-8")
    print("wrote docs/openapi.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
