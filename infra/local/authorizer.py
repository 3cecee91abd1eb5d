"""What API Gateway's Cognito authorizer does, on this machine: verify the id token, hand on its claims."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moto.utilities.utils import load_resource

# One verifier for bearer tokens and session cookies alike: it lives with the code every function runs.
from shared.tokens import InvalidToken as InvalidToken
from shared.tokens import TokenVerifier as TokenVerifier


def moto_jwks() -> dict[str, Any]:
    """The public key set moto signs its Cognito tokens with (urllib cannot fetch it under moto)."""
    return dict(load_resource("cognitoidp/resources/jwks-public.json"))


def authorizer_claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """Claims as the REST authorizer passes them to the function: every value a string, lists joined."""
    return {k: ",".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in claims.items()}


def bearer(headers: Mapping[str, str]) -> str | None:
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
