"""The intake functions' adapters, built once per cold start; tests may hand in fakes instead."""

from __future__ import annotations

from functools import cache

from services.intake.directory import CognitoDirectory
from services.intake.settings import settings
from services.intake.store import IntakeStore
from shared.events.publisher import Publisher


@cache
def store() -> IntakeStore:
    return IntakeStore()


@cache
def publisher() -> Publisher:
    import boto3  # on the first request that publishes, not in every cold start

    return Publisher(boto3.client("events"), settings.event_bus_name)


@cache
def directory() -> CognitoDirectory:
    import boto3

    return CognitoDirectory(boto3.client("cognito-idp"), settings.user_pool_id)
