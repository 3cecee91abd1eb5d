"""Intake's events Lambda: a projection of matching's matches, so the manager's pages say who is matched;
of monitoring's risk flags, so the dashboard counts the relationships at risk; the audit trail every service
reports to (services/intake/audit); and the retention part's daily sweep (services/intake/retention). Each
part's `HANDLERS` are joined here."""

from __future__ import annotations

from services.intake import audit, privacy, retention
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
    # The audit part keeps every service's PersonalDataAccessed; the retention part sweeps daily; the privacy
    # part does intake's own share of an export or erasure and keeps every service's answers.
    {
        MatchConfirmed: on_match_confirmed,
        MatchEnded: on_match_ended,
        **audit.HANDLERS,
        **retention.HANDLERS,
        **privacy.HANDLERS,
        RiskFlagRaised: on_risk,
        RiskFlagCleared: on_risk,
    },
    DynamoProcessedEvents(settings.intake_table_name),
)
