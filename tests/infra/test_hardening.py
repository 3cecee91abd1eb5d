"""The security review's cloud findings (issue 8), read from the synthesized template.

Each test names its finding: client attributes (1), least privilege and the public function (10), event
sources (11), throttling (12), retention outside the tables (13), HSTS (14), token lifetime (15).
"""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import assertions

from shared.events.catalog import CATALOGUE, public_event_types
from shared.manifest import ANONYMOUS_PREFIXES, load_services
from tests.infra import graph
from tests.infra.conftest import Synthesized

SPECS = {spec.name: spec for spec in load_services()}
FOUR_DAYS = 4 * 24 * 3600


def _clients(cloud: Synthesized) -> dict[str, dict[str, Any]]:
    clients = {
        lid: r["Properties"]
        for lid, r in graph.resources_of(cloud.template, "AWS::Cognito::UserPoolClient").items()
    }
    assert clients, "no app client in the template"
    return clients


def _functions(cloud: Synthesized) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    return {
        (graph.tandem(r)["service"], graph.tandem(r)["function"]): (lid, r)
        for lid, r in graph.resources_of(cloud.template, "AWS::Lambda::Function").items()
    }


def _actions_of_role(cloud: Synthesized, role: str) -> set[str]:
    return {
        str(action)
        for granted in graph.identity_statements(cloud.template)
        if role in granted.roles and granted.statement["Effect"] == "Allow"
        for action in graph.as_list(granted.statement["Action"])
    }


def _role_of(function: dict[str, Any]) -> str:
    [role] = graph.refs(function["Properties"]["Role"])
    return role


# --- 1: custom attributes are never writable by a client ---------------------------------------------


def test_no_client_may_write_a_custom_attribute(cloud: Synthesized) -> None:
    for lid, client in _clients(cloud).items():
        written = client.get("WriteAttributes")
        # An empty or missing list is "not specified" to Cognito: every attribute stays writable.
        assert written, f"{lid}: WriteAttributes must be an explicit, non-empty allow-list"
        assert not [a for a in written if a.startswith("custom:")], lid
        assert sorted(written) == ["family_name", "given_name", "locale"], lid


def test_the_custom_attributes_are_readable_but_not_writable(cloud: Synthesized) -> None:
    template = assertions.Template.from_json(cloud.template)
    template.has_resource_properties(
        "AWS::Cognito::UserPoolClient",
        {"ReadAttributes": assertions.Match.array_with(["custom:person_id", "custom:tenant_id"])},
    )
    for lid, client in _clients(cloud).items():
        readable = set(client.get("ReadAttributes") or [])
        assert readable, f"{lid}: ReadAttributes must be explicit too"
        assert not {a for a in readable if a.startswith("custom:")} & set(client["WriteAttributes"]), lid


# --- 15: id tokens live an hour at most --------------------------------------------------------------


def test_an_id_token_lives_at_most_sixty_minutes(cloud: Synthesized) -> None:
    for lid, client in _clients(cloud).items():
        unit = client.get("TokenValidityUnits", {}).get("IdToken", "hours")
        minutes = client["IdTokenValidity"] * {"minutes": 1, "hours": 60, "days": 1440}[unit]
        assert minutes <= 60, lid


# --- 10: least privilege; the public function has no user-pool rights --------------------------------


def test_the_public_function_has_its_table_and_the_bus_and_no_user_pool_right(cloud: Synthesized) -> None:
    functions = _functions(cloud)
    _, public = functions[("intake", "public")]
    actions = _actions_of_role(cloud, _role_of(public))

    assert not [a for a in actions if a.startswith("cognito-idp:")]
    assert "events:PutEvents" in actions
    assert {a.split(":")[0] for a in actions} == {"dynamodb", "events", "kms", "logs", "xray"}
    assert set(SPECS["intake"].table_actions) <= actions


def test_anonymous_paths_reach_only_the_public_function(cloud: Synthesized) -> None:
    functions = _functions(cloud)
    public_id, _ = functions[("intake", "public")]
    for method in graph.routed_methods(cloud.template):
        if method.authorization == "NONE":
            assert method.function == public_id, method.path
        else:
            assert method.function != public_id, method.path


def test_the_public_function_has_reserved_concurrency(cloud: Synthesized) -> None:
    _, public = _functions(cloud)[("intake", "public")]

    assert public["Properties"]["ReservedConcurrentExecutions"] == SPECS["intake"].public_reserved_concurrency
    assert 0 < public["Properties"]["ReservedConcurrentExecutions"] <= 50


@pytest.mark.parametrize("spec", SPECS.values(), ids=SPECS.keys())
def test_each_role_gets_exactly_the_table_and_user_pool_actions_its_manifest_declares(
    cloud: Synthesized, spec: Any
) -> None:
    for (service, kind), (_, function) in _functions(cloud).items():
        if service != spec.name:
            continue
        actions = _actions_of_role(cloud, _role_of(function))
        assert {a for a in actions if a.startswith("dynamodb:")} == set(spec.table_actions), kind
        # Only the API function calls the user pool; the public and events functions get no right there.
        expected_pool = set(spec.user_pool_actions) if kind == "api" else set()
        assert {a for a in actions if a.startswith("cognito-idp:")} == expected_pool, kind


