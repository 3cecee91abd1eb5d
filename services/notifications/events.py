"""Notifications' events Lambda: fed by its queue (see manifest.py for the subscriptions)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

import boto3

from services.notifications import logic
from services.notifications.mailer import SesMailer
from services.notifications.scheduler import EventBridgeScheduler
from services.notifications.settings import settings
from services.notifications.store import NotificationsStore
from shared.events.catalog import (
    ApplicationDecided,
    ApplicationDigestDue,
    ApplicationSubmitted,
    ContactDetailsRecorded,
    ManagerAdded,
    ProgrammeOpened,
)
from shared.events.consumer import Consumer
from shared.events.envelope import Metadata
from shared.storage import DynamoProcessedEvents

SERVICE = "notifications"


@cache
def store() -> NotificationsStore:
    return NotificationsStore()


@cache
def mailer() -> SesMailer:
    return SesMailer(boto3.client("ses"), settings.sender_email)


@cache
def scheduler() -> EventBridgeScheduler:
    return EventBridgeScheduler(
        boto3.client("scheduler"),
        group=settings.schedule_group_name,
        role_arn=settings.scheduler_role_arn,
        target_arn=settings.schedule_target_arn,
        producer=SERVICE,
    )


def on_contact_details(meta: Metadata, data: ContactDetailsRecorded) -> None:
    logic.record_contact(meta, data, store())


def on_programme_opened(meta: Metadata, data: ProgrammeOpened) -> None:
    logic.record_programme(meta, data, store())
    logic.announce_programme(meta, data, store(), mailer(), settings.public_base_url)


def on_application_submitted(meta: Metadata, data: ApplicationSubmitted) -> None:
    logic.confirm_application(meta, data, store(), mailer())
    logic.count_for_digest(meta, data, store(), scheduler(), now=datetime.now(UTC))


def on_digest_due(meta: Metadata, data: ApplicationDigestDue) -> None:
    logic.send_digest(meta, data, store(), mailer(), settings.public_base_url)


def on_application_decided(meta: Metadata, data: ApplicationDecided) -> None:
    logic.announce_decision(meta, data, store(), mailer())


def on_manager_added(meta: Metadata, data: ManagerAdded) -> None:
    logic.announce_manager(meta, data, store(), mailer())


handler = Consumer(
    SERVICE,
    {
        ContactDetailsRecorded: on_contact_details,
        ProgrammeOpened: on_programme_opened,
        ApplicationSubmitted: on_application_submitted,
        ApplicationDecided: on_application_decided,
        ManagerAdded: on_manager_added,
        ApplicationDigestDue: on_digest_due,
    },
    DynamoProcessedEvents(settings.notifications_table_name),
)
