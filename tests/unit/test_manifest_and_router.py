import ast
import re
import subprocess
import sys
from pathlib import Path
from pkgutil import resolve_name

import pytest

from infra.local.router import Router
from infra.local.seed import ADMIN_EMAIL, seed_all, seeders
from shared.manifest import HttpRoute, ServiceSpec, load_services

ROOT = Path(__file__).resolve().parents[2]


def spec(name, *paths):
    return ServiceSpec(
        name=name,
        api_handler=f"services.{name}.api.handler",
        events_handler=None,
        routes=tuple(HttpRoute(p) for p in paths),
    )


def test_every_service_has_a_manifest():
    assert [s.name for s in load_services()] == [
        "intake",
        "matching",
        "sessions",
        "monitoring",
        "notifications",
    ]


def test_only_public_and_form_paths_are_anonymous():
    assert HttpRoute("/v1/public/{proxy+}").anonymous
    assert HttpRoute("/forms/{proxy+}").anonymous
    assert not HttpRoute("/v1/programmes").anonymous
    assert not HttpRoute("/v1/publications").anonymous


@pytest.mark.parametrize("bad", ["v1/x", "/v1/{proxy+}/x", "/v1/a b"])
def test_malformed_routes_are_refused(bad):
    with pytest.raises(ValueError):
        HttpRoute(bad)


def test_literal_beats_variable_beats_proxy():
    router = Router(
        [
            spec("intake", "/v1/programmes/{programme_id}", "/v1/applications/{proxy+}"),
            spec("matching", "/v1/programmes/{programme_id}/candidates", "/v1/applications/special"),
        ]
    )
    m = router.match("/v1/programmes/p1/candidates")
    assert (m.service, m.path_parameters) == ("matching", {"programme_id": "p1"})
    assert router.match("/v1/programmes/p1").service == "intake"
    assert router.match("/v1/applications/special").service == "matching"
    assert router.match("/v1/applications/a1/notes").path_parameters == {"proxy": "a1/notes"}
    assert router.match("/v1/programmes") is None


def test_a_path_claimed_twice_is_refused():
    with pytest.raises(ValueError):
        Router([spec("intake", "/v1/x"), spec("matching", "/v1/x")])


def test_the_public_function_answers_the_anonymous_paths_and_only_those():
    intake = next(s for s in load_services() if s.name == "intake")
    router = Router(load_services())

    assert intake.public_api_handler == "services.intake.public_api.handler"
    assert router.match("/forms/demo/mentee").handler == intake.public_api_handler
    assert router.match("/v1/public/demo/programmes/p1").handler == intake.public_api_handler
    assert router.match("/v1/programmes/p1").handler == intake.api_handler
    assert router.match("/v1/applications").handler == intake.api_handler


def test_a_service_without_a_public_function_answers_everything_from_its_api():
    router = Router([spec("intake", "/v1/public/{proxy+}", "/v1/programmes")])
    assert router.match("/v1/public/x").handler == "services.intake.api.handler"


def test_every_subscription_pattern_names_the_catalogue_producer_as_source():
    for service in load_services():
        for subscription in service.subscriptions:
            pattern = subscription.pattern()
            assert pattern["detail-type"] == list(subscription.event_types)
            assert pattern["source"] and all(s.startswith("tandem.") for s in pattern["source"])


def test_a_manifest_cannot_declare_scan_or_wildcards():
    with pytest.raises(ValueError):
        ServiceSpec(name="x", api_handler=None, events_handler=None, table_actions=("dynamodb:Scan",))
    with pytest.raises(ValueError):
        ServiceSpec(name="x", api_handler=None, events_handler=None, table_actions=("dynamodb:*",))
    with pytest.raises(ValueError):
        ServiceSpec(name="x", api_handler=None, events_handler=None, user_pool_actions=("cognito-idp:*",))


_BOTO3_CALL = re.compile(
    r"\.(admin_[a-z_]+|list_users[a-z_]*|list_groups[a-z_]*|get_user|update_user_attributes"
    r"|create_user_pool_client|delete_user_pool_client)\("
)


def _cognito_calls(service):
    """The user-pool operations a service's code calls, as IAM actions (admin_get_user → AdminGetUser)."""
    calls = set()
    for path in (ROOT / "services" / service).rglob("*.py"):
        for name in _BOTO3_CALL.findall(path.read_text()):
            calls.add("cognito-idp:" + "".join(part.title() for part in name.split("_")))
    return calls


@pytest.mark.parametrize("service", load_services(), ids=lambda s: s.name)
def test_the_user_pool_grant_is_exactly_what_the_code_calls(service):
    assert set(service.user_pool_actions) == _cognito_calls(service.name)


def test_the_code_scan_finds_intakes_calls():
    assert {"cognito-idp:AdminCreateUser", "cognito-idp:AdminGetUser"} <= _cognito_calls("intake")


