"""The synthesized template holds what the manifests say, and nothing that lets one service into another."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aws_cdk import assertions

from infra.cloud.stack import SIGN_IN_MAIL
from shared.manifest import ServiceSpec, is_anonymous_path, is_web_path, load_services
from tests.infra import graph
from tests.infra.conftest import Synthesized

SPECS = {spec.name: spec for spec in load_services()}


def _functions_of(template: dict[str, Any], service: str) -> dict[str, dict[str, Any]]:
    return {
        graph.tandem(r)["function"]: r
        for r in graph.resources_of(template, "AWS::Lambda::Function").values()
        if graph.tandem(r).get("service") == service
    }


def _queues_of(template: dict[str, Any], service: str) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        graph.tandem(r)["queue"]: (lid, r)
        for lid, r in graph.resources_of(template, "AWS::SQS::Queue").items()
        if graph.tandem(r).get("service") == service
    }


@pytest.mark.parametrize("spec", SPECS.values(), ids=SPECS.keys())
def test_each_service_has_the_functions_its_manifest_names(cloud: Synthesized, spec: ServiceSpec) -> None:
    functions = _functions_of(cloud.template, spec.name)

    expected = {
        k: h
        for k, h in (
            ("api", spec.api_handler),
            ("events", spec.events_handler),
            ("public", spec.public_api_handler),
        )
        if h
    }
    if spec.name == SIGN_IN_MAIL[0]:
        expected["signinmail"] = SIGN_IN_MAIL[1]  # Cognito's CustomMessage trigger, from this asset
    assert {kind: f["Properties"]["Handler"] for kind, f in functions.items()} == expected
    for kind, function in functions.items():
        props = function["Properties"]
        assert props["Runtime"] == "python3.14"
        assert props["Architectures"] == ["arm64"]
        assert props["LoggingConfig"]["LogFormat"] == "JSON"
        assert props["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"] == spec.name
        if kind != "signinmail":  # the trigger touches no table (test_hardening checks its role)
            assert {t.env_var for t in spec.tables} <= props["Environment"]["Variables"].keys()


@pytest.mark.parametrize("spec", SPECS.values(), ids=SPECS.keys())
def test_each_consumer_reads_its_own_queue_with_a_dead_letter_queue(
    cloud: Synthesized, spec: ServiceSpec
) -> None:
    queues = _queues_of(cloud.template, spec.name)
    if not spec.events_handler:
        assert queues == {}
        return

    queue_id, queue = queues["events"]
    dead_letters_id, _ = queues["dead-letters"]
    redrive = queue["Properties"]["RedrivePolicy"]
    assert graph.refs(redrive["deadLetterTargetArn"]) == {dead_letters_id}
    assert redrive["maxReceiveCount"] == spec.max_receive_count
    events_function = _functions_of(cloud.template, spec.name)["events"]
    assert queue["Properties"]["VisibilityTimeout"] > events_function["Properties"]["Timeout"]
    [mapping] = [
        m
        for m in graph.resources_of(cloud.template, "AWS::Lambda::EventSourceMapping").values()
        if graph.refs(m["Properties"]["EventSourceArn"]) == {queue_id}
    ]
    assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


@pytest.mark.parametrize("spec", SPECS.values(), ids=SPECS.keys())
def test_each_subscription_is_a_rule_into_the_services_queue(cloud: Synthesized, spec: ServiceSpec) -> None:
    rules = [s for s in graph.subscribed(cloud.template) if s.service == spec.name]

    assert {(s.subscription, s.event_types) for s in rules} == {
        (s.name, frozenset(s.event_types)) for s in spec.subscriptions
    }
    queues = _queues_of(cloud.template, spec.name)
    for rule in rules:
        assert graph.tandem(rule.rule)["service"] == spec.name
        assert rule.queue == queues["events"][0]
        [target] = rule.rule["Properties"]["Targets"]
        assert graph.refs(target["DeadLetterConfig"]["Arn"]) == {queues["undeliverable-events"][0]}
        assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0
        assert target["RetryPolicy"]["MaximumEventAgeInSeconds"] > 0


@pytest.mark.parametrize("spec", SPECS.values(), ids=SPECS.keys())
def test_each_table_is_built_as_its_manifest_says(cloud: Synthesized, spec: ServiceSpec) -> None:
    tables = {
        graph.tandem(r)["table"]: r["Properties"]
        for r in graph.resources_of(cloud.template, "AWS::DynamoDB::Table").values()
        if graph.tandem(r)["service"] == spec.name
    }

    assert tables.keys() == {t.logical_name for t in spec.tables}
    for table in spec.tables:
        props = tables[table.logical_name]
        assert props["KeySchema"] == [
            {"AttributeName": table.partition_key, "KeyType": "HASH"},
            {"AttributeName": table.sort_key, "KeyType": "RANGE"},
        ]
        assert {i["IndexName"]: i["KeySchema"] for i in props.get("GlobalSecondaryIndexes", [])} == {
            i.name: [{"AttributeName": i.partition_key, "KeyType": "HASH"}]
            + ([{"AttributeName": i.sort_key, "KeyType": "RANGE"}] if i.sort_key else [])
            for i in table.indexes
        }
        assert all(a["AttributeType"] == "S" for a in props["AttributeDefinitions"])
        assert props["TimeToLiveSpecification"] == {"AttributeName": table.ttl_attribute, "Enabled": True}
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["DeletionProtectionEnabled"] is True
        assert "ResourcePolicy" not in props


def test_every_table_has_point_in_time_recovery_and_the_deployment_key(cloud: Synthesized) -> None:
    template = assertions.Template.from_json(cloud.template)
    [key] = graph.resources_of(cloud.template, "AWS::KMS::Key")
    tables = graph.resources_of(cloud.template, "AWS::DynamoDB::Table")

    template.resource_properties_count_is(
        "AWS::DynamoDB::Table",
        {
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "SSESpecification": {
                "SSEEnabled": True,
                "SSEType": "KMS",
                "KMSMasterKeyId": {"Fn::GetAtt": [key, "Arn"]},
            },
        },
        len(tables),
    )
    assert len(tables) == sum(len(s.tables) for s in SPECS.values())
    template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})


def test_exactly_the_public_form_and_web_paths_have_no_authorizer(cloud: Synthesized) -> None:
    methods = graph.routed_methods(cloud.template)
    [authorizer] = graph.resources_of(cloud.template, "AWS::ApiGateway::Authorizer")

    for method in methods:
        if is_anonymous_path(method.path) or is_web_path(method.path):
            assert (method.authorization, method.authorizer) == ("NONE", None), method.path
        else:
            assert (method.authorization, method.authorizer) == ("COGNITO_USER_POOLS", authorizer), (
                method.path
            )
    anonymous = {m.path for m in methods if m.authorization == "NONE" and not is_web_path(m.path)}
    assert anonymous == {r.path for s in SPECS.values() for r in s.routes if r.anonymous}
    assert anonymous, "the manifests declare public routes; none reached the template"


def test_every_app_page_has_no_authorizer_and_reaches_its_services_api_function(cloud: Synthesized) -> None:
    # A browser sends a cookie, not a bearer token: the function verifies it itself (shared/tokens.py).
    pages = [m for m in graph.routed_methods(cloud.template) if is_web_path(m.path)]

    assert {m.path for m in pages} == {r.path for s in SPECS.values() for r in s.routes if r.web}
    assert "/app/{tenant_slug}/sign-in" in {m.path for m in pages}
    for method in pages:
        assert (method.authorization, method.authorizer) == ("NONE", None), method.path
        assert method.handler == SPECS[method.service].api_handler, method.path
        assert method.handler != SPECS[method.service].public_api_handler, method.path


def test_every_v1_route_but_the_public_ones_keeps_the_cognito_authorizer(cloud: Synthesized) -> None:
    [authorizer] = graph.resources_of(cloud.template, "AWS::ApiGateway::Authorizer")
    api = [m for m in graph.routed_methods(cloud.template) if m.path.startswith("/v1/")]
    signed_in = [m for m in api if not is_anonymous_path(m.path)]

    assert signed_in and len(signed_in) < len(api)
    for method in signed_in:
        assert (method.authorization, method.authorizer) == ("COGNITO_USER_POOLS", authorizer), method.path


def test_every_route_is_one_any_method_on_its_services_function(cloud: Synthesized) -> None:
    methods = graph.routed_methods(cloud.template)

    assert sorted((m.path, m.service) for m in methods) == sorted(
        (r.path, s.name) for s in SPECS.values() for r in s.routes
    )
    assert {m.http_method for m in methods} == {"ANY"}


def test_each_function_has_a_role_of_its_own(cloud: Synthesized) -> None:
    roles = [
        next(iter(graph.refs(f["Properties"]["Role"])))
        for f in graph.resources_of(cloud.template, "AWS::Lambda::Function").values()
    ]

    assert len(roles) == len(set(roles))
    for role in roles:
        assert cloud.template["Resources"][role]["Properties"].get("ManagedPolicyArns") is None


def test_no_identity_policy_allows_a_wildcard_action(cloud: Synthesized) -> None:
    for granted in graph.identity_statements(cloud.template):
        statement = granted.statement
        assert "NotAction" not in statement, granted.policy
        if statement["Effect"] == "Allow":
            wildcards = [a for a in graph.as_list(statement["Action"]) if "*" in a]
            assert wildcards == [], granted.policy


def test_no_role_reaches_another_services_table(cloud: Synthesized) -> None:
    assert graph.table_access_violations(cloud.template) == []
    # The checker must have had something to check: every table is reachable by its own service.
    reached = {
        table
        for granted in graph.identity_statements(cloud.template)
        for table in graph.tables_reached(granted.statement, set(graph.table_services(cloud.template)))
    }
    with_functions = {s.name for s in SPECS.values() if s.api_handler or s.events_handler}
    assert reached == {t for t, s in graph.table_services(cloud.template).items() if s in with_functions}


def _widened(template: dict[str, Any], statement: dict[str, Any]) -> dict[str, Any]:
    """The template with `statement` added to the intake API function's access policy."""
    widened = copy.deepcopy(template)
    intake_role = next(r for r, s in graph.role_services(widened).items() if s == "intake")
    policy = next(
        p
        for p in graph.resources_of(widened, "AWS::IAM::Policy").values()
        if graph.refs(p["Properties"]["Roles"]) == {intake_role}
        and "Access" in str(p["Properties"]["PolicyName"])
    )
    policy["Properties"]["PolicyDocument"]["Statement"].append(statement)
    return widened


