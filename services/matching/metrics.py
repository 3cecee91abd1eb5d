"""Matching's business metrics: one count per use case, emitted by the handlers (api, events), never by logic.

The only dimension is the service (Powertools adds it): a tenant or person id as a dimension would make one
metric per municipality or per person, which CloudWatch bills for and which would say who was matched.
"""

from __future__ import annotations

from shared import observability

SERVICE = "matching"

RUNS_COMPLETED = "MatchingRunsCompleted"
MATCHES_CONFIRMED = "MatchesConfirmed"


def count(name: str, value: int = 1) -> None:
    observability.count(SERVICE, name, value)
