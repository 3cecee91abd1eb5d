"""Notifications' events Lambda: fed by its queue (see manifest.py for the subscriptions).

Handlers are named, not imported (issue 15): services/notifications/handlers.py loads at the first event,
SES feedback or SMS receipt."""

from __future__ import annotations

from services.notifications.people.feedback import Notification, with_feedback
from services.notifications.settings import settings
from shared.events.batch import QueueRecord
from shared.events.consumer import Consumer, ProcessedIn

SERVICE = "notifications"
OWN = "services.notifications.handlers"

#: Every event type notifications handles: handlers.py's `HANDLERS` (a unit test keeps the two the same).
EVENT_TYPES = (
    "ContactDetailsRecorded",
    "TenantCreated",
    "SmsDue",
    "ProgrammeOpened",
    "ApplicationSubmitted",
    "ApplicationDecided",
    "ManagerAdded",
    "AccountCreated",
    "ApplicationDigestDue",
    "ParticipantAccepted",
    "MatchConfirmed",
    "ProgrammeChanged",
    "ConsentChanged",
    "ProcessingConsentWithdrawn",
    # Sessions' events, told to the relationship (relationships.TELLING)
    "AgreementChanged",
    "AgreementSigned",
    "SessionScheduled",
    "SessionRescheduled",
    "SessionCancelled",
    "AbsenceNoticed",
    "DiaryEntrySubmitted",
    "MatchEnded",
    "GoalsSet",
    "SessionHeld",
    # A person's export and erasure (issue 14): notifications' share, then its answer.
    "PersonExportRequested",
    "PersonErasureRequested",
    # Reminders (issue 13): what they send, and what arms them.
    "QuestionnaireAssigned",
    "SessionReminderDue",
    "DiaryReminderDue",
    "QuestionnaireReminderDue",
    "RiskDigestDue",
    "WeeklyDigestDue",
    "QuestionnaireSubmitted",
    "RiskFlagRaised",
)

#: The bus's events and, through the configuration set's topic, SES feedback share the queue.
consumer = Consumer(
    SERVICE, {event: f"{OWN}:handle" for event in EVENT_TYPES}, ProcessedIn(settings.notifications_table_name)
)


def on_mail_feedback(notification: Notification) -> None:
    from services.notifications.handlers import on_mail_feedback as handle

    handle(notification)


def on_sms_receipt(receipt: Notification) -> None:
    from services.notifications.handlers import on_sms_receipt as handle

    handle(receipt)


def on_partner_dead_letter(record: QueueRecord) -> bool:
    """A record from the partners' dead-letter queue (told by its queue's ARN, read when it arrives: the
    local runtime sets it after this module loads) is recorded as its subscription's failed delivery."""
    from services.notifications.partners import deps as partner_deps
    from services.notifications.partners.dead_letters import record_dead_letter
    from services.notifications.partners.settings import settings as partner_settings

    queue = partner_settings().partner_dead_letter_arn
    if not queue or record.event_source_arn != queue:
        return False
    record_dead_letter(record.raw_event, partner_deps.store())
    return True


handler = with_feedback(
    consumer.handle_record, on_mail_feedback, on_sms_receipt, dead_letter=on_partner_dead_letter
)
