"""Intake's business metrics: one count per use case, emitted by the handlers (api, forms), never by logic.

The only dimension is the service (Powertools adds it): a tenant or person id as a dimension would make a
metric per municipality or per person, which CloudWatch bills for and which would say who applied.
"""

from __future__ import annotations

from shared import observability

SERVICE = "intake"

APPLICATIONS_SUBMITTED = "ApplicationsSubmitted"
APPLICATIONS_DECIDED = "ApplicationsDecided"
ACCOUNTS_CREATED = "AccountsCreated"


def count(name: str, value: int = 1) -> None:
    observability.count(SERVICE, name, value)


def application_submitted(honeypot_filled: bool) -> None:
    """An application taken; a bot's (trap field filled) is answered alike, neither kept nor counted."""
    if not honeypot_filled:
        count(APPLICATIONS_SUBMITTED)
