"""The matching functions' adapters, built once per cold start."""

from __future__ import annotations

from functools import cache

import boto3

from services.matching.settings import settings
from services.matching.store import MatchingStore
from shared.events.publisher import Publisher


@cache
def store() -> MatchingStore:
    return MatchingStore()


@cache
def publisher() -> Publisher:
    return Publisher(boto3.client("events"), settings.event_bus_name)
