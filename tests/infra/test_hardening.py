"""The security review's cloud findings (issue 8), read from the synthesized template.

Each test names its finding: client attributes (1), least privilege and the public function (10), event
sources (11), throttling (12), retention outside the tables (13), HSTS (14), token lifetime (15).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import assertions

from infra.cloud.core import SIGN_IN_RATE_LIMIT, WEB_SESSION_RATE_LIMIT, sign_in_path_pattern
from infra.cloud.stack import SIGN_IN_MAIL
from shared.events.catalog import CATALOGUE, public_event_types
from shared.manifest import ANONYMOUS_PREFIXES, is_web_path, load_services
from shared.web.session import ID_COOKIE
from tests.infra import graph
from tests.infra.conftest import STAGE, Synthesized

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
        {
            "ReadAttributes": assertions.Match.array_with(
                ["custom:person_id", "custom:tenant_id", "custom:tenant_slug"]
            )
        },
    )
    for lid, client in _clients(cloud).items():
        readable = set(client.get("ReadAttributes") or [])
        assert readable, f"{lid}: ReadAttributes must be explicit too"
        assert not {a for a in readable if a.startswith("custom:")} & set(client["WriteAttributes"]), lid


def test_the_tenant_slug_is_a_mutable_custom_attribute_the_directory_can_set(cloud: Synthesized) -> None:
    [pool] = graph.resources_of(cloud.template, "AWS::Cognito::UserPool").values()
    schema = {a["Name"]: a for a in pool["Properties"]["Schema"]}

    # intake's directory sets custom:tenant_slug with AdminCreateUser; the local pool has it too.
    for name in ("tenant_id", "tenant_slug", "person_id"):
        assert schema[name]["AttributeDataType"] == "String", name
        assert schema[name]["Mutable"] is True, name


# --- issue 10: passwordless sign-in with an e-mailed code --------------------------------------------


def _pool(cloud: Synthesized) -> tuple[str, dict[str, Any]]:
    [(lid, pool)] = graph.resources_of(cloud.template, "AWS::Cognito::UserPool").items()
    return lid, pool["Properties"]


def test_the_pool_is_on_essentials_with_e_mail_codes_as_a_first_factor(cloud: Synthesized) -> None:
    _, pool = _pool(cloud)

    assert pool["UserPoolTier"] == "ESSENTIALS"
    # Cognito insists the password factor stays allowed; accounts are made without one.
    assert sorted(pool["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"]) == ["EMAIL_OTP", "PASSWORD"]
    # Threat protection belongs to the Plus plan (docs/decisions.md): neither its mode nor its risk rules.
    assert "UserPoolAddOns" not in pool
    assert graph.resources_of(cloud.template, "AWS::Cognito::UserPoolRiskConfigurationAttachment") == {}


def test_the_pool_sends_its_codes_through_the_deployments_ses_domain(cloud: Synthesized) -> None:
    _, pool = _pool(cloud)
    email = pool["EmailConfiguration"]
    [identity] = graph.resources_of(cloud.template, "AWS::SES::EmailIdentity").values()
    [configuration_set] = graph.resources_of(cloud.template, "AWS::SES::ConfigurationSet")
    domain = identity["Properties"]["EmailIdentity"]
    functions = graph.resources_of(cloud.template, "AWS::Lambda::Function")
    sender = next(iter(functions.values()))["Properties"]["Environment"]["Variables"]["SENDER_EMAIL"]

    assert email["EmailSendingAccount"] == "DEVELOPER"
    assert email["From"] == sender
    assert sender.endswith(f"@{domain}")
    assert any(literal.endswith(f":identity/{domain}") for literal in graph.literals(email["SourceArn"]))
    assert graph.refs(email["ConfigurationSet"]) == {configuration_set}


def test_the_web_client_signs_in_by_choice_refreshes_and_revokes(cloud: Synthesized) -> None:
    for lid, client in _clients(cloud).items():
        # ALLOW_USER_AUTH for the e-mail code; no password flow at all; refresh keeps the session.
        assert sorted(client["ExplicitAuthFlows"]) == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"], lid
        assert client["EnableTokenRevocation"] is True, lid
        assert client["GenerateSecret"] is False, lid
        assert client["PreventUserExistenceErrors"] == "ENABLED", lid


def test_the_code_e_mail_is_worded_by_intakes_trigger_which_holds_nothing_but_its_logs(
    cloud: Synthesized,
) -> None:
    pool_id, pool = _pool(cloud)
    service, handler = SIGN_IN_MAIL
    trigger_id, trigger = _functions(cloud)[(service, "signinmail")]
    props = trigger["Properties"]
    [permission] = [
        p["Properties"]
        for p in graph.resources_of(cloud.template, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "cognito-idp.amazonaws.com"
    ]
    [log_group] = graph.refs(props["LoggingConfig"]["LogGroup"])
    statements = [
        g.statement for g in graph.identity_statements(cloud.template) if _role_of(trigger) in g.roles
    ]

    assert graph.refs(pool["LambdaConfig"]["CustomMessage"]) == {trigger_id}
    assert props["Handler"] == handler
    assert (props["Architectures"], props["Runtime"]) == (["arm64"], "python3.14")
    assert props["LoggingConfig"]["LogFormat"] == "JSON"
    assert props["Timeout"] <= 5  # Cognito waits five seconds for a trigger
    # The pool names the function, so the function must not name the pool (and needs nothing of it).
    assert set(props["Environment"]["Variables"]) == {"POWERTOOLS_SERVICE_NAME"}
    assert graph.refs(permission["FunctionName"]) == {trigger_id}
    assert graph.refs(permission["SourceArn"]) == {pool_id}
    assert _actions_of_role(cloud, _role_of(trigger)) == {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
    }
    for statement in statements:
        if any(str(a).startswith("logs:") for a in graph.as_list(statement["Action"])):
            assert graph.refs(statement["Resource"]) == {log_group}


def test_the_trigger_words_the_code_mail_and_leaves_cognitos_code_placeholder() -> None:
    from services.intake.sign_in_mail import handler

    event = {
        "triggerSource": "CustomMessage_Authentication",
        "request": {"userAttributes": {"locale": "de"}, "codeParameter": "{####}"},
        "response": {},
    }

    answered = handler(event, None)

    assert "{####}" in answered["response"]["emailMessage"]
    assert answered["response"]["emailSubject"]


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
    # Intake's forms and applications, sessions' private calendar feeds: each service's own public function.
    public_ids = {
        function_id for (_, kind), (function_id, _) in _functions(cloud).items() if kind == "public"
    }
    for method in graph.routed_methods(cloud.template):
        if method.authorization == "NONE" and not is_web_path(method.path):
            assert method.function in public_ids, method.path
        else:
            assert method.function not in public_ids, method.path


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
        if kind == "signinmail":
            continue  # Cognito's trigger: logs and tracing only (test_the_sign_in_mail_trigger_...)
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
        expected = {f"tandem.{p}" for t in rule.event_types for p in CATALOGUE[t].allowed_producers()}
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


def _rules(cloud: Synthesized) -> dict[str, dict[str, Any]]:
    [acl] = graph.resources_of(cloud.template, "AWS::WAFv2::WebACL").values()
    return {r["Name"]: r for r in acl["Properties"]["Rules"]}


def test_sign_in_posts_are_rate_limited_per_address(cloud: Synthesized) -> None:
    rule = _rules(cloud)["SignInRateLimit"]
    statement = rule["Statement"]["RateBasedStatement"]
    method, path = statement["ScopeDownStatement"]["AndStatement"]["Statements"]

    assert statement["AggregateKeyType"] == "IP"
    assert statement["Limit"] == SIGN_IN_RATE_LIMIT
    assert statement["EvaluationWindowSec"] == 300
    assert rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    assert method["ByteMatchStatement"]["FieldToMatch"] == {"Method": {}}
    assert (
        method["ByteMatchStatement"]["PositionalConstraint"],
        method["ByteMatchStatement"]["SearchString"],
    ) == (
        "EXACTLY",
        "POST",
    )
    assert path["RegexMatchStatement"]["FieldToMatch"] == {"UriPath": {}}
    assert path["RegexMatchStatement"]["RegexString"] == sign_in_path_pattern(STAGE)
    # Counted before the per-token rule and the managed rules.
    assert rule["Priority"] < _rules(cloud)["SignedInRateLimit"]["Priority"]


def test_signed_in_pages_are_rate_limited_per_session_cookie(cloud: Synthesized) -> None:
    rule = _rules(cloud)["WebSessionRateLimit"]
    statement = rule["Statement"]["RateBasedStatement"]
    prefixes = statement["ScopeDownStatement"]["OrStatement"]["Statements"]

    assert statement["AggregateKeyType"] == "CUSTOM_KEYS"
    assert [k["Cookie"]["Name"] for k in statement["CustomKeys"]] == [ID_COOKIE]
    assert statement["Limit"] == WEB_SESSION_RATE_LIMIT
    assert rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    assert {p["ByteMatchStatement"]["SearchString"] for p in prefixes} == {"/app/", f"/{STAGE}/app/"}


@pytest.mark.parametrize(
    ("path", "counted"),
    [
        ("/app/demo/sign-in", True),
        ("/app/demo/sign-in/code", True),
        (f"/{STAGE}/app/demo/sign-in", True),
        (f"/{STAGE}/app/network/sign-in/code", True),
        ("/app/demo/sign-in/", True),
        ("/app/demo/sign-out", False),
        ("/app/demo/programmes", False),
        ("/app/demo/sign-in/elsewhere", False),
        ("/forms/demo/sign-in", False),
        ("/app/sign-in", False),
    ],
)
def test_the_sign_in_pattern_matches_the_sign_in_pages_only(path: str, counted: bool) -> None:
    # WAF lower-cases and URL-decodes the path before matching (the rule's transformations).
    assert bool(re.search(sign_in_path_pattern(STAGE), path)) is counted


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
    # What waits in a queue, or (the partners' dead letters, which notifications reads as they come)
    # what arrives in it.
    watched = {
        q
        for a in alarms
        if a["Properties"].get("MetricName") in ("ApproximateNumberOfMessagesVisible", "NumberOfMessagesSent")
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
