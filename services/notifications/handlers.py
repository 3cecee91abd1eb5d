"""Notifications' event handlers, named by events.py and imported at the first event (issue 15): `HANDLERS`
by event model, `handle` for the consumer, and SES feedback's and SMS receipts' handlers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache

from services.notifications import logic, privacy, relationships
from services.notifications.mailer import SesMailer, SnsTexter
from services.notifications.models import Delivery
from services.notifications.people import consent
from services.notifications.people import logic as people
from services.notifications.people import receipts as sms_receipts
from services.notifications.reminders import digests as reminders_digests
from services.notifications.reminders import plan as reminders_plan
from services.notifications.reminders import sending as reminders_sending
from services.notifications.reminders.store import RemindersStore
from services.notifications.settings import settings
from services.notifications.store import NotificationsStore
from shared.events import catalog as ev
from shared.events.catalog.notifications import SmsDue
from shared.events.consumer import Handler
from shared.events.envelope import EventData, Metadata
from shared.observability import count
from shared.privacy import answering_handlers
from shared.scheduler import EventBridgeScheduler

SERVICE = "notifications"
EMAILS_SENT = "EmailsSent"


@cache
def store() -> NotificationsStore:
    return NotificationsStore()


@cache
def mailer() -> SesMailer:
    import boto3  # on first use, not in every cold start

    return SesMailer(boto3.client("ses"), settings.sender_email, settings.public_base_url)


@cache
def texter() -> SnsTexter:
    import boto3  # on first use, not in every cold start

    return SnsTexter(boto3.client("sns"))


@cache
def scheduler() -> EventBridgeScheduler:
    import boto3  # on first use, not in every cold start

    return EventBridgeScheduler(
        boto3.client("scheduler"),
        group=settings.schedule_group_name,
        role_arn=settings.scheduler_role_arn,
        target_arn=settings.schedule_target_arn,
        producer=SERVICE,
    )


def _count_sent(deliveries: list[Delivery]) -> None:
    """The business metric: e-mails sent, dimension = service only (never a tenant, person or address)."""
    count(SERVICE, EMAILS_SENT, sum(1 for d in deliveries if d.status == "sent"))


def on_contact_details(meta: Metadata, data: ev.ContactDetailsRecorded) -> None:
    logic.record_contact(meta, data, store())


def on_programme_opened(meta: Metadata, data: ev.ProgrammeOpened) -> None:
    logic.record_programme(meta, data, store())
    _count_sent(logic.announce_programme(meta, data, store(), mailer(), settings.public_base_url))


def on_application_submitted(meta: Metadata, data: ev.ApplicationSubmitted) -> None:
    _count_sent(logic.confirm_application(meta, data, store(), mailer()))
    logic.count_for_digest(meta, data, store(), scheduler(), now=datetime.now(UTC))


def on_digest_due(meta: Metadata, data: ev.ApplicationDigestDue) -> None:
    _count_sent(logic.send_digest(meta, data, store(), mailer(), settings.public_base_url))


def on_application_decided(meta: Metadata, data: ev.ApplicationDecided) -> None:
    _count_sent(logic.announce_decision(meta, data, store(), mailer(), settings.public_base_url))


def on_account_created(meta: Metadata, data: ev.AccountCreated) -> None:
    _count_sent(logic.welcome_account(meta, data, store(), mailer(), settings.public_base_url))


def on_manager_added(meta: Metadata, data: ev.ManagerAdded) -> None:
    _count_sent(logic.announce_manager(meta, data, store(), mailer()))


def on_tenant_created(meta: Metadata, data: ev.TenantCreated) -> None:
    people.record_tenant(meta, data, store())


def on_consent_changed(meta: Metadata, data: ev.ConsentChanged) -> None:
    consent.record_consent(meta, data, store())


def on_processing_consent_withdrawn(meta: Metadata, data: ev.ProcessingConsentWithdrawn) -> None:
    _count_sent(consent.tell_managers(meta, data, store(), mailer(), settings.public_base_url))


def on_sms_due(meta: Metadata, data: SmsDue) -> None:
    people.send_held(meta, data, store(), texter(), settings.public_base_url, now=datetime.now(UTC))


def _text_mentees(meta: Metadata, data: EventData) -> None:
    """A moved or cancelled session is also texted to the mentees who chose SMS (people/logic.py)."""
    if not isinstance(data, ev.SessionRescheduled | ev.SessionCancelled):
        return
    match = relationships.match_of(meta, data.match_id, store())
    mentees = relationships.contacts_of(meta, match.mentee_ids, store())
    people.text_session_change(
        meta, data, mentees, store(), texter(), scheduler(), settings.public_base_url, now=datetime.now(UTC)
    )


def on_participant_accepted(meta: Metadata, data: ev.ParticipantAccepted) -> None:
    relationships.record_member(meta, data, store())


def on_match_confirmed(meta: Metadata, data: ev.MatchConfirmed) -> None:
    relationships.record_match(meta, data, store())


def on_programme_changed(meta: Metadata, data: ev.ProgrammeChanged) -> None:
    relationships.record_programme_change(meta, data, store())


def _relationship_mail(tell: relationships.Telling) -> relationships.Handler:
    """A sessions event's e-mails, counted (the rules of who hears what are in `relationships`)."""

    def on_event(meta: Metadata, data: EventData) -> None:
        _count_sent(tell(meta, data, store(), mailer(), settings.public_base_url))
        _text_mentees(meta, data)

    return on_event


