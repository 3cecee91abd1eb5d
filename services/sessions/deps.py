"""The sessions functions' adapters, built once per cold start."""

from __future__ import annotations

from functools import cache

from services.sessions.settings import settings
from services.sessions.store import SessionsStore
from shared.events.publisher import Publisher


@cache
def store() -> SessionsStore:
    return SessionsStore()


@cache
def publisher() -> Publisher:
    import boto3  # on first use, not in every cold start

    return Publisher(boto3.client("events"), settings.event_bus_name)
