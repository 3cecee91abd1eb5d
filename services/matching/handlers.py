"""Matching's event handlers, named by events.py and imported at the first event of their type: its
projections of programmes, participants and names, and its runs."""

from __future__ import annotations

from services.matching import logic, privacy
from services.matching.deps import publisher, store
from services.matching.metrics import RUNS_COMPLETED, count
from shared.events.catalog import (
    ContactDetailsRecorded,
    MatchingRunRequested,
    MentorQualified,
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


def on_mentor_qualified(meta: Metadata, data: MentorQualified) -> None:
    logic.qualify_mentor(meta, data, store())


def on_contact_details(meta: Metadata, data: ContactDetailsRecorded) -> None:
    logic.record_name(meta, data, store())


def on_run_requested(meta: Metadata, data: MatchingRunRequested) -> None:
    finished = logic.compute_run(meta, data, store(), publisher())
    # A replayed request finds its run finished already; the consumer's memory of handled events keeps
    # such replays from reaching here, so each completed run is counted once.
    if finished is not None and finished.status == "completed":
        count(RUNS_COMPLETED)


def on_relationship_closed(meta: Metadata, data: RelationshipClosed) -> None:
    logic.complete_match(meta, data, store(), publisher())


#: A person's export and erasure (issue 14): matching's share, then its answer.
on_export_requested, on_erasure_requested = answering(privacy.PERSON_DATA, publisher)
