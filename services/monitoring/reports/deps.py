"""The reports part's adapters, built once per cold start (the publisher is monitoring's own)."""

from __future__ import annotations

from functools import cache

from services.monitoring.deps import publisher
from services.monitoring.questionnaires.deps import scheduler
from services.monitoring.reports.logic.projection import Projector
from services.monitoring.reports.store import DynamoReportStore


@cache
def store() -> DynamoReportStore:
    return DynamoReportStore()


@cache
def projector() -> Projector:
    return Projector(store(), publisher(), scheduler())
