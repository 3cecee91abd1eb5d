"""The monitoring functions' shared adapters, built once per cold start (each part keeps its own store)."""

from __future__ import annotations

from functools import cache

import boto3

from services.monitoring.settings import settings
from shared.events.publisher import Publisher


@cache
def publisher() -> Publisher:
    return Publisher(boto3.client("events"), settings.event_bus_name)
