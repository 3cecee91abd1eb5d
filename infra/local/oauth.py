"""Cognito's token endpoint (`POST /oauth2/token`) for the client-credentials grant, on this machine.

moto has no OAuth 2.0 endpoint. This one checks the app client and its secret against moto's user pool (the
client a manager registered through intake: `services/intake/machine_clients`), and answers an RS256
access token signed with the key moto signs its id tokens with, so the local front verifies both with the
one key set (TOKEN_SIGNING_KEYS). Errors are Cognito's: 400 with an OAuth 2.0 `error` code. No secret and
no token is ever logged.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import time
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote_plus

from infra.local.cloud import ACCOUNT, REGION
from infra.local.front import HttpResult

TOKEN_PATH = "/oauth2/token"  # noqa: S105 - a path, not a secret
#: Cognito's default lifetime of an access token from the client-credentials grant.
ACCESS_TOKEN_SECONDS = 3600


def _error(code: str, status: int = 400) -> HttpResult:
    body = json.dumps({"error": code}).encode()
    return HttpResult(status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")], body)


def _credentials(headers: Mapping[str, str], form: Mapping[str, str]) -> tuple[str, str] | None:
    """The client id and secret from HTTP Basic (RFC 6749 2.3.1), else from the form's fields."""
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() == "basic" and encoded.strip():
        try:
            client_id, sep, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return (unquote_plus(client_id), unquote_plus(secret)) if sep else None
    if form.get("client_id") and form.get("client_secret"):
        return form["client_id"], form["client_secret"]
    return None


def _moto_pool(user_pool_id: str) -> Any:
    from moto.cognitoidp.models import cognitoidp_backends

    return cognitoidp_backends[ACCOUNT][REGION].user_pools.get(user_pool_id)


def token_answer(user_pool_id: str, headers: Mapping[str, str], body: bytes) -> HttpResult:
    """The token endpoint's answer to one request, as Cognito gives it."""
    try:
        form = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    except UnicodeDecodeError:
        return _error("invalid_request")
    if form.get("grant_type") != "client_credentials":
        return _error("unsupported_grant_type")
    credentials = _credentials(headers, form)
    if credentials is None:
        return _error("invalid_client")
    client_id, secret = credentials
    pool = _moto_pool(user_pool_id)
    client = pool.clients.get(client_id) if pool is not None else None
    if client is None or not client.generate_secret or not secrets.compare_digest(client.secret, secret):
        return _error("invalid_client")
    config = client.extended_config
    if "client_credentials" not in (config.get("AllowedOAuthFlows") or []):
        return _error("unauthorized_client")
    allowed = list(config.get("AllowedOAuthScopes") or [])
    asked = form.get("scope", "").split() or allowed  # no scope asked: all the client may have
    if not asked or any(s not in allowed for s in asked):
        return _error("invalid_scope")
    now = int(time.time())
    claims = {
        "sub": client_id,
        "token_use": "access",
        "scope": " ".join(asked),
        "auth_time": now,
        "iss": f"https://cognito-idp.{REGION}.amazonaws.com/{user_pool_id}",
        "exp": now + ACCESS_TOKEN_SECONDS,
        "iat": now,
        "version": 2,
        "jti": str(uuid.uuid4()),
        "client_id": client_id,
    }
    from joserfc import jwt  # moto's own JOSE library: the key is moto's pool's

    token = jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, pool.json_web_key)
    answer = {"access_token": token, "expires_in": ACCESS_TOKEN_SECONDS, "token_type": "Bearer"}
    return HttpResult(
        200,
        [("Content-Type", "application/json"), ("Cache-Control", "no-store")],
        json.dumps(answer).encode(),
    )
