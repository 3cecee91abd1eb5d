"""The partners part's adapters, built once per cold start; infra/local puts its stand-in in with `use()`."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from services.notifications.partners.endpoints import Resolver, system_resolver
from services.notifications.partners.ports import EventRouting
from services.notifications.partners.routing import EventBridgeRouting
from services.notifications.partners.settings import settings

if TYPE_CHECKING:  # the store reads the table's name on import; the catalogue and docs need no table
    from services.notifications.partners.store import SubscriptionStore

_local_routing: EventRouting | None = None


def use(routing: EventRouting | None) -> None:
    """The local runtime's stand-in for EventBridge (infra/local/partners.py); None: the cloud's."""
    global _local_routing
    _local_routing = routing


@cache
def store() -> SubscriptionStore:
    from services.notifications.partners.store import SubscriptionStore

    return SubscriptionStore()


@cache
def _cloud_routing() -> EventBridgeRouting:
    import boto3  # on first use, not in every cold start

    return EventBridgeRouting(boto3.client("events"), settings())


def routing() -> EventRouting:
    return _local_routing or _cloud_routing()


def resolver() -> Resolver:
    return system_resolver
