"""Principals as the authorizer hands them over: from id-token claims of the test app client."""

from __future__ import annotations

from shared.auth import Principal

APP_CLIENT = "test-app-client"


def signed_in(
    sub: str, *groups: str, tenant_id: str | None = None, person_id: str | None = None
) -> Principal:
    claims = {"sub": sub, "cognito:groups": ",".join(groups), "token_use": "id", "aud": APP_CLIENT}
    if tenant_id:
        claims["custom:tenant_id"] = tenant_id
    if person_id:
        claims["custom:person_id"] = person_id
    return Principal.from_claims(claims, audience=APP_CLIENT)
