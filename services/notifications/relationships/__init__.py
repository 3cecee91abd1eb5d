"""The mail of a mentoring relationship (issue 11): the agreement, goals, the plan's sessions, absences, the
diary and the relationship's closure, each to the people the step concerns, in their language and the
municipality's time zone, linking to the relationship's pages (`tellings`; what they share in `common`).

Who is in a relationship comes from notifications' own projections: `ParticipantAccepted` (whose account
a participant is) and `MatchConfirmed` (its members); the municipality's managers from the contact
directory. Nothing a person wrote (the agreement's text, a topic, a place, an absence's reason, a diary)
is in these events, so none of it can reach an e-mail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.notifications.logic import Mailer
from services.notifications.models import Delivery
from services.notifications.relationships.common import (
    Store,
    record_match,
    record_member,
    record_programme_change,
    when,
)
from services.notifications.relationships.tellings import (
    absence_noticed,
    agreement_changed,
    agreement_signed,
    diary_submitted,
    goals_set,
    relationship_closed,
    session_cancelled,
    session_held,
    session_rescheduled,
    session_scheduled,
)
from shared.events.catalog import (
    AbsenceNoticed,
    AgreementChanged,
    AgreementSigned,
    DiaryEntrySubmitted,
    GoalsSet,
    MatchEnded,
    SessionCancelled,
    SessionHeld,
    SessionRescheduled,
    SessionScheduled,
)
from shared.events.envelope import EventData, Metadata

Telling = Callable[[Metadata, Any, Store, Mailer, str], list[Delivery]]
Handler = Callable[[Metadata, Any], None]

#: Which sessions event is told by which function (the events Lambda wires each to the consumer).
TELLING: dict[type[EventData], Telling] = {
    AgreementChanged: agreement_changed,
    AgreementSigned: agreement_signed,
    SessionScheduled: session_scheduled,
    SessionRescheduled: session_rescheduled,
    SessionCancelled: session_cancelled,
    AbsenceNoticed: absence_noticed,
    DiaryEntrySubmitted: diary_submitted,
    MatchEnded: relationship_closed,
    GoalsSet: goals_set,
    SessionHeld: session_held,
}


__all__ = [
    "TELLING",
    "Handler",
    "Store",
    "Telling",
    "absence_noticed",
    "agreement_changed",
    "agreement_signed",
    "diary_submitted",
    "goals_set",
    "record_match",
    "record_member",
    "record_programme_change",
    "relationship_closed",
    "session_cancelled",
    "session_held",
    "session_rescheduled",
    "session_scheduled",
    "when",
]
