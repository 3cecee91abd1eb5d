"""What only this machine answers, before any service's route: a token for any account, the sent mail,
the merged OpenAPI document, Swagger UI and a welcome page. None of it exists in the cloud.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from botocore.exceptions import ClientError

from infra.local.front import HttpResult, json_result, problem_result
from infra.local.static import docs_result

LocalRoute = Callable[[str, str, dict[str, str], bytes], HttpResult | None]
#: What the user pool answers for an e-mail it cannot use: the same 404 as no account at all.
_NO_ACCOUNT = frozenset({"UserNotFoundException", "InvalidParameterException"})


class LocalHost(Protocol):
    """The running system as these routes see it (the runtime is one)."""

    @property
    def url(self) -> str: ...

    @property
    def seeded(self) -> Mapping[str, Any]: ...

    def token(self, email: str, tenant: str | None = None) -> str: ...

    def outbox(self) -> dict[str, list[dict[str, Any]]]: ...

    def openapi(self) -> dict[str, Any]: ...

    def dead_letters(self) -> dict[str, Any]: ...

    def redrive(self) -> dict[str, int]: ...

    def relay_state(self) -> dict[str, Any]: ...


def local_routes(host: LocalHost) -> LocalRoute:
    """The front's first look at a request: an answer for a local-only path, else None."""

    def route(method: str, path: str, headers: dict[str, str], body: bytes) -> HttpResult | None:
        if path == "/local/token" and method == "POST":
            return _token(host, body)
        if path == "/local/outbox" and method == "GET":
            return json_result(200, host.outbox())
        if path == "/local/dlq" and method == "GET":
            return json_result(200, host.dead_letters())
        if path == "/local/redrive" and method == "POST":
            return json_result(200, {"moved": host.redrive()})
        if path == "/local/relay" and method == "GET":
            return json_result(200, host.relay_state())
        if path == "/openapi.json" and method == "GET":
            return json_result(200, host.openapi())
        if path == "/docs" or path.startswith("/docs/"):
            return docs_result(path)
        if path == "/" and method == "GET":
            return json_result(
                200,
                {
                    "name": "Tandem (local)",
                    "docs": f"{host.url}/docs",
                    "outbox": f"{host.url}/local/outbox",
                    "seeded": dict(host.seeded),
                },
            )
        return None

    return route


def _token(host: LocalHost, body: bytes) -> HttpResult:
    try:
        asked = json.loads(body or b"{}")
        email = str(asked["email"])
        tenant = str(asked["tenant"]) if asked.get("tenant") else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return problem_result(422, 'Send {"email": ..., "tenant"?: ...}.', errors=[{"field": "email"}])
    try:
        return json_result(200, {"id_token": host.token(email, tenant)})
    except LookupError:
        pass
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") not in _NO_ACCOUNT:
            raise
    return problem_result(
        404, "No single account with that e-mail; name the municipality (id or slug) as 'tenant'."
    )
