"""Who is calling: the `Principal` read from the claims API Gateway's Cognito authorizer verified.

The tenant comes only from the verified token (`custom:tenant_id`), never from a body or a query string.
Only an id token of this deployment's app client is accepted (`token_use` "id", `aud` the client id from
USER_POOL_CLIENT_ID), in the cloud and on this machine alike: an access token carries no tenant, and a
token minted for another client of the pool is not ours to honour. An id token lives at most 60 minutes.

A partner system (a machine client, issue 16) calls with an access token of its own app client: only the
machine routes accept one (`Principal.machine`, built by intake once it knows the client). Everywhere else
it is refused as API Gateway's authorizer refuses it on a method without scopes (401, "not an id token");
a machine Principal has no role, so every role check refuses it (403) should one ever reach other code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared.config import USER_POOL_CLIENT_ID
from shared.errors import Forbidden, Unauthorized


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    MENTOR = "mentor"
    MENTEE = "mentee"
    TRAINER = "trainer"
    #: A stakeholder of work-based learning (seed 002): sets goals, reads progress where the mentee consented.
    EMPLOYER = "employer"


@dataclass(frozen=True)
class Principal:
    user_id: str
    tenant_id: str | None
    roles: frozenset[Role]
    person_id: str | None
    email: str | None = None
    #: The municipality's slug, as in `/app/{slug}/...` (the signed-in pages compare it with the path).
    tenant_slug: str | None = None
    #: The language the person chose (the account's `locale`), if any.
    locale: str | None = None
    #: A partner system's app client (a machine client): no person, no role, one municipality.
    machine_client_id: str | None = None

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any], *, audience: str | None = None) -> Principal:
        """From verified claims; `audience` is the app client id (default: USER_POOL_CLIENT_ID)."""
        user_id = claims.get("sub")
        if not user_id:
            raise Unauthorized("The request carries no verified identity.")
        if claims.get("token_use") != "id":
            raise Unauthorized("Sign in with an id token.")
        expected = audience if audience is not None else os.environ.get(USER_POOL_CLIENT_ID)
        # Fail closed: without a configured client no audience can be right.
        if not expected or str(claims.get("aud") or "") != expected:
            raise Unauthorized("The token was issued for another application.")
        return cls(
            user_id=str(user_id),
            tenant_id=str(claims["custom:tenant_id"]) if claims.get("custom:tenant_id") else None,
            roles=parse_groups(claims.get("cognito:groups")),
            person_id=str(claims["custom:person_id"]) if claims.get("custom:person_id") else None,
            email=str(claims["email"]) if claims.get("email") else None,
            tenant_slug=str(claims["custom:tenant_slug"]) if claims.get("custom:tenant_slug") else None,
            locale=str(claims["locale"]) if claims.get("locale") else None,
        )

    @classmethod
    def machine(cls, client_id: str, tenant_id: str) -> Principal:
        """A registered partner system acting in its municipality: no role, so every role check refuses it."""
        return cls(
            user_id=f"client:{client_id}",
            tenant_id=tenant_id,
            roles=frozenset(),
            person_id=None,
            machine_client_id=client_id,
        )

    @property
    def is_machine(self) -> bool:
        return self.machine_client_id is not None

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Principal:
        """From an API Gateway REST proxy event; a route behind the authorizer always has claims."""
        authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
        return cls.from_claims(authorizer.get("claims") or {})

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def require(self, *roles: Role) -> None:
        if not self.has(*roles):
            raise Forbidden("Your role does not allow this.", required_roles=[r.value for r in roles])

    def require_tenant(self) -> str:
        """The caller's tenant; a principal without one (the network admin) cannot act inside a tenant."""
        if self.tenant_id is None:
            raise Forbidden("This needs an account of a municipality.")
        return self.tenant_id


_GROUP_SPLIT = re.compile(r"[,\s]+")


def parse_groups(raw: Any) -> frozenset[Role]:
    """Cognito groups as the REST authorizer passes them ("a,b"), as a JSON-ish "[a b]", or a list."""
    if raw is None:
        return frozenset()
    names = (
        [str(x) for x in raw] if isinstance(raw, list | tuple) else _GROUP_SPLIT.split(str(raw).strip("[]"))
    )
    known = {r.value for r in Role}
    return frozenset(Role(n) for n in names if n in known)
