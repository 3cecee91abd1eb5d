"""Intake's business metrics: one count per use case, emitted by the handlers (api, forms), never by logic.

The only dimension is the service (Powertools adds it): a tenant or person id as a dimension would make a
metric per municipality or per person, which CloudWatch bills for and which would say who applied.
"""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit

from shared.observability import metrics_for

SERVICE = "intake"

APPLICATIONS_SUBMITTED = "ApplicationsSubmitted"
APPLICATIONS_DECIDED = "ApplicationsDecided"
ACCOUNTS_CREATED = "AccountsCreated"


def count(name: str) -> None:
    """One business event, written at once as an EMF line (the handlers are not wrapped in log_metrics)."""
    metrics = metrics_for(SERVICE)
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()
    # flush_metrics clears only when metrics are enabled: where they are off (locally) the set would grow.
    metrics.clear_metrics()


def application_submitted(honeypot_filled: bool) -> None:
    """An application taken; a bot's (trap field filled) is answered alike, neither kept nor counted."""
    if not honeypot_filled:
        count(APPLICATIONS_SUBMITTED)
