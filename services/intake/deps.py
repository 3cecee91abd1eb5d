"""The intake functions' adapters, built once per cold start, each at its
first use: the store and the outbox load PynamoDB and botocore, which a cold start need not pay before a
request needs them (issue 15). Tests may hand in fakes instead."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from services.intake.directory import CognitoDirectory
from services.intake.settings import settings
from shared.events.publisher import Publisher

if TYPE_CHECKING:
    from services.intake.store import IntakeStore


@cache
def store() -> IntakeStore:
    from services.intake.store import IntakeStore

    return IntakeStore()


@cache
def publisher() -> Publisher:
    # Events go to the outbox in the service's table, in the write's transaction where the logic says
    # `along`; the table's stream takes them to the bus (shared/storage/outbox.py).
    from shared.storage.outbox import OutboxPublisher

    return OutboxPublisher(settings.intake_table_name)


@cache
def directory() -> CognitoDirectory:
    import boto3

    return CognitoDirectory(boto3.client("cognito-idp"), settings.user_pool_id)
