"""Sessions' events Lambda: its projections of programmes, participants and relationships (and closures).

Handlers are named, not imported (issue 15): services/sessions/handlers.py loads at the first event."""

from __future__ import annotations

from services.sessions.metrics import SERVICE
from services.sessions.settings import settings
from shared.events.consumer import Consumer, ProcessedIn
from shared.privacy import answering_names

OWN = "services.sessions.handlers"

handler = Consumer(
    SERVICE,
    {
        "ProgrammeOpened": f"{OWN}:on_programme_opened",
        "ProgrammeChanged": f"{OWN}:on_programme_changed",
        "ParticipantAccepted": f"{OWN}:on_participant_accepted",
        "MatchConfirmed": f"{OWN}:on_match_confirmed",
        "MatchEnded": f"{OWN}:on_match_ended",
        "RelationshipClosed": f"{OWN}:on_relationship_closed",
        # Seed 002: which employer may see which mentee, and the mid-term ratings their progress shows.
        "EmployerLinked": f"{OWN}:on_employer_link",
        "EmployerLinkEnded": f"{OWN}:on_employer_link",
        "MidtermReviewRecorded": f"{OWN}:on_midterm_review",
        # A person's export and erasure (issue 14): sessions' share, then its answer.
        **answering_names(OWN),
    },
    ProcessedIn(settings.sessions_table_name),
)
