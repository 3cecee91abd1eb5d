"""The monitoring functions' shared adapters, built once per cold start (each part keeps its own store)."""

from __future__ import annotations

from functools import cache

from services.monitoring.settings import settings
from shared.events.publisher import Publisher


@cache
def publisher() -> Publisher:
    import boto3  # on first use, not in every cold start

    return Publisher(boto3.client("events"), settings.event_bus_name)
