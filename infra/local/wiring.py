"""What the local runtime wires, read back from moto and the router: the input of the cloud parity test."""

from __future__ import annotations

import json
from dataclasses import dataclass

import boto3

from infra.local import cloud as local_cloud
from infra.local.router import Router
from shared.manifest import load_services


@dataclass(frozen=True)
class LocalWiring:
    #: API path template → (service, anonymous)
    routes: dict[str, tuple[str, bool]]
    #: (service, subscription name) → event types its rule lets through to the service's queue
    subscriptions: dict[tuple[str, str], frozenset[str]]
    #: API path template → the dotted handler that answers it (public function or API function)
    handlers: dict[str, str | None]
    #: (service, subscription name) → the event sources its rule accepts
    sources: dict[tuple[str, str], frozenset[str]]


def describe_local_wiring() -> LocalWiring:
    specs = load_services()
    router = Router(specs)
    routes = {route.path: (service, route.anonymous) for route, service in router.routes}
    cloud = local_cloud.start(specs, "http://127.0.0.1")
    try:
        events = boto3.client("events")
        by_queue = {q.queue_arn: (name, q) for name, q in cloud.queues.items()}
        subscriptions: dict[tuple[str, str], frozenset[str]] = {}
        sources: dict[tuple[str, str], frozenset[str]] = {}
        for rule in events.list_rules(EventBusName=local_cloud.BUS)["Rules"]:
            targets = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=local_cloud.BUS)["Targets"]
            for target in targets:
                service, queues = by_queue[target["Arn"]]
                subscription = next(n for n, r in queues.rules.items() if r == rule["Name"])
                pattern = json.loads(rule["EventPattern"])
                subscriptions[(service, subscription)] = frozenset(pattern["detail-type"])
                sources[(service, subscription)] = frozenset(pattern.get("source", ()))
    finally:
        cloud.stop()
    return LocalWiring(routes=routes, subscriptions=subscriptions, handlers=router.handlers, sources=sources)