def on_mail_feedback(notification: dict[str, object]) -> None:
    people.record_feedback(
        notification, store(), texter(), scheduler(), settings.public_base_url, now=datetime.now(UTC)
    )


def on_sms_receipt(receipt: dict[str, object]) -> None:
    sms_receipts.record_receipt(receipt, store())


@cache
def reminders_store() -> RemindersStore:
    return RemindersStore()


def _reminder_mail(send: Callable[..., list[Delivery]]) -> Handler:
    """A fired reminder's or a monitoring event's e-mails, counted (what is sent is in `reminders`)."""

    def on_event(meta: Metadata, data: EventData) -> None:
        _count_sent(send(meta, data, reminders_store(), mailer(), settings.public_base_url))

    return on_event


def _then_plan(first: Handler | None, planning: reminders_plan.Planning) -> Handler:
    """The event's own handling (mail, projections) first, then the reminders it arms or disarms."""

    def on_event(meta: Metadata, data: EventData) -> None:
        if first is not None:
            first(meta, data)
        planning(meta, data, reminders_store(), scheduler(), datetime.now(UTC))

    return on_event


def _on_weekly_digest(meta: Metadata, data: ev.WeeklyDigestDue) -> None:
    _count_sent(
        reminders_digests.send_weekly_digest(
            meta, data, reminders_store(), scheduler(), mailer(), settings.public_base_url
        )
    )


def _with_reminders(handlers: dict[type[EventData], Handler]) -> dict[type[EventData], Handler]:
    """Adds reminders (issue 13) to the consumer's map: after an event's own handling where it has one."""
    planning: dict[type[EventData], reminders_plan.Planning] = {
        **reminders_plan.PLANNING,
        ev.RiskFlagRaised: reminders_digests.risk_flagged,
    }
    own: dict[type[EventData], Handler] = {
        ev.QuestionnaireAssigned: _reminder_mail(reminders_sending.questionnaire_assigned),
        ev.SessionReminderDue: _reminder_mail(reminders_sending.session_reminder),
        ev.DiaryReminderDue: _reminder_mail(reminders_sending.diary_reminder),
        ev.QuestionnaireReminderDue: _reminder_mail(reminders_sending.questionnaire_reminder),
        ev.RiskDigestDue: _reminder_mail(reminders_digests.send_risk_digest),
        ev.WeeklyDigestDue: _on_weekly_digest,
    }
    merged = {**handlers, **own}
    for event, plan_it in planning.items():
        merged[event] = _then_plan(merged.get(event), plan_it)
    return merged


#: Every event notifications handles (events.py names the same types: a unit test keeps them so).
HANDLERS: dict[type[EventData], Handler] = _with_reminders(
    {
        ev.ContactDetailsRecorded: on_contact_details,
        ev.TenantCreated: on_tenant_created,
        SmsDue: on_sms_due,
        ev.ProgrammeOpened: on_programme_opened,
        ev.ApplicationSubmitted: on_application_submitted,
        ev.ApplicationDecided: on_application_decided,
        ev.ManagerAdded: on_manager_added,
        ev.AccountCreated: on_account_created,
        ev.ApplicationDigestDue: on_digest_due,
        ev.ParticipantAccepted: on_participant_accepted,
        ev.MatchConfirmed: on_match_confirmed,
        ev.ProgrammeChanged: on_programme_changed,
        ev.ConsentChanged: on_consent_changed,
        ev.ProcessingConsentWithdrawn: on_processing_consent_withdrawn,
        **{event: _relationship_mail(tell) for event, tell in relationships.TELLING.items()},
        # A person's export and erasure (issue 14): notifications' share, then its answer.
        **answering_handlers(privacy.PERSON_DATA, privacy.publisher),
    }
)


def handle(meta: Metadata, data: EventData) -> None:
    """The consumer's handler of every event type events.py names: the type's own (the consumer parsed it
    into its model)."""
    HANDLERS[type(data)](meta, data)
