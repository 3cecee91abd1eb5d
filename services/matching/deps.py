"""The matching functions' adapters, built once per cold start."""

from __future__ import annotations

from functools import cache

import boto3
from aws_lambda_powertools.metrics import MetricUnit

from services.matching.settings import settings
from services.matching.store import MatchingStore
from shared.events.publisher import Publisher
from shared.observability import metrics_for

SERVICE = "matching"


@cache
def store() -> MatchingStore:
    return MatchingStore()


@cache
def publisher() -> Publisher:
    return Publisher(boto3.client("events"), settings.event_bus_name)


def count(metric: str, value: int = 1) -> None:
    """A business metric (issue 9, item 7), written at once as an EMF log line. Its only dimension is the
    service (`metrics_for` sets it): never a tenant or a person, which would make one series per person."""
    if value <= 0:
        return
    metrics = metrics_for(SERVICE)
    metrics.add_metric(name=metric, unit=MetricUnit.Count, value=value)
    metrics.flush_metrics()
