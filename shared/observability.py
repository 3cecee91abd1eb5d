"""Logger, Tracer and Metrics, created once per service and shared by its functions.

Log with keyword fields (ids, counts, codes). Never log what a person wrote or their contact details.
"""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

NAMESPACE = "Tandem"


@cache
def logger_for(service: str) -> Logger:
    return Logger(service=service, log_uncaught_exceptions=True)


@cache
def tracer_for(service: str) -> Tracer:
    return Tracer(service=service)


@cache
def metrics_for(service: str) -> Metrics:
    return Metrics(namespace=NAMESPACE, service=service)


def count(service: str, name: str, value: int = 1) -> None:
    """`value` business events of one use case, written at once as one EMF line (handlers are not wrapped in
    log_metrics). The only dimension is the service: a tenant or person id would say who did what."""
    if value <= 0:
        return
    metrics = metrics_for(service)
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    metrics.flush_metrics()
    # flush_metrics clears only when metrics are enabled: where they are off (locally) the set would grow.
    metrics.clear_metrics()
