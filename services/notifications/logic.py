"""Who is told what, in which language. Plain Python; the directory, log and mailer come in as ports."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from services.notifications.models import Attachment, Contact, Delivery, Digest, Email, ProgrammeInfo
from services.notifications.people.sending import deliver_email
from shared.events.catalog import (
    AccountCreated,
    ApplicationDecided,
    ApplicationDigestDue,
    ApplicationSubmitted,
    ContactDetailsRecorded,
    ManagerAdded,
    ProgrammeOpened,
)
from shared.events.envelope import EventData, Metadata
from shared.vocabulary import APPLICANT_ROLES

#: Managers hear of new applications at most once per programme and this period (issue 8, item 3).
DIGEST_PERIOD = timedelta(hours=1)
#: How many hours on an application waiting for its count looks for a digest not yet sent.
DIGEST_HOURS_AHEAD = 24


def page(public_base_url: str, tenant_slug: str, *parts: str) -> str:
    """A link to one of the municipality's signed-in pages (`/app/{slug}/...`): e-mails never link to the
    API, whose URLs answer 401 in a browser."""
    return "/".join([f"{public_base_url}/app/{tenant_slug}", *parts])


class NotYetKnown(RuntimeError):
    """An event arrived before the one that tells who or what it is about; its delivery is retried."""


class Store(Protocol):
    def save_contact(self, contact: Contact) -> None: ...
    def contacts_with_role(self, tenant_id: str, role: str) -> list[Contact]: ...
    def log_delivery(self, delivery: Delivery) -> None: ...
    def delivered(self, tenant_id: str, delivery_id: str) -> bool: ...
    def contact(self, tenant_id: str, person_id: str) -> Contact | None: ...
    def erased(self, tenant_id: str, person_id: str) -> bool: ...
    def save_programme(self, programme: ProgrammeInfo) -> None: ...
    def programme(self, tenant_id: str, programme_id: str) -> ProgrammeInfo | None: ...
    def add_to_digest(
        self, tenant_id: str, programme_id: str, hour: datetime, entry: str
    ) -> Digest | None: ...
    def digest_scheduled(self, tenant_id: str, programme_id: str, hour: datetime) -> None: ...
    def close_digest(self, tenant_id: str, programme_id: str, hour: datetime) -> Digest | None: ...


class Mailer(Protocol):
    def send(self, email: Email) -> str: ...


class Scheduler(Protocol):
    def send_at(
        self, name: str, at: datetime, tenant_id: str, data: EventData, correlation_id: str
    ) -> None: ...


def record_contact(meta: Metadata, data: ContactDetailsRecorded, store: Store) -> None:
    store.save_contact(Contact(tenant_id=meta.tenant_id, **data.model_dump()))


def send_email(
    meta: Metadata,
    contact: Contact,
    template: str,
    store: Store,
    mailer: Mailer,
    *,
    transactional: bool,
    attachments: list[Attachment] | None = None,
    **context: object,
) -> Delivery | None:
    """Sends one templated e-mail once per event and person, and logs it (without its text).

    A transactional message (a receipt, a decision, a manager's work) is sent whatever the person ticked;
    the "contact me by e-mail" consent governs the others only (docs/decisions.md).
    """
    delivery_id = f"{meta.event_id}:{contact.person_id}:{template}"
    if not transactional and not contact.contact_email:
        return None
    # A retried event must not mail again those it already reached before it failed.
    if store.delivered(meta.tenant_id, delivery_id):
        return None
    # Dressed for the municipality (display name, HTML, List-Unsubscribe) and logged: people/sending.py.
    return deliver_email(
        meta,
        contact,
        template,
        store,
        mailer,
        delivery_id=delivery_id,
        transactional=transactional,
        attachments=attachments,
        context=dict(context),
    )


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
            transactional=True,
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
            timezone=data.timezone,
            session_reminder_hours=data.session_reminder_hours,
        )
    )


def _contact(meta: Metadata, person_id: str, store: Store) -> Contact | None:
    """The person's contact; None for an erased person (the message is dropped: their address is gone for
    good, and a retry would hold every message behind it until the queue gave up on it)."""
    contact = store.contact(meta.tenant_id, person_id)
    if contact is None and not store.erased(meta.tenant_id, person_id):
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before its contact")
    return contact


def _known(
    meta: Metadata, person_id: str, programme_id: str, store: Store
) -> tuple[Contact | None, ProgrammeInfo]:
    programme = store.programme(meta.tenant_id, programme_id)
    if programme is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before its programme")
    return _contact(meta, person_id, store), programme


def _mail_applicant(
    meta: Metadata,
    data: ApplicationSubmitted | ApplicationDecided,
    template: str,
    store: Store,
    mailer: Mailer,
    **context: Any,
) -> list[Delivery]:
    """One transactional e-mail to an applicant about their application, naming the programme and role."""
    applicant, programme = _known(meta, data.person_id, data.programme_id, store)
    if applicant is None:
        return []
    sent = send_email(
        meta,
        applicant,
        template,
        store,
        mailer,
        transactional=True,
        programme_name=programme.name,
        role=data.role,
        **context,
    )
    return [sent] if sent else []


def confirm_application(
    meta: Metadata, data: ApplicationSubmitted, store: Store, mailer: Mailer
) -> list[Delivery]:
    """The receipt: a plain confirmation with the programme's name and the reference, and nothing the
    applicant typed (not even the name), so the public form cannot make Tandem carry a message."""
    return _mail_applicant(
        meta, data, "application_received", store, mailer, application_id=data.application_id
    )


def hour_of(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def digest_name(tenant_id: str, programme_id: str, hour: datetime) -> str:
    """The schedule's name (≤ 64 characters), and the digest event's id: one per programme and hour."""
    digest = hashlib.sha256(f"{tenant_id}#{programme_id}#{hour:%Y%m%d%H}".encode()).hexdigest()[:40]
    return f"digest-{hour:%Y%m%d%H}-{digest}"


def count_for_digest(
    meta: Metadata, data: ApplicationSubmitted, store: Store, scheduler: Scheduler, *, now: datetime
) -> Digest:
    """Counts an application in its programme's digest of this hour and makes sure that digest is
    scheduled for the end of the hour. Managers are not mailed per application: anyone can submit."""
    hour = hour_of(now)
    entry = f"{data.role}:{data.application_id}"
    # This hour's digest may have gone out while the event waited (a backlog, a retry): the first later one
    # still open counts it. A retry cannot help once they are all sent, so the search goes on for a day.
    for _ in range(DIGEST_HOURS_AHEAD):
        digest = store.add_to_digest(meta.tenant_id, data.programme_id, hour, entry)
        if digest is not None:
            break
        hour += DIGEST_PERIOD
    else:
        raise NotYetKnown(f"every digest up to {hour:%Y-%m-%d %H}:00 is sent")
    if not digest.scheduled:
        scheduler.send_at(
            digest_name(meta.tenant_id, data.programme_id, hour),
            hour + DIGEST_PERIOD,
            meta.tenant_id,
            ApplicationDigestDue(programme_id=data.programme_id, hour=hour),
            meta.correlation_id,
        )
        store.digest_scheduled(meta.tenant_id, data.programme_id, hour)
    return digest


def send_digest(
    meta: Metadata, data: ApplicationDigestDue, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """One e-mail per manager: how many applied in the hour, per role, and where to read them."""
    digest = store.close_digest(meta.tenant_id, data.programme_id, hour_of(data.hour))
    if digest is None or not digest.entries:
        return []
    programme = store.programme(meta.tenant_id, data.programme_id)
    if programme is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before its programme")
    counts = {role: digest.count(role) for role in APPLICANT_ROLES}
    link = page(public_base_url, programme.tenant_slug, "programmes", data.programme_id, "applications")
    sent = [
        send_email(
            meta,
            manager,
            "new_applications",
            store,
            mailer,
            transactional=True,
            programme_name=programme.name,
            mentees=counts["mentee"],
            mentors=counts["mentor"],
            link=link,
        )
        for manager in store.contacts_with_role(meta.tenant_id, "manager")
    ]
    return [d for d in sent if d]


def announce_decision(
    meta: Metadata, data: ApplicationDecided, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The decision; for an accepted applicant it is also the welcome (Cognito sends no invitation): where
    to sign in and with which address, and, when the address had an account already, where to confirm."""
    applicant, programme = _known(meta, data.person_id, data.programme_id, store)
    if applicant is None:
        return []
    return _mail_applicant(
        meta,
        data,
        "application_decided",
        store,
        mailer,
        decision=data.decision,
        sign_in_link=page(public_base_url, programme.tenant_slug, "sign-in"),
        email=applicant.email,
        account_link_pending=data.account_link_pending,
        links_link=page(public_base_url, programme.tenant_slug, "links"),
    )


def welcome_account(
    meta: Metadata, data: AccountCreated, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The welcome for an account a manager or the network admin made: the sign-in link and the address to
    use, in the person's language."""
    person = _contact(meta, data.person_id, store)
    if person is None:
        return []
    sent = send_email(
        meta,
        person,
        "account_created",
        store,
        mailer,
        transactional=True,
        account_role=data.role,
        sign_in_link=page(public_base_url, data.tenant_slug, "sign-in"),
        email=person.email,
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
