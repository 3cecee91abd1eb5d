import pytest

from shared.auth import Principal, Role, parse_groups
from shared.config import USER_POOL_CLIENT_ID
from shared.errors import Forbidden, Unauthorized

CLIENT = "web-client-1"


@pytest.fixture(autouse=True)
def _app_client(monkeypatch):
    monkeypatch.setenv(USER_POOL_CLIENT_ID, CLIENT)


def claims(**extra):
    return {
        "sub": "u-1",
        "custom:tenant_id": "t_1",
        "custom:person_id": "p_1",
        "token_use": "id",
        "aud": CLIENT,
        **extra,
    }


@pytest.mark.parametrize(
    "raw", ["manager,mentor", "[manager mentor]", ["manager", "mentor"], "manager mentor"]
)
def test_groups_in_every_form_the_authorizers_use(raw):
    assert parse_groups(raw) == {Role.MANAGER, Role.MENTOR}


def test_unknown_groups_grant_nothing():
    assert parse_groups("superuser,root") == frozenset()
    assert parse_groups(None) == frozenset()


def test_principal_from_rest_authorizer_event():
    event = {"requestContext": {"authorizer": {"claims": claims(**{"cognito:groups": "manager"})}}}
    p = Principal.from_event(event)
    assert (p.user_id, p.tenant_id, p.person_id, p.roles) == ("u-1", "t_1", "p_1", {Role.MANAGER})


def test_no_claims_is_unauthorized():
    with pytest.raises(Unauthorized):
        Principal.from_event({"requestContext": {}})


def test_role_guard_and_tenant_guard():
    admin = Principal.from_claims({"sub": "a", "cognito:groups": "admin", "token_use": "id", "aud": CLIENT})
    admin.require(Role.ADMIN)
    with pytest.raises(Forbidden):
        admin.require(Role.MANAGER)
    with pytest.raises(Forbidden):
        admin.require_tenant()
    assert Principal.from_claims(claims()).require_tenant() == "t_1"


def _without(key):
    return {k: v for k, v in claims(**{"cognito:groups": "manager"}).items() if k != key}


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(_without("token_use"), id="no token_use"),
        # An access token: no aud (client_id instead) and no custom attributes the services could trust.
        pytest.param(
            {"sub": "u-1", "token_use": "access", "client_id": CLIENT, "cognito:groups": "manager"},
            id="access token",
        ),
        pytest.param(claims(token_use="access"), id="token_use access"),
        pytest.param(claims(aud="another-client"), id="wrong aud"),
        pytest.param(_without("aud"), id="no aud"),
    ],
)
def test_only_an_id_token_of_this_app_client_makes_a_principal(bad):
    with pytest.raises(Unauthorized):
        Principal.from_claims(bad)
    with pytest.raises(Unauthorized):
        Principal.from_event({"requestContext": {"authorizer": {"claims": bad}}})


def test_without_a_configured_app_client_no_token_is_accepted(monkeypatch):
    monkeypatch.delenv(USER_POOL_CLIENT_ID)
    with pytest.raises(Unauthorized):
        Principal.from_claims(claims())
    assert Principal.from_claims(claims(), audience=CLIENT).user_id == "u-1"
