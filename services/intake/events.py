"""Intake's events Lambda: a projection of matching's matches, so the manager's pages say who is matched;
of monitoring's risk flags, so the dashboard counts the relationships at risk; the audit trail every service
reports to (services/intake/audit); and the retention part's daily sweep (services/intake/retention). Each
part's `HANDLERS` are joined here.

Handlers are named, not imported (issue 15): each module loads at the first event of its type."""

from __future__ import annotations

from services.intake import audit, privacy, retention
from services.intake.settings import settings
from shared.events.consumer import Consumer, ProcessedIn

SERVICE = "intake"
OWN = "services.intake.handlers"

handler = Consumer(
    SERVICE,
    # The audit part keeps every service's PersonalDataAccessed; the retention part sweeps daily; the privacy
    # part does intake's own share of an export or erasure and keeps every service's answers.
    {
        "MatchConfirmed": f"{OWN}:on_match_confirmed",
        "MatchEnded": f"{OWN}:on_match_ended",
        **audit.HANDLERS,
        **retention.HANDLERS,
        **privacy.HANDLERS,
        "RiskFlagRaised": f"{OWN}:on_risk",
        "RiskFlagCleared": f"{OWN}:on_risk",
    },
    ProcessedIn(settings.intake_table_name),
)
