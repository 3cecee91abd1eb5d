"""Intake's table: what the manager's dashboard reads beyond the rest (matches, application counts)."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import PutError

from services.intake.models import (
    MatchState,
)
from services.intake.records import (
    ApplicationRecord,
    MatchStateRecord,
    RiskStateRecord,
)
from shared.storage import (
    condition_failed,
)


class OverviewStore:
    """What the manager's dashboard reads beyond the rest: intake's projection of matching's matches (who
    is matched) and the programme's applications counted by status."""

    def match_confirmed(self, state: MatchState, tenant_id: str) -> None:
        """Records a confirmed match unless it is known already (an ended match stays ended)."""
        try:
            self._record(tenant_id, state).save(condition=MatchStateRecord.pk.does_not_exist())
        except PutError as exc:
            if not condition_failed(exc):
                raise

    def match_ended(self, state: MatchState, tenant_id: str) -> None:
        """Records the end, whether or not the confirmation arrived first (ended is final)."""
        self._record(tenant_id, state).save()

    def matches(self, tenant_id: str, programme_id: str) -> list[MatchState]:
        return [r.to_domain() for r in MatchStateRecord.query_under(tenant_id, programme_id)]

    @staticmethod
    def _record(tenant_id: str, state: MatchState) -> MatchStateRecord:
        return MatchStateRecord.new_under(
            tenant_id,
            state.programme_id,
            state.match_id,
            mentor_id=state.mentor_id,
            mentee_ids=state.mentee_ids,
            status=state.status,
        )

    def risk_changed(
        self, tenant_id: str, programme_id: str, match_id: str, *, at_risk: bool, as_of: datetime
    ) -> None:
        """Keeps what monitoring said last: a write older than the one stored is dropped."""
        record = RiskStateRecord.new_under(tenant_id, programme_id, match_id, at_risk=at_risk, as_of=as_of)
        try:
            record.save(condition=RiskStateRecord.pk.does_not_exist() | (RiskStateRecord.as_of <= as_of))
        except PutError as exc:
            if not condition_failed(exc):
                raise

    def matches_at_risk(self, tenant_id: str, programme_id: str) -> set[str]:
        return {r.sk for r in RiskStateRecord.query_under(tenant_id, programme_id) if r.at_risk}

    def application_counts(self, tenant_id: str, programme_id: str) -> dict[str, int]:
        """How many of the programme's applications are in each status (the dashboard's figures)."""
        counts: dict[str, int] = {}
        for record in ApplicationRecord.query_under(tenant_id, programme_id, attributes_to_get=["status"]):
            counts[record.status] = counts.get(record.status, 0) + 1
        return counts
