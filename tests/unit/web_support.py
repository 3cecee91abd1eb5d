"""What the web floor's unit tests share: a proxy event as API Gateway sends it, and tokens signed by a
test key with the verifier that trusts it (installed in place of the deployment's)."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.config import USER_POOL_CLIENT_ID
from shared.tokens import TokenVerifier
from shared.web import session

ISSUER = "https://cognito-idp.eu-central-1.amazonaws.com/pool"
CLIENT = "client"
_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_JWK = {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(_KEY.public_key())), "kid": "k1", "alg": "RS256"}
VERIFIER = TokenVerifier({"keys": [_JWK]}, issuer=ISSUER, audience=CLIENT)


def token(*, expired: bool = False, key: Any = _KEY, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "sub": "u-1",
        "aud": CLIENT,
        "iss": ISSUER,
        "token_use": "id",
        "iat": now - 7200 if expired else now,
        "exp": now - 3600 if expired else now + 3600,
        "email": "manager@demo.example.org",
        "custom:tenant_id": "t_1",
        "custom:tenant_slug": "demo",
        "cognito:groups": ["manager"],
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def other_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def event(
    path: str = "/app/demo",
    *,
    cookies: dict[str, str] | None = None,
    cookie_header: str | None = None,
    query: dict[str, str] | None = None,
    method: str = "GET",
    body: str | None = None,
) -> dict[str, Any]:
    header = (
        cookie_header
        if cookie_header is not None
        else "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    )
    return {
        "path": path,
        "httpMethod": method,
        "headers": {"Cookie": header} if header else {},
        "multiValueHeaders": {},
        "queryStringParameters": query,
        "body": body,
        "isBase64Encoded": False,
    }


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> TokenVerifier:
    """The test key's tokens verify as the deployment's would."""
    monkeypatch.setattr(session, "deployment_verifier", lambda: VERIFIER)
    monkeypatch.setenv(USER_POOL_CLIENT_ID, CLIENT)
    return VERIFIER


class FakeProvider:
    """The identity provider's refresh and revoke, as the session uses them."""

    def __init__(self, fresh: str | None = None) -> None:
        self.fresh = fresh
        self.refreshed: list[str] = []
        self.revoked: list[str] = []

    def send_code(self, username: str) -> str | None:
        return None

    def check_code(self, username: str, challenge: str, code: str) -> Any:
        raise AssertionError("not used here")

    def refresh(self, refresh_token: str) -> str | None:
        self.refreshed.append(refresh_token)
        return None if refresh_token in self.revoked else self.fresh

    def revoke(self, refresh_token: str) -> None:
        self.revoked.append(refresh_token)
