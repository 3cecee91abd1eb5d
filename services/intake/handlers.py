"""Intake's own event handlers, named by events.py and imported at the first event of their type: a
projection of matching's matches, so the manager's pages say who is matched, and of monitoring's risk
flags, so the dashboard counts the relationships at risk."""

from __future__ import annotations

from services.intake.deps import store
from services.intake.logic import overview
from shared.events.catalog import MatchConfirmed, MatchEnded, RiskFlagCleared, RiskFlagRaised
from shared.events.envelope import Metadata


def on_match_confirmed(meta: Metadata, data: MatchConfirmed) -> None:
    overview.match_confirmed(meta.tenant_id, data, store())


def on_match_ended(meta: Metadata, data: MatchEnded) -> None:
    overview.match_ended(meta.tenant_id, data, store())


def on_risk(meta: Metadata, data: RiskFlagRaised | RiskFlagCleared) -> None:
    overview.risk_changed(meta.tenant_id, data, meta.occurred_at, store())
