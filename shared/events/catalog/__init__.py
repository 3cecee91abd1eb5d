"""The event catalogue: one model per event type, versioned, each `public` or `internal`, in one module
per producer (`intake`, `matching`, `monitoring`, `notifications`, `sessions`; what several carry is in
`facts` and `profile`).

Partners may subscribe to public events only. Internal events may carry contact details (name, e-mail,
phone, language) that one service needs from another; free text a person wrote travels in no event.
`make events` writes this catalogue as JSON Schema into docs/events/. Import events from here
(`from shared.events.catalog import X`): the modules behind it may be split further.

Importing this package loads no event model: each name is looked up in its module when first asked for
(PEP 562), so a function that publishes intake's events does not build every other producer's models at
its cold start (issue 15). `CATALOGUE`, `EVENTS` and `model_for` load them all.
"""

# The imports below are for the type checker only (the names are re-exported, found at run time by
# `__getattr__`); tests/unit/test_events.py checks they and `_WHERE` name the same things.
# ruff: noqa: F401

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared.events.catalog.audit import (
        AccessedRecord,
        AuditAction,
        DataKind,
        PersonalDataAccessed,
    )
    from shared.events.catalog.facts import (
        Facts,
        Language,
        MatchingRules,
        ProgrammeFacts,
        Role,
    )
    from shared.events.catalog.intake import (
        AccountCreated,
        ApplicationDecided,
        ApplicationSubmitted,
        ConsentChanged,
        ConsentPurpose,
        ContactDetailsRecorded,
        EmployerLinked,
        EmployerLinkEnded,
        ManagerAdded,
        MentorQualified,
        ParticipantAccepted,
        PracticeCaseApproved,
        PracticeCaseReturned,
        PracticeCaseSubmitted,
        ProcessingConsentWithdrawn,
        ProgrammeChanged,
        ProgrammeOpened,
        RetentionSweepDue,
        RetentionSwept,
        TenantCreated,
        WorkshopAttendanceRecorded,
        WorkshopCancelled,
        WorkshopPlanned,
    )
    from shared.events.catalog.machine_clients import (
        ApplicantDetailsChanged,
        MachineClientRegistered,
        MachineClientRevoked,
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
        SmsDue,
        WeeklyDigestDue,
    )
    from shared.events.catalog.privacy import (
        PersonErased,
        PersonErasureRequested,
        PersonExportRequested,
        PersonExportWritten,
    )
    from shared.events.catalog.profile import (
        MatchingFacts,
        MatchingWishes,
        PersonalityTraits,
    )
    from shared.events.catalog.registry import (
        CATALOGUE,
        EVENTS,
        json_schemas,
        model_for,
        public_event_types,
    )
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
        TalkFeedbackGiven,
        WorkPlanWritten,
    )

#: Where each name lives: the module `from shared.events.catalog import X` loads.
_WHERE = {
    "AccessedRecord": "audit",
    "AuditAction": "audit",
    "DataKind": "audit",
    "PersonalDataAccessed": "audit",
    "Facts": "facts",
    "Language": "facts",
    "MatchingRules": "facts",
    "ProgrammeFacts": "facts",
    "Role": "facts",
    "AccountCreated": "intake",
    "ApplicationDecided": "intake",
    "ApplicationSubmitted": "intake",
    "ConsentChanged": "intake",
    "ConsentPurpose": "intake",
    "ContactDetailsRecorded": "intake",
    "EmployerLinked": "intake",
    "EmployerLinkEnded": "intake",
    "ManagerAdded": "intake",
    "MentorQualified": "intake",
    "ParticipantAccepted": "intake",
    "PracticeCaseApproved": "intake",
    "PracticeCaseReturned": "intake",
    "PracticeCaseSubmitted": "intake",
    "ProcessingConsentWithdrawn": "intake",
    "ProgrammeChanged": "intake",
    "ProgrammeOpened": "intake",
    "RetentionSweepDue": "intake",
    "RetentionSwept": "intake",
    "TenantCreated": "intake",
    "WorkshopAttendanceRecorded": "intake",
    "WorkshopCancelled": "intake",
    "WorkshopPlanned": "intake",
    "ApplicantDetailsChanged": "machine_clients",
    "MachineClientRegistered": "machine_clients",
    "MachineClientRevoked": "machine_clients",
    "MatchConfirmed": "matching",
    "MatchEnded": "matching",
    "MatchingRunCompleted": "matching",
    "MatchingRunRequested": "matching",
    "GoalRating": "monitoring",
    "MenteeRating": "monitoring",
    "MidtermReviewRecorded": "monitoring",
    "OutcomeRecorded": "monitoring",
    "OutcomeStatus": "monitoring",
    "QuestionnaireAssigned": "monitoring",
    "QuestionnaireKind": "monitoring",
    "QuestionnairesDue": "monitoring",
    "QuestionnaireSubmitted": "monitoring",
    "RelationshipClosed": "monitoring",
    "RiskFlagCleared": "monitoring",
    "RiskFlagRaised": "monitoring",
    "RiskReason": "monitoring",
    "RiskSweepDue": "monitoring",
    "ApplicationDigestDue": "notifications",
    "DiaryReminderDue": "notifications",
    "QuestionnaireReminderDue": "notifications",
    "RiskDigestDue": "notifications",
    "SessionReminderDue": "notifications",
    "SmsDue": "notifications",
    "WeeklyDigestDue": "notifications",
    "PersonErased": "privacy",
    "PersonErasureRequested": "privacy",
    "PersonExportRequested": "privacy",
    "PersonExportWritten": "privacy",
    "MatchingFacts": "profile",
    "MatchingWishes": "profile",
    "PersonalityTraits": "profile",
    "CATALOGUE": "registry",
    "EVENTS": "registry",
    "json_schemas": "registry",
    "model_for": "registry",
    "public_event_types": "registry",
    "AbsenceNoticed": "sessions",
    "AgreementChanged": "sessions",
    "AgreementSigned": "sessions",
    "DiaryEntrySubmitted": "sessions",
    "GoalsSet": "sessions",
    "SessionCancelled": "sessions",
    "SessionHeld": "sessions",
    "SessionRescheduled": "sessions",
    "SessionScheduled": "sessions",
    "TalkFeedbackGiven": "sessions",
    "WorkPlanWritten": "sessions",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found once; the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return __all__
