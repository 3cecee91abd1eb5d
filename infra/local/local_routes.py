"""What only this machine answers, before any service's route: a token for any account, the sent mail,
the scheduler clock moved on, the merged OpenAPI document, Swagger UI and a welcome page. None of it
exists in the cloud; Cognito's token endpoint (`/oauth2/token`, which moto lacks) is here too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

import boto3
from botocore.exceptions import ClientError

from infra.local.cloud import EXPORT_BUCKET, LOCAL_EXPORT_LINK_KEY
from infra.local.front import HttpResult, json_result, problem_result
from infra.local.oauth import TOKEN_PATH, token_answer
from infra.local.static import docs_result

#: A person's export, as the cloud's presigned S3 link would give it (services/intake/privacy/links.py).
EXPORT_LINKS = "/local/exports/"
LocalRoute = Callable[[str, str, dict[str, str], bytes], HttpResult | None]
#: What the user pool answers for an e-mail it cannot use: the same 404 as no account at all.
_NO_ACCOUNT = frozenset({"UserNotFoundException", "InvalidParameterException"})


class LocalHost(Protocol):
    """The running system as these routes see it (the runtime is one)."""

    @property
    def url(self) -> str: ...

    @property
    def seeded(self) -> Mapping[str, Any]: ...

    @property
    def user_pool_id(self) -> str: ...

    def token(self, email: str, tenant: str | None = None) -> str: ...

    def outbox(self) -> dict[str, list[dict[str, Any]]]: ...

    def openapi(self) -> dict[str, Any]: ...

    def now(self) -> datetime:
        """The runtime's time (the scheduler clock's, which tests move on)."""
        ...

    def advance_clock(self, delta: timedelta) -> int: ...

    def wait_until_idle(self, timeout: float = 10.0) -> None: ...

    def sms_receipt(self, message_id: str, status: str) -> None: ...

    def dead_letters(self) -> dict[str, Any]: ...

    def redrive(self) -> dict[str, int]: ...

    def relay_state(self) -> dict[str, Any]: ...


def local_routes(host: LocalHost) -> LocalRoute:
    """The front's first look at a request: an answer for a local-only path, else None."""

    def route(method: str, path: str, headers: dict[str, str], body: bytes) -> HttpResult | None:
        if path == "/local/token" and method == "POST":
            return _token(host, body)
        if path == TOKEN_PATH and method == "POST":
            # Cognito's token endpoint (client credentials), which moto lacks: infra/local/oauth.py.
            return token_answer(host.user_pool_id, headers, body)
        if path == "/local/outbox" and method == "GET":
            return json_result(200, host.outbox())
        if path.startswith(EXPORT_LINKS) and method == "GET":
            return _export_download(host, path[len(EXPORT_LINKS) :])
        if path == "/local/clock" and method == "POST":
            return _clock(host, body)
        if path == "/local/sms-receipt" and method == "POST":
            return _sms_receipt(host, body)
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


def _clock(host: LocalHost, body: bytes) -> HttpResult:
    """Moves this runtime's scheduler clock on (`{"days": n, "hours"?: n}`) and waits until what fell due
    has been handled: a second process's runtime (a test of its own, a demo) reaching a relationship's
    midpoint without sharing its clock with anyone."""
    try:
        asked = json.loads(body or b"{}")
        delta = timedelta(days=float(asked.get("days", 0)), hours=float(asked.get("hours", 0)))
    except (ValueError, TypeError, AttributeError):
        return problem_result(422, 'Send {"days": n, "hours"?: n}.', errors=[{"field": "days"}])
    if delta < timedelta():
        return problem_result(422, "The clock only moves on.", errors=[{"field": "days"}])
    fired = host.advance_clock(delta)
    host.wait_until_idle(timeout=60)
    return json_result(200, {"fired": fired})


def _sms_receipt(host: LocalHost, body: bytes) -> HttpResult:
    """The SMS fake's receipt for a text in the outbox (`{"message_id": ..., "status": "SUCCESS" |
    "FAILURE"}`): what SNS's delivery-status logs say in the cloud, through the same path."""
    try:
        asked = json.loads(body or b"{}")
        message_id, status = str(asked["message_id"]), str(asked.get("status", "SUCCESS"))
    except (ValueError, KeyError, TypeError, AttributeError):
        return problem_result(
            422, 'Send {"message_id": ..., "status"?: ...}.', errors=[{"field": "message_id"}]
        )
    if status not in ("SUCCESS", "FAILURE"):
        return problem_result(422, "status is SUCCESS or FAILURE.", errors=[{"field": "status"}])
    host.sms_receipt(message_id, status)
    return json_result(200, {"message_id": message_id, "status": status})


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


def _export_download(host: LocalHost, rest: str) -> HttpResult:
    """`<expires>/<signature>/<key>`: the object, while the link is valid and its signature right; else 403
    (as S3 answers an expired or forged presigned URL)."""
    expires, _, tail = rest.partition("/")
    signature, _, key = tail.partition("/")
    secret = os.environ.get(LOCAL_EXPORT_LINK_KEY, "")
    try:
        when = int(expires)
    except ValueError:
        return problem_result(403, "This download link is not valid.")
    expected = hmac.new(secret.encode(), f"{key}\n{when}".encode(), hashlib.sha256).hexdigest()
    if not secret or not hmac.compare_digest(expected, signature):
        return problem_result(403, "This download link is not valid.")
    if host.now().timestamp() > when:
        return problem_result(403, "This download link has expired; ask for the export's links again.")
    try:
        obj = boto3.client("s3").get_object(Bucket=EXPORT_BUCKET, Key=key)
    except ClientError:
        return problem_result(404, "No such export.")
    return HttpResult(200, [("Content-Type", str(obj["ContentType"]))], obj["Body"].read())