# PynamoDB calls in a service's store (STYLE.md: storage lives only there) → the DynamoDB action each needs.
_PYNAMODB_CALLS = {
    "get_in": "dynamodb:GetItem",
    "save": "dynamodb:PutItem",
    "update": "dynamodb:UpdateItem",
    "delete": "dynamodb:DeleteItem",
    "query_in": "dynamodb:Query",
    "query": "dynamodb:Query",
    "count": "dynamodb:Query",
    "scan": "dynamodb:Scan",
    "batch_write": "dynamodb:BatchWriteItem",
    "batch_get": "dynamodb:BatchGetItem",
    "condition_check": "dynamodb:ConditionCheckItem",
}
_PYNAMODB_CALL = re.compile(r"\.(" + "|".join(sorted(_PYNAMODB_CALLS, key=len, reverse=True)) + r")\(")
_MODEL_GET = re.compile(r"\b[A-Z]\w*(?:Record|Claim|Model)\.get\(")
#: What a consumer's memory of handled events does (shared/storage.py DynamoProcessedEvents).
_PROCESSED_EVENTS = {"dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem"}


def _table_calls(service):
    calls = set()
    folder = ROOT / "services" / service.name
    # A store is a module, or a package of modules (services/intake/store/), also in a part of a service
    # (services/monitoring/questionnaires/store.py).
    stores = [*folder.glob("store*.py"), *folder.glob("store/*.py")]
    for path in [*stores, *folder.glob("*/store*.py"), *folder.glob("*/store/*.py")]:
        text = path.read_text()
        calls |= {_PYNAMODB_CALLS[name] for name in _PYNAMODB_CALL.findall(text)}
        if _MODEL_GET.search(text):
            calls.add("dynamodb:GetItem")
    if service.events_handler:
        calls |= _PROCESSED_EVENTS
    return calls


@pytest.mark.parametrize(
    "service", [s for s in load_services() if s.api_handler or s.events_handler], ids=str
)
def test_the_table_grant_is_exactly_what_the_store_calls(service):
    assert set(service.table_actions) == _table_calls(service)


# --- the demo seed: each service's seeder, reached through its manifest ---


def _modules_after_importing(*modules):
    """The modules a fresh interpreter holds after importing these (nothing else loaded before)."""
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def _imported(path):
    """Every module a file names in an import, wherever it stands (TYPE_CHECKING blocks, functions too)."""
    tree = ast.parse((ROOT / path).read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return names


def test_the_seed_and_the_local_routes_do_not_import_the_runtime():
    # runtime imports both: were either to name it back, even for type checking, the circle is there again.
    for path in ("infra/local/seed.py", "infra/local/local_routes.py"):
        assert "infra.local.runtime" not in _imported(path), path
    loaded = _modules_after_importing("infra.local.seed", "infra.local.local_routes")
    assert "infra.local.runtime" not in loaded


@pytest.mark.parametrize("service", [s for s in load_services() if s.seeder], ids=str)
def test_each_declared_seeder_resolves_to_a_function_and_needs_no_infra(service):
    assert callable(resolve_name(service.seeder))
    module = service.seeder.rpartition(".")[0]
    assert module.startswith(f"services.{service.name}.")
    # A service's seeder knows the running system only as a SeedClient: it never imports infra/.
    assert not {m for m in _modules_after_importing(module) if m.startswith("infra")}


def test_intake_seeds_the_demo_municipality():
    assert [name for name, _ in seeders(load_services())][:1] == ["intake"]


class _Client:
    def __init__(self):
        self.calls = []

    def request(self, method, path, body=None, token=None):
        self.calls.append((method, path))
        return 201, {}

    def token(self, email, tenant=None):
        return f"token-of-{email}"

    def wait_until_idle(self):
        self.calls.append("idle")


def test_seeders_run_in_the_manifests_order_each_seeing_what_came_before(monkeypatch):
    seen = []

    def first(client, context):
        seen.append(("first", context.admin_email, dict(context.seeded)))
        client.request("POST", "/v1/first", {}, client.token(context.admin_email))
        return {"programme_id": "p-1"}

    def second(client, context):
        seen.append(("second", context.admin_email, dict(context.seeded)))
        return {"session_id": "s-1"}

    monkeypatch.setattr(sys.modules[__name__], "_first_seeder", first, raising=False)
    monkeypatch.setattr(sys.modules[__name__], "_second_seeder", second, raising=False)
    specs = [
        ServiceSpec(name="a", api_handler=None, events_handler=None, seeder=f"{__name__}._first_seeder"),
        ServiceSpec(name="b", api_handler=None, events_handler=None),
        ServiceSpec(name="c", api_handler=None, events_handler=None, seeder=f"{__name__}._second_seeder"),
    ]
    client = _Client()

    seeded = seed_all(client, specs)

    assert seen == [
        ("first", ADMIN_EMAIL, {}),
        ("second", ADMIN_EMAIL, {"programme_id": "p-1"}),
    ]
    assert seeded == {"programme_id": "p-1", "session_id": "s-1"}
    assert client.calls == [("POST", "/v1/first")]
