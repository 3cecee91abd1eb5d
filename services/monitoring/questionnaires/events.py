"""The questionnaires part's event handlers: its projections, and the questionnaires events give."""

from __future__ import annotations

from datetime import UTC, datetime

from services.monitoring.deps import publisher
from services.monitoring.questionnaires import logic
from services.monitoring.questionnaires.deps import scheduler, store
from shared.events.catalog import (
    AgreementSigned,
    GoalsSet,
    MatchConfirmed,
    MatchEnded,
    ParticipantAccepted,
    ProgrammeChanged,
    ProgrammeOpened,
    QuestionnairesDue,
)
from shared.events.envelope import Metadata


def _today() -> datetime:
    return datetime.now(UTC)


def on_programme_opened(meta: Metadata, data: ProgrammeOpened) -> None:
    logic.project_programme(meta, data, store())


def on_programme_changed(meta: Metadata, data: ProgrammeChanged) -> None:
    logic.project_programme(meta, data, store(), version=data.programme_version)


def on_participant_accepted(meta: Metadata, data: ParticipantAccepted) -> None:
    logic.project_participant(meta, data, store())


def on_match_confirmed(meta: Metadata, data: MatchConfirmed) -> None:
    logic.open_relationship(meta, data, store())


def on_agreement_signed(meta: Metadata, data: AgreementSigned) -> None:
    logic.agreement_signed(meta, data, store(), publisher(), scheduler(), today=_today().date())


def on_goals_set(meta: Metadata, data: GoalsSet) -> None:
    logic.goals_set(meta, data, store())


def on_questionnaires_due(meta: Metadata, data: QuestionnairesDue) -> None:
    # The timer's own time is the day it stands for (the local clock may run ahead of the wall clock).
    logic.questionnaires_due(meta, data, store(), publisher(), today=meta.occurred_at.date())


def on_match_ended(meta: Metadata, data: MatchEnded) -> None:
    logic.match_ended(meta, data, store(), publisher(), today=_today().date())
