"""The matching functions' adapters, built once per cold start."""

from __future__ import annotations

from functools import cache

from services.matching.settings import settings
from services.matching.store import MatchingStore
from shared.events.publisher import Publisher


@cache
def store() -> MatchingStore:
    return MatchingStore()


@cache
def publisher() -> Publisher:
    import boto3  # on the first request that publishes, not in every cold start

    return Publisher(boto3.client("events"), settings.event_bus_name)
