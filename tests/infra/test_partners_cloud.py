"""Partner subscriptions in the cloud: only notifications' API function may make partner rules,
connections and API destinations, only by their `<prefix>-partner-` names; EventBridge's invoke role is
passed to EventBridge alone; undeliverable partner events land in a dead-letter queue of their own."""

from __future__ import annotations

import json
from typing import Any

from shared.manifest import load_services
from tests.infra import graph
from tests.infra.conftest import Synthesized

PARTNER_ACTIONS = {
    "events:PutRule",
    "events:PutTargets",
    "events:CreateConnection",
    "events:CreateApiDestination",
    "events:StartReplay",
    "iam:PassRole",
}


def _functions(cloud: Synthesized) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (graph.tandem(r)["service"], graph.tandem(r)["function"]): r
        for r in graph.resources_of(cloud.template, "AWS::Lambda::Function").values()
    }


def _statements_of(cloud: Synthesized, function: dict[str, Any]) -> list[dict[str, Any]]:
    [role] = graph.refs(function["Properties"]["Role"])
    return [g.statement for g in graph.identity_statements(cloud.template) if role in g.roles]


def test_only_notifications_api_function_may_route_events_to_partners(cloud: Synthesized) -> None:
    # A service that schedules (notifications' reminders, monitoring's timers) passes the scheduler's role.
    schedulers = {spec.name for spec in load_services() if spec.uses_scheduler}
    for (service, kind), function in _functions(cloud).items():
        actions = {str(a) for s in _statements_of(cloud, function) for a in graph.as_list(s["Action"])}
        routes = actions & PARTNER_ACTIONS - ({"iam:PassRole"} if service in schedulers else set())
        if (service, kind) == ("notifications", "api"):
            assert routes == PARTNER_ACTIONS - {"iam:PassRole"}
        else:
            assert not routes, (service, kind)


def test_the_api_function_reaches_only_partner_named_resources(cloud: Synthesized) -> None:
    api = _functions(cloud)[("notifications", "api")]
    for statement in _statements_of(cloud, api):
        actions = {str(a) for a in graph.as_list(statement["Action"])}
        text = json.dumps(statement["Resource"])
        if actions & {"events:PutRule", "events:CreateConnection", "events:CreateApiDestination"}:
            assert "-partner-*" in text and '"*"' not in text, statement
        if "iam:PassRole" in actions and "events" in json.dumps(statement.get("Condition", {})):
            assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": "events.amazonaws.com"}}


def test_the_api_function_is_told_where_the_dead_letters_archive_and_invoke_role_are(
    cloud: Synthesized,
) -> None:
    functions = _functions(cloud)
    variables = functions[("notifications", "api")]["Properties"]["Environment"]["Variables"]
    for name in (
        "PARTNER_DEAD_LETTER_ARN",
        "PARTNER_INVOKE_ROLE_ARN",
        "EVENT_ARCHIVE_ARN",
        "PARTNER_RESOURCE_PREFIX",
    ):
        assert name in variables
    # Never the setting that lets plain http to 127.0.0.1 through: that is for this machine only.
    for function in functions.values():
        assert "PARTNER_ENDPOINTS" not in function["Properties"].get("Environment", {}).get("Variables", {})


def test_undeliverable_partner_events_have_a_queue_only_partner_rules_may_fill(cloud: Synthesized) -> None:
    queues = graph.resources_of(cloud.template, "AWS::SQS::Queue")
    [dead] = [lid for lid, q in queues.items() if graph.tandem(q).get("queue") == "partner-dead-letters"]
    policies = graph.resources_of(cloud.template, "AWS::SQS::QueuePolicy").values()
    [policy] = [p for p in policies if dead in graph.refs(p["Properties"]["Queues"])]
    statements = [
        s
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
        if s.get("Principal", {}).get("Service")
    ]
    assert statements and all("-partner-*" in json.dumps(s["Condition"]) for s in statements)


def test_eventbridge_alone_assumes_the_invoke_role(cloud: Synthesized) -> None:
    roles = graph.resources_of(cloud.template, "AWS::IAM::Role")
    invoke = [
        r
        for r in roles.values()
        if "events:InvokeApiDestination" in json.dumps(r["Properties"].get("Policies", []))
    ]
    [role] = invoke
    [trust] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "events.amazonaws.com"}


def test_notifications_events_function_records_the_dead_letters_and_the_alarm_counts_arrivals(
    cloud: Synthesized,
) -> None:
    queues = graph.resources_of(cloud.template, "AWS::SQS::Queue")
    [dead] = [lid for lid, q in queues.items() if graph.tandem(q).get("queue") == "partner-dead-letters"]
    events_function = _functions(cloud)[("notifications", "events")]
    variables = events_function["Properties"]["Environment"]["Variables"]
    assert dead in graph.refs(variables["PARTNER_DEAD_LETTER_ARN"])
    mappings = graph.resources_of(cloud.template, "AWS::Lambda::EventSourceMapping").values()
    [mapping] = [m for m in mappings if dead in graph.refs(m["Properties"]["EventSourceArn"])]
    assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    [function_id] = graph.refs(mapping["Properties"]["FunctionName"])
    assert cloud.template["Resources"][function_id] is events_function
    reads = [
        s
        for s in _statements_of(cloud, events_function)
        if "sqs:ReceiveMessage" in graph.as_list(s["Action"])
    ]
    assert any(dead in graph.refs(s["Resource"]) for s in reads)
    alarms = graph.resources_of(cloud.template, "AWS::CloudWatch::Alarm").values()
    watching = [a for a in alarms if dead in json.dumps(a["Properties"].get("Dimensions", []))]
    assert [a["Properties"]["MetricName"] for a in watching] == ["NumberOfMessagesSent"]
