"""Matching's business metrics: one count per use case, emitted by the handlers (api, events), never by logic.

The only dimension is the service (Powertools adds it): a tenant or person id as a dimension would make one
metric per municipality or per person, which CloudWatch bills for and which would say who was matched.
"""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit

from shared.observability import metrics_for

SERVICE = "matching"

RUNS_COMPLETED = "MatchingRunsCompleted"
MATCHES_CONFIRMED = "MatchesConfirmed"


def count(name: str, value: int = 1) -> None:
    """`value` business events at once, as one EMF line (the handlers are not wrapped in log_metrics)."""
    if value <= 0:
        return
    metrics = metrics_for(SERVICE)
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    metrics.flush_metrics()
    # flush_metrics clears only when metrics are enabled: where they are off (locally) the set would grow.
    metrics.clear_metrics()
