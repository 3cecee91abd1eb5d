"""Manifest options no service uses yet (SMS, reminders, routes under another service's resource) synthesize
cleanly too, and the shared resource tree refuses routes API Gateway would reject at deploy time.
"""

from __future__ import annotations

import dataclasses

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw

from infra.cloud.routes import ResourceTree
from shared.manifest import HttpRoute, Subscription, load_services
from tests.infra import graph
from tests.infra.conftest import Synthesized, synthesize_into

NESTED_ROUTE = "/v1/programmes/{programme_id}/reminders"


@pytest.fixture(scope="module")
def options(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    specs = {s.name: s for s in load_services()}
    specs["intake"] = dataclasses.replace(
        specs["intake"],
        routes=(HttpRoute("/v1/programmes/{programme_id}"),),
        public_api_handler=None,
        uses_scheduler=False,  # its daily retention sweep: checked with the real manifests
    )
    # Only intake's programme resource and the nested route: the tree must be shared, nothing else.
    specs["matching"] = dataclasses.replace(specs["matching"], routes=())
    specs["sessions"] = dataclasses.replace(specs["sessions"], routes=(), public_api_handler=None)
    # Monitoring's own routes and timers are checked with the real manifests (tests/infra/test_parity.py).
    specs["monitoring"] = dataclasses.replace(specs["monitoring"], routes=(), uses_scheduler=False)
    specs["notifications"] = dataclasses.replace(
        specs["notifications"],
        api_handler="services.notifications.api.handler",
        routes=(HttpRoute(NESTED_ROUTE),),
        public_api_handler=None,  # its public route (the event catalogue) is not among these
        # Types from the catalogue: a rule's source is the catalogue's producer of each type.
        subscriptions=(Subscription("Reminders", ("MatchConfirmed", "MatchEnded")),),
        sends_sms=True,
        uses_scheduler=True,
    )
    return synthesize_into(tmp_path_factory.mktemp("cdk.out"), list(specs.values()))


def test_every_option_passes_cdk_nag(options: Synthesized) -> None:
    assert [str(f) for f in options.findings] == []


def test_a_route_under_another_services_resource_shares_it(options: Synthesized) -> None:
    routes = graph.routes(options.template)

    assert routes == {
        "/v1/programmes/{programme_id}": ("intake", False),
        NESTED_ROUTE: ("notifications", False),
    }
    parts = [
        r["Properties"]["PathPart"]
        for r in graph.resources_of(options.template, "AWS::ApiGateway::Resource").values()
    ]
    assert sorted(parts) == sorted(["v1", "programmes", "{programme_id}", "reminders"])


def test_sms_is_allowed_to_phone_numbers_only(options: Synthesized) -> None:
    sms = [
        g.statement
        for g in graph.identity_statements(options.template)
        if "sns:Publish" in graph.as_list(g.statement["Action"])
    ]

    assert {s["Effect"] for s in sms} == {"Allow", "Deny"}
    for deny in (s for s in sms if s["Effect"] == "Deny"):
        assert any(":sns:*:*:*" in literal for literal in graph.literals(deny["Resource"]))


def test_reminders_use_the_services_own_schedule_group_and_queue(options: Synthesized) -> None:
    [group] = graph.resources_of(options.template, "AWS::Scheduler::ScheduleGroup").values()
    assert group["Properties"]["Name"] == "tandem-dev-notifications"
    scheduling = [
        g
        for g in graph.identity_statements(options.template)
        if "scheduler:CreateSchedule" in graph.as_list(g.statement["Action"])
    ]
    assert {graph.role_services(options.template)[r] for g in scheduling for r in g.roles} == {
        "notifications"
    }
    for granted in scheduling:
        assert any("tandem-dev-notifications/*" in s for s in graph.literals(granted.statement["Resource"]))


def test_options_keep_services_out_of_each_others_tables(options: Synthesized) -> None:
    assert graph.table_access_violations(options.template) == []


def _tree() -> ResourceTree:
    stack = cdk.Stack(cdk.App(), "Routes")
    api = apigw.RestApi(stack, "Api")
    return ResourceTree(api.root, stack)


def test_the_tree_refuses_a_path_two_services_declare() -> None:
    tree = _tree()
    tree.claim("/v1/programmes", "intake")

    with pytest.raises(ValueError, match="both intake and matching"):
        tree.claim("/v1/programmes", "matching")


def test_the_tree_refuses_two_variables_on_one_level() -> None:
    tree = _tree()
    tree.claim("/v1/programmes/{programme_id}", "intake")

    with pytest.raises(ValueError, match="only one path variable"):
        tree.claim("/v1/programmes/{id}/runs", "matching")
