"""Sessions' event handlers, named by events.py and imported at the first event of their type: its
projections of programmes, participants and relationships (and closures)."""

from __future__ import annotations

from services.sessions import logic, privacy
from services.sessions.deps import publisher, store
from services.sessions.logic import employer
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
from shared.events.envelope import Metadata
from shared.privacy import answering


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


#: A person's export and erasure (issue 14): sessions' share, then its answer.
on_export_requested, on_erasure_requested = answering(privacy.PERSON_DATA, publisher)