def _notifications_table(template: dict[str, Any]) -> str:
    return next(t for t, s in graph.table_services(template).items() if s == "notifications")


@pytest.mark.parametrize(
    "widening",
    [
        pytest.param(
            lambda t: {
                "Effect": "Allow",
                "Action": "dynamodb:GetItem",
                "Resource": {"Fn::GetAtt": [_notifications_table(t), "Arn"]},
            },
            id="another service's table",
        ),
        pytest.param(
            lambda t: {
                "Effect": "Allow",
                "Action": ["dynamodb:Query"],
                "Resource": {
                    "Fn::Join": ["", [{"Fn::GetAtt": [_notifications_table(t), "Arn"]}, "/index/*"]]
                },
            },
            id="another service's indexes",
        ),
        pytest.param(
            lambda t: {"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": "*"}, id="every resource"
        ),
        pytest.param(
            lambda t: {
                "Effect": "Allow",
                "Action": "dynamodb:PutItem",
                "Resource": {
                    "Fn::Join": [
                        "",
                        ["arn:", {"Ref": "AWS::Partition"}, ":dynamodb:eu-central-1:123456789012:table/*"],
                    ]
                },
            },
            id="every table by ARN pattern",
        ),
        pytest.param(lambda t: {"Effect": "Allow", "Action": "*", "Resource": "*"}, id="administrator"),
        pytest.param(
            lambda t: {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, id="everything but IAM"
        ),
    ],
)
def test_the_isolation_check_catches_a_widened_policy(cloud: Synthesized, widening: Any) -> None:
    widened = _widened(cloud.template, widening(cloud.template))

    violations = graph.table_access_violations(widened)

    assert len(violations) == 1
    assert "(intake)" in violations[0]


def test_the_isolation_check_lets_a_service_keep_its_own_table(cloud: Synthesized) -> None:
    intake_table = next(t for t, s in graph.table_services(cloud.template).items() if s == "intake")
    widened = _widened(
        cloud.template,
        {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": {"Fn::GetAtt": [intake_table, "Arn"]}},
    )

    assert graph.table_access_violations(widened) == []


def test_each_stack_stays_within_cloudformations_500_resources(cloud: Synthesized) -> None:
    counts = {name: len(template["Resources"]) for name, template in cloud.stacks.items()}
    assert max(counts.values()) <= 500, counts
    # The API's resources and methods live in their own nested stack, the deployment's stage beside them.
    [routes] = [t for name, t in cloud.stacks.items() if "Routes" in name]
    types = {r["Type"] for r in routes["Resources"].values()}
    assert types == {"AWS::ApiGateway::Resource", "AWS::ApiGateway::Method"}
    print(f"\nresources per stack: {counts}")
