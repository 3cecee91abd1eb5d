"""The questionnaires part's adapters, built once per cold start (the bus is monitoring's, deps.py)."""

from __future__ import annotations

from functools import cache

from services.monitoring.metrics import SERVICE
from services.monitoring.questionnaires.store import QuestionnairesStore
from services.monitoring.settings import settings
from shared.scheduler import EventBridgeScheduler


@cache
def store() -> QuestionnairesStore:
    return QuestionnairesStore()


@cache
def scheduler() -> EventBridgeScheduler:
    import boto3  # on first use, not in every cold start

    return EventBridgeScheduler(
        boto3.client("scheduler"),
        group=settings.schedule_group_name,
        role_arn=settings.scheduler_role_arn,
        target_arn=settings.schedule_target_arn,
        producer=SERVICE,
    )
