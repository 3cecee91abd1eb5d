import re
from pathlib import Path

import pytest

from infra.local.router import Router
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
    r"\.(admin_[a-z_]+|list_users[a-z_]*|list_groups[a-z_]*|get_user|update_user_attributes)\("
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
    for path in (ROOT / "services" / service.name).glob("store*.py"):
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
