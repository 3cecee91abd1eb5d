"""Notifications' events Lambda: fed by its queue (see manifest.py for the subscriptions)."""

from __future__ import annotations

from functools import cache

import boto3

from services.notifications import logic
from services.notifications.mailer import SesMailer
from services.notifications.settings import settings
from services.notifications.store import NotificationsStore
from shared.events.catalog import (
    ApplicationDecided,
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


def on_contact_details(meta: Metadata, data: ContactDetailsRecorded) -> None:
    logic.record_contact(meta, data, store())


def on_programme_opened(meta: Metadata, data: ProgrammeOpened) -> None:
    logic.record_programme(meta, data, store())
    logic.announce_programme(meta, data, store(), mailer(), settings.public_base_url)


def on_application_submitted(meta: Metadata, data: ApplicationSubmitted) -> None:
    logic.confirm_application(meta, data, store(), mailer(), settings.public_base_url)


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
    },
    DynamoProcessedEvents(settings.notifications_table_name),
)
