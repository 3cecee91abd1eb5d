"""The intake functions' adapters, built once per cold start; tests may hand in fakes instead."""

from __future__ import annotations

from functools import cache

from services.intake.directory import CognitoDirectory
from services.intake.settings import settings
from services.intake.store import IntakeStore
from shared.events.publisher import Publisher
from shared.storage.outbox import OutboxPublisher


@cache
def store() -> IntakeStore:
    return IntakeStore()


@cache
def publisher() -> Publisher:
    # Events go to the outbox in the service's table, in the write's transaction where the logic says
    # `along`; the table's stream takes them to the bus (shared/storage/outbox.py).
    return OutboxPublisher(settings.intake_table_name)


@cache
def directory() -> CognitoDirectory:
    import boto3

    return CognitoDirectory(boto3.client("cognito-idp"), settings.user_pool_id)