def test_no_role_may_scan_batch_get_or_list_users(cloud: Synthesized) -> None:
    granted = {
        str(a)
        for g in graph.identity_statements(cloud.template)
        if g.statement["Effect"] == "Allow"
        for a in graph.as_list(g.statement["Action"])
    }

    assert not granted & {
        "dynamodb:Scan",
        "dynamodb:BatchGetItem",
        "dynamodb:DescribeTable",
        "cognito-idp:ListUsers",
        "cognito-idp:AdminUpdateUserAttributes",
    }
    # Deleting a login is granted to intake's API function alone: it undoes an account half made.
    deleters = {
        role
        for g in graph.identity_statements(cloud.template)
        if "cognito-idp:AdminDeleteUser" in map(str, graph.as_list(g.statement["Action"]))
        for role in g.roles
    }
    assert len(deleters) == 1


# --- 11: rules match the producer's source ------------------------------------------------------------


def test_every_rule_matches_the_catalogue_producers_source(cloud: Synthesized) -> None:
    rules = graph.subscribed(cloud.template)
    assert rules
    for rule in rules:
        expected = {f"tandem.{CATALOGUE[t].producer}" for t in rule.event_types}
        assert rule.sources == expected, rule.subscription


def test_every_consumer_alarms_on_refused_events(cloud: Synthesized) -> None:
    filters = graph.resources_of(cloud.template, "AWS::Logs::MetricFilter")
    log_groups_with_filter = {
        g for f in filters.values() for g in graph.refs(f["Properties"]["LogGroupName"])
    }
    for (_, kind), (_, function) in _functions(cloud).items():
        if kind == "events":
            [group] = graph.refs(function["Properties"]["LoggingConfig"]["LogGroup"])
            assert group in log_groups_with_filter
    for metric_filter in filters.values():
        assert '"event refused"' in metric_filter["Properties"]["FilterPattern"]


# --- 12: a per-user rate rule for signed-in routes ----------------------------------------------------


def test_signed_in_routes_are_rate_limited_per_bearer_token(cloud: Synthesized) -> None:
    [acl] = graph.resources_of(cloud.template, "AWS::WAFv2::WebACL").values()
    rules = {r["Name"]: r for r in acl["Properties"]["Rules"]}
    rule = rules["SignedInRateLimit"]
    statement = rule["Statement"]["RateBasedStatement"]

    assert statement["AggregateKeyType"] == "CUSTOM_KEYS"
    assert [k["Header"]["Name"].lower() for k in statement["CustomKeys"]] == ["authorization"]
    assert rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    # Scoped to everything but the anonymous paths (those have their own per-address rule).
    negated = statement["ScopeDownStatement"]["NotStatement"]["Statement"]["OrStatement"]["Statements"]
    searched = {s["ByteMatchStatement"]["SearchString"] for s in negated}
    assert set(ANONYMOUS_PREFIXES) <= searched
    assert len({r["Priority"] for r in rules.values()}) == len(rules)


# --- 13: the archive and the dead letters ------------------------------------------------------------


def test_the_archive_is_encrypted_with_the_deployment_key_and_holds_public_events_only(
    cloud: Synthesized,
) -> None:
    [archive] = graph.resources_of(cloud.template, "AWS::Events::Archive").values()
    [key] = graph.resources_of(cloud.template, "AWS::KMS::Key")
    props = archive["Properties"]

    assert graph.refs(props["KmsKeyIdentifier"]) == {key}
    archived = set(props["EventPattern"]["detail-type"])
    assert archived == set(public_event_types())
    assert not [t for t in archived if CATALOGUE[t].visibility != "public"]
    assert "ContactDetailsRecorded" not in archived


def test_every_dead_letter_queue_keeps_messages_at_most_four_days_and_alarms(cloud: Synthesized) -> None:
    queues = graph.resources_of(cloud.template, "AWS::SQS::Queue")
    dead = {lid: q for lid, q in queues.items() if graph.tandem(q).get("queue") != "events"}
    alarms = graph.resources_of(cloud.template, "AWS::CloudWatch::Alarm").values()
    watched = {
        q
        for a in alarms
        if a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"
        for q in graph.refs(a["Properties"].get("Dimensions", []))
    }

    assert dead
    for lid, queue in dead.items():
        assert queue["Properties"]["MessageRetentionPeriod"] <= FOUR_DAYS, lid
        assert lid in watched, lid


# --- 14: HSTS in the cloud ----------------------------------------------------------------------------


def test_every_function_behind_api_gateway_is_told_to_send_hsts(cloud: Synthesized) -> None:
    behind_api = {m.function for m in graph.routed_methods(cloud.template)}
    functions = graph.resources_of(cloud.template, "AWS::Lambda::Function")

    assert behind_api
    for lid in behind_api:
        assert functions[lid]["Properties"]["Environment"]["Variables"]["TANDEM_HSTS"] == "1", lid


def test_the_e_mail_is_not_the_username_so_one_person_may_have_an_account_in_each_municipality(
    cloud: Synthesized,
) -> None:
    pools = [r for r in cloud.template["Resources"].values() if r["Type"] == "AWS::Cognito::UserPool"]
    assert pools
    for pool in pools:
        props = pool["Properties"]
        assert "UsernameAttributes" not in props and "AliasAttributes" not in props
