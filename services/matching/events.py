"""Matching's events Lambda: its projections of programmes, participants and names, and its runs.

Handlers are named, not imported (issue 15): services/matching/handlers.py, and with it the solver's
scientific stack, loads at the first event."""

from __future__ import annotations

from services.matching.metrics import SERVICE
from services.matching.settings import settings
from shared.events.consumer import Consumer, ProcessedIn
from shared.privacy import answering_names

OWN = "services.matching.handlers"

handler = Consumer(
    SERVICE,
    {
        "ProgrammeOpened": f"{OWN}:on_programme_opened",
        "ProgrammeChanged": f"{OWN}:on_programme_changed",
        "ParticipantAccepted": f"{OWN}:on_participant_accepted",
        "MentorQualified": f"{OWN}:on_mentor_qualified",
        "ContactDetailsRecorded": f"{OWN}:on_contact_details",
        "MatchingRunRequested": f"{OWN}:on_run_requested",
        "RelationshipClosed": f"{OWN}:on_relationship_closed",
        # A person's export and erasure (issue 14): matching's share, then its answer.
        **answering_names(OWN),
    },
    ProcessedIn(settings.matching_table_name),
)
