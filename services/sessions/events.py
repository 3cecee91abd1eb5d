"""Sessions' events Lambda: its projections of programmes, participants and relationships (and closures)."""

from __future__ import annotations

from services.sessions import logic, privacy
from services.sessions.deps import publisher, store
from services.sessions.logic import employer
from services.sessions.metrics import SERVICE
from services.sessions.settings import settings
from shared.events.catalog import (
    EmployerLinked,
    EmployerLinkEnded,
    MatchConfirmed,
    MatchEnded,
    MidtermReviewRecorded,
    ParticipantAccepted,
    ProgrammeChanged,
    ProgrammeOpened,
    RelationshipClosed,
)
from shared.events.consumer import Consumer
from shared.events.envelope import Metadata
from shared.privacy import answering_handlers
from shared.storage import DynamoProcessedEvents


def on_programme_opened(meta: Metadata, data: ProgrammeOpened) -> None:
    logic.project_programme(meta, data, store())


def on_programme_changed(meta: Metadata, data: ProgrammeChanged) -> None:
    logic.project_programme(meta, data, store(), version=data.programme_version)


def on_participant_accepted(meta: Metadata, data: ParticipantAccepted) -> None:
    logic.project_participant(meta, data, store())


def on_match_confirmed(meta: Metadata, data: MatchConfirmed) -> None:
    logic.open_relationship(meta, data, store())


def on_match_ended(meta: Metadata, data: MatchEnded) -> None:
    logic.close_relationship(meta, data, store(), publisher())


def on_relationship_closed(meta: Metadata, data: RelationshipClosed) -> None:
    logic.close_relationship(meta, data, store(), publisher())


def on_employer_link(meta: Metadata, data: EmployerLinked | EmployerLinkEnded) -> None:
    employer.project_link(meta, data, store())


def on_midterm_review(meta: Metadata, data: MidtermReviewRecorded) -> None:
    employer.project_midterm(meta, data, store())


handler = Consumer(
    SERVICE,
    {
        ProgrammeOpened: on_programme_opened,
        ProgrammeChanged: on_programme_changed,
        ParticipantAccepted: on_participant_accepted,
        MatchConfirmed: on_match_confirmed,
        MatchEnded: on_match_ended,
        RelationshipClosed: on_relationship_closed,
        # Seed 002: which employer may see which mentee, and the mid-term ratings their progress shows.
        EmployerLinked: on_employer_link,
        EmployerLinkEnded: on_employer_link,
        MidtermReviewRecorded: on_midterm_review,
        # A person's export and erasure (issue 14): sessions' share, then its answer.
        **answering_handlers(privacy.PERSON_DATA, publisher),
    },
    DynamoProcessedEvents(settings.sessions_table_name),
)
