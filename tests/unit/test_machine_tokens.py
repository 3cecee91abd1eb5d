"""A partner system's access token: verified as API Gateway's authorizer does on a method with scopes, and
turned into a machine Principal only while its client is registered (issue 16)."""

import time

import jwt
import pytest

from services.intake.machine_clients.logic import partner
from shared.auth import Principal, Role
from shared.errors import Forbidden, Unauthorized
from shared.tokens import MACHINE_SCOPE, InvalidToken, TokenExpired
from tests.unit.test_authorizer import ISSUER, KEY, OTHER_KEY, VERIFIER


def access(key=KEY, **overrides):
    now = int(time.time())
    claims = {
        "sub": "c-1",
        "client_id": "c-1",
        "iss": ISSUER,
        "token_use": "access",
        "scope": MACHINE_SCOPE,
        "iat": now,
        "exp": now + 60,
        "jti": "j",
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def test_a_partner_token_with_the_scope_passes():
    claims = VERIFIER.verify_access(access(), scope=MACHINE_SCOPE)
    assert claims["client_id"] == "c-1"
    assert VERIFIER.verify_access(access(scope=f"openid {MACHINE_SCOPE}"), scope=MACHINE_SCOPE)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(access(scope="tandem/other"), id="another scope"),
        pytest.param(access(scope=""), id="no scope"),
        pytest.param(access(token_use="id"), id="an id token"),
        pytest.param(access(key=OTHER_KEY), id="another key"),
        pytest.param(access(iss="https://evil.example/pool"), id="another issuer"),
        pytest.param(access(client_id=None), id="no client"),
    ],
)
def test_anything_else_is_refused_on_a_partner_route(bad):
    with pytest.raises(InvalidToken):
        VERIFIER.verify_access(bad, scope=MACHINE_SCOPE)


def test_an_expired_partner_token_is_expired():
    with pytest.raises(TokenExpired):
        VERIFIER.verify_access(access(exp=int(time.time()) - 5), scope=MACHINE_SCOPE)


def test_an_id_route_refuses_a_partner_token():
    with pytest.raises(InvalidToken):
        VERIFIER.verify(access())


class Owners:
    def __init__(self, owners):
        self.owners = owners
        self.used: dict = {}
        self.marks: list = []

    def client_owner(self, client_id):
        return self.owners.get(client_id)

    def client_use(self, client_id):
        owner = self.owners.get(client_id)
        return (owner, self.used.get(client_id)) if owner else None

    def mark_used(self, client_id, at):
        self.used[client_id] = at
        self.marks.append(client_id)


CLAIMS = {"token_use": "access", "client_id": "c-1", "scope": MACHINE_SCOPE}


def test_a_registered_client_acts_for_its_municipality_with_no_role():
    caller = partner(CLAIMS, Owners({"c-1": "t_1"}))  # type: ignore[arg-type]
    assert caller.tenant_id == "t_1" and caller.is_machine and caller.roles == frozenset()
    with pytest.raises(Forbidden):
        caller.require(Role.MANAGER, Role.ADMIN, Role.MENTOR, Role.MENTEE, Role.TRAINER)


@pytest.mark.parametrize(
    "claims",
    [CLAIMS, {**CLAIMS, "scope": "tandem/other"}, {**CLAIMS, "token_use": "id"}, {**CLAIMS, "client_id": ""}],
)
def test_a_revoked_or_unknown_client_or_a_wrong_token_is_unauthorized(claims):
    with pytest.raises(Unauthorized):
        partner(claims, Owners({}))  # type: ignore[arg-type]


def test_a_person_principal_is_never_made_of_a_partner_token():
    with pytest.raises(Unauthorized):
        Principal.from_claims(CLAIMS, audience="web-client")


def test_a_partner_s_use_is_written_down_once_an_hour_at_most():
    owners = Owners({"c-1": "t_1"})
    for _ in range(3):
        partner(CLAIMS, owners)  # type: ignore[arg-type]
    assert owners.marks == ["c-1"] and owners.used["c-1"] is not None
