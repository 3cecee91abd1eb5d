"""Intake's events Lambda: a projection of matching's matches, so the manager's pages say who is matched,
and of monitoring's risk flags, so the dashboard counts the relationships at risk."""

from __future__ import annotations

from services.intake.deps import store
from services.intake.logic import overview
from services.intake.settings import settings
from shared.events.catalog import MatchConfirmed, MatchEnded, RiskFlagCleared, RiskFlagRaised
from shared.events.consumer import Consumer
from shared.events.envelope import Metadata
from shared.storage import DynamoProcessedEvents

SERVICE = "intake"


def on_match_confirmed(meta: Metadata, data: MatchConfirmed) -> None:
    overview.match_confirmed(meta.tenant_id, data, store())


def on_match_ended(meta: Metadata, data: MatchEnded) -> None:
    overview.match_ended(meta.tenant_id, data, store())


def on_risk(meta: Metadata, data: RiskFlagRaised | RiskFlagCleared) -> None:
    overview.risk_changed(meta.tenant_id, data, meta.occurred_at, store())


handler = Consumer(
    SERVICE,
    {
        MatchConfirmed: on_match_confirmed,
        MatchEnded: on_match_ended,
        RiskFlagRaised: on_risk,
        RiskFlagCleared: on_risk,
    },
    DynamoProcessedEvents(settings.intake_table_name),
)
