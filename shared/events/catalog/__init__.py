"""The event catalogue: one model per event type, versioned, each `public` or `internal`, in one module
per producer (`intake`, `matching`, `monitoring`, `notifications`, `sessions`; what several carry is in
`facts` and `profile`).

Partners may subscribe to public events only. Internal events may carry contact details (name, e-mail,
phone, language) that one service needs from another; free text a person wrote travels in no event.
`make events` writes this catalogue as JSON Schema into docs/events/. Import events from here
(`from shared.events.catalog import X`): the modules behind it may be split further.
"""

from shared.events.catalog.facts import Facts, Language, MatchingRules, ProgrammeFacts, Role
from shared.events.catalog.intake import (
    AccountCreated,
    ApplicationDecided,
    ApplicationSubmitted,
    ContactDetailsRecorded,
    ManagerAdded,
    MentorQualified,
    ParticipantAccepted,
    ProgrammeChanged,
    ProgrammeOpened,
    TenantCreated,
)
from shared.events.catalog.matching import (
    MatchConfirmed,
    MatchEnded,
    MatchingRunCompleted,
    MatchingRunRequested,
)
from shared.events.catalog.monitoring import (
    GoalRating,
    MenteeRating,
    MidtermReviewRecorded,
    OutcomeRecorded,
    OutcomeStatus,
    QuestionnaireAssigned,
    QuestionnaireKind,
    QuestionnairesDue,
    QuestionnaireSubmitted,
    RelationshipClosed,
    RiskFlagCleared,
    RiskFlagRaised,
    RiskReason,
    RiskSweepDue,
)
from shared.events.catalog.notifications import (
    ApplicationDigestDue,
    DiaryReminderDue,
    QuestionnaireReminderDue,
    RiskDigestDue,
    SessionReminderDue,
    WeeklyDigestDue,
)
from shared.events.catalog.profile import MatchingFacts, MatchingWishes
from shared.events.catalog.registry import CATALOGUE, EVENTS, json_schemas, model_for, public_event_types
from shared.events.catalog.sessions import (
    AbsenceNoticed,
    AgreementChanged,
    AgreementSigned,
    DiaryEntrySubmitted,
    GoalsSet,
    SessionCancelled,
    SessionHeld,
    SessionRescheduled,
    SessionScheduled,
)

__all__ = [
    "CATALOGUE",
    "EVENTS",
    "AbsenceNoticed",
    "AccountCreated",
    "AgreementChanged",
    "AgreementSigned",
    "ApplicationDecided",
    "ApplicationDigestDue",
    "ApplicationSubmitted",
    "ContactDetailsRecorded",
    "DiaryEntrySubmitted",
    "DiaryReminderDue",
    "Facts",
    "GoalRating",
    "GoalsSet",
    "Language",
    "ManagerAdded",
    "MatchConfirmed",
    "MatchEnded",
    "MatchingFacts",
    "MatchingRules",
    "MatchingRunCompleted",
    "MatchingRunRequested",
    "MatchingWishes",
    "MenteeRating",
    "MentorQualified",
    "MidtermReviewRecorded",
    "OutcomeRecorded",
    "OutcomeStatus",
    "ParticipantAccepted",
    "ProgrammeChanged",
    "ProgrammeFacts",
    "ProgrammeOpened",
    "QuestionnaireAssigned",
    "QuestionnaireKind",
    "QuestionnaireReminderDue",
    "QuestionnaireSubmitted",
    "QuestionnairesDue",
    "RelationshipClosed",
    "RiskDigestDue",
    "RiskFlagCleared",
    "RiskFlagRaised",
    "RiskReason",
    "RiskSweepDue",
    "Role",
    "SessionCancelled",
    "SessionHeld",
    "SessionReminderDue",
    "SessionRescheduled",
    "SessionScheduled",
    "TenantCreated",
    "WeeklyDigestDue",
    "json_schemas",
    "model_for",
    "public_event_types",
]
