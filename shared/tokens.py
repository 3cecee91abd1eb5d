"""Verifying a Cognito id token: what API Gateway's authorizer does for a bearer token, and what every
function serving the signed-in pages (`/app/**`) does for the session cookie. A partner system's access
token (client credentials) is verified on its own path (`verify_access`): the machine routes only.

One verifier, so a cookie is checked exactly as a bearer token is: the pool's signing key, RS256, this
pool as issuer, this deployment's app client as audience, `token_use` "id", not expired. The keys come
from the pool's JWKS (fetched once per cold start in the cloud); the local runtime, whose JWKS cannot be
fetched under moto, hands the same key set over in TOKEN_SIGNING_KEYS.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from shared.config import USER_POOL_CLIENT_ID, USER_POOL_ID

if TYPE_CHECKING:
    from jwt.types import Options

#: The pool's JSON Web Key Set as JSON, where it cannot be fetched from Cognito (the local runtime).
TOKEN_SIGNING_KEYS = "TOKEN_SIGNING_KEYS"  # noqa: S105 - the variable's name, not a secret
_JWKS_TIMEOUT_SECONDS = 3
#: The one scope a partner system's app client is allowed (resource server `tandem`, scope `applicants`):
#: the machine routes (`/v1/partner/...`) ask for it, as the cloud's methods' `authorization_scopes` do.
MACHINE_SCOPE = "tandem/applicants"


class InvalidToken(Exception):
    pass


class TokenVerifier:
    def __init__(self, jwks: Mapping[str, Any], *, issuer: str, audience: str, leeway: int = 0) -> None:
        # PyJWT brings in `cryptography` (~100 ms): imported by the first request that checks a token.
        import jwt

        self._keys = {k["kid"]: jwt.PyJWK(k) for k in jwks["keys"]}
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway

    def verify(self, token: str) -> dict[str, Any]:
        claims = self._decode(
            token,
            audience=self._audience,
            options={"require": ["exp", "iat", "sub", "aud", "iss", "token_use"]},
        )
        if claims.get("token_use") != "id":
            raise InvalidToken("not an id token")
        return claims

    def verify_access(self, token: str, *, scope: str) -> dict[str, Any]:
        """A client-credentials access token of this pool that carries `scope`, as API Gateway's Cognito
        authorizer checks one on a method with authorization scopes: signature, issuer, expiry, `token_use`
        "access", a `client_id` (an access token has no audience). Whether the client is still registered
        is the function's question (a revoked client's tokens live on until they expire)."""
        claims = self._decode(
            token,
            audience=None,
            options={"require": ["exp", "iat", "iss", "token_use", "client_id"], "verify_aud": False},
        )
        if claims.get("token_use") != "access":
            raise InvalidToken("not an access token")
        if scope not in scopes_of(claims):
            raise InvalidToken("the token lacks the method's scope")
        return claims

    def _decode(self, token: str, *, audience: str | None, options: Options) -> dict[str, Any]:
        """Signature (this pool's key, RS256), issuer, audience when given, expiry."""
        import jwt

        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._keys.get(kid or "")
            if key is None:
                raise InvalidToken("unknown signing key")
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options=options,
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenExpired(str(exc)) from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        if claims["exp"] < time.time() - self._leeway:
            raise TokenExpired("expired")
        return claims


def scopes_of(claims: Mapping[str, Any]) -> set[str]:
    """An access token's scopes: a space-separated string (OAuth 2.0), or a list as some tools pass it."""
    raw = claims.get("scope") or ""
    return {str(s) for s in raw} if isinstance(raw, list | tuple) else set(str(raw).split())


class TokenExpired(InvalidToken):
    """A token that was good and has run out: the session may be refreshed, not refused outright."""


def issuer(region: str, user_pool_id: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"


def deployment_verifier() -> TokenVerifier:
    """The verifier for this deployment's pool and app client (one per cold start; the environment names
    them, and a test process may start several local deployments one after another)."""
    region = os.environ.get("AWS_REGION") or os.environ["AWS_DEFAULT_REGION"]
    return _verifier(
        region, os.environ[USER_POOL_ID], os.environ[USER_POOL_CLIENT_ID], os.environ.get(TOKEN_SIGNING_KEYS)
    )


@cache
def _verifier(region: str, pool: str, client_id: str, given_keys: str | None) -> TokenVerifier:
    if given_keys:
        jwks = json.loads(given_keys)
    else:
        import urllib.request  # once per cold start, on the first page that checks a session

        url = f"{issuer(region, pool)}/.well-known/jwks.json"
        with urllib.request.urlopen(url, timeout=_JWKS_TIMEOUT_SECONDS) as answer:  # noqa: S310 - https, fixed host
            jwks = json.loads(answer.read())
    return TokenVerifier(jwks, issuer=issuer(region, pool), audience=client_id)
