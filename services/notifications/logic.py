"""Who is told what, in which language. Plain Python; the directory, log and mailer come in as ports."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from services.notifications.schemas import Contact, Delivery, Email, ProgrammeInfo
from services.notifications.templates import render
from shared.events.catalog import (
    ApplicationDecided,
    ApplicationSubmitted,
    ContactDetailsRecorded,
    ManagerAdded,
    ProgrammeOpened,
)
from shared.events.envelope import Metadata


class NotYetKnown(RuntimeError):
    """An event arrived before the one that tells who or what it is about; its delivery is retried."""


class Store(Protocol):
    def save_contact(self, contact: Contact) -> None: ...
    def contacts_with_role(self, tenant_id: str, role: str) -> list[Contact]: ...
    def log_delivery(self, delivery: Delivery) -> None: ...
    def delivered(self, tenant_id: str, delivery_id: str) -> bool: ...
    def contact(self, tenant_id: str, person_id: str) -> Contact | None: ...
    def save_programme(self, programme: ProgrammeInfo) -> None: ...
    def programme(self, tenant_id: str, programme_id: str) -> ProgrammeInfo | None: ...


class Mailer(Protocol):
    def send(self, email: Email) -> str: ...


def record_contact(meta: Metadata, data: ContactDetailsRecorded, store: Store) -> None:
    store.save_contact(Contact(tenant_id=meta.tenant_id, **data.model_dump()))


def send_email(
    meta: Metadata, contact: Contact, template: str, store: Store, mailer: Mailer, **context: object
) -> Delivery | None:
    """Sends one templated e-mail once per event and person, and logs it (without its text)."""
    delivery_id = f"{meta.event_id}:{contact.person_id}:{template}"
    # A retried event must not mail again those it already reached before it failed.
    if not contact.contact_email or store.delivered(meta.tenant_id, delivery_id):
        return None
    subject, body = render(template, contact.language, given_name=contact.given_name, **context)
    message_id = mailer.send(Email(to=contact.email, subject=subject, body=body))
    delivery = Delivery(
        tenant_id=meta.tenant_id,
        delivery_id=delivery_id,
        person_id=contact.person_id,
        channel="email",
        template=template,
        language=contact.language,
        status="sent",
        provider_message_id=message_id,
        sent_at=datetime.now(UTC),
        event_id=meta.event_id,
    )
    store.log_delivery(delivery)
    return delivery


def announce_programme(
    meta: Metadata, data: ProgrammeOpened, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """Tells the tenant's managers, each in their language, that a programme opened, with its form links."""
    base = f"{public_base_url}/forms/{data.tenant_slug}/{data.programme_id}"
    sent = []
    for manager in store.contacts_with_role(meta.tenant_id, "manager"):
        links = {role: f"{base}?role={role}&lang={manager.language}" for role in ("mentee", "mentor")}
        delivery = send_email(
            meta,
            manager,
            "programme_opened",
            store,
            mailer,
            programme_name=data.name,
            starts_on=data.starts_on.isoformat(),
            ends_on=data.ends_on.isoformat(),
            intake_open=data.intake_open,
            links=links,
        )
        if delivery:
            sent.append(delivery)
    return sent


def record_programme(meta: Metadata, data: ProgrammeOpened, store: Store) -> None:
    store.save_programme(
        ProgrammeInfo(
            tenant_id=meta.tenant_id,
            programme_id=data.programme_id,
            name=data.name,
            tenant_slug=data.tenant_slug,
        )
    )


def _known(meta: Metadata, person_id: str, programme_id: str, store: Store) -> tuple[Contact, ProgrammeInfo]:
    contact = store.contact(meta.tenant_id, person_id)
    programme = store.programme(meta.tenant_id, programme_id)
    if contact is None or programme is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before its contact or programme")
    return contact, programme


def confirm_application(
    meta: Metadata, data: ApplicationSubmitted, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """A receipt to the applicant and a note to the managers: role and link, nothing the applicant wrote."""
    applicant, programme = _known(meta, data.person_id, data.programme_id, store)
    sent = [
        send_email(
            meta,
            applicant,
            "application_received",
            store,
            mailer,
            transactional=True,
            programme_name=programme.name,
            role=data.role,
            application_id=data.application_id,
        )
    ]
    link = f"{public_base_url}/v1/applications/{data.application_id}"
    for manager in store.contacts_with_role(meta.tenant_id, "manager"):
        sent.append(
            send_email(
                meta,
                manager,
                "new_application",
                store,
                mailer,
                transactional=True,
                programme_name=programme.name,
                role=data.role,
                link=link,
            )
        )
    return [d for d in sent if d]


def announce_decision(
    meta: Metadata, data: ApplicationDecided, store: Store, mailer: Mailer
) -> list[Delivery]:
    applicant, programme = _known(meta, data.person_id, data.programme_id, store)
    sent = send_email(
        meta,
        applicant,
        "application_decided",
        store,
        mailer,
        transactional=True,
        programme_name=programme.name,
        role=data.role,
        decision=data.decision,
    )
    return [sent] if sent else []


def announce_manager(meta: Metadata, data: ManagerAdded, store: Store, mailer: Mailer) -> list[Delivery]:
    """Tells the municipality's other managers that the network admin added one (a security notice)."""
    new_manager = f"{data.given_name} {data.family_name}"
    sent = [
        send_email(meta, manager, "manager_added", store, mailer, transactional=True, new_manager=new_manager)
        for manager in store.contacts_with_role(meta.tenant_id, "manager")
        if manager.person_id != data.person_id
    ]
    return [d for d in sent if d]
