"""The people part's rules: a person's preferences (and the one-click unsubscribe), the delivery log a
manager reads, the SMS told about session changes, and what SES/SNS feedback changes. Plain Python.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Protocol

from services.notifications.models import Contact, Delivery, TenantInfo
from services.notifications.people.dressing import mask_phone, read_unsubscribe_token
from services.notifications.people.schemas import (
    DeliveryEntry,
    DeliveryLog,
    PreferencesRead,
    PreferencesWrite,
)
from services.notifications.people.sending import Holder, Texter, deliver_sms
from services.notifications.people.sms import is_e164
from shared.auth import Principal, Role
from shared.errors import NotFound, RuleViolation
from shared.events.catalog import SessionCancelled, SessionRescheduled, TenantCreated
from shared.events.catalog.notifications import SmsDue
from shared.events.envelope import Metadata
from shared.languages import SHIPPED


def now_utc() -> datetime:
    return datetime.now(UTC)


PERSON_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: What an SES notification's type becomes in the log.
FEEDBACK = {"Delivery": "delivered", "Bounce": "bounced", "Complaint": "complained"}


class Store(Protocol):
    def contact(self, tenant_id: str, person_id: str) -> Contact | None: ...
    def tenant(self, tenant_id: str) -> TenantInfo | None: ...
    def save_tenant(self, tenant: TenantInfo) -> None: ...
    def save_preferences(
        self, tenant_id: str, person_id: str, email: bool, sms: bool, language: str
    ) -> None: ...
    def mark_bounced(self, tenant_id: str, person_id: str) -> None: ...
    def log_of(self, tenant_id: str, person_id: str) -> list[Delivery]: ...
    def entry_by_message(self, provider_message_id: str) -> Delivery | None: ...
    def set_status(self, delivery: Delivery, status: str, reason: str | None) -> None: ...
    def unsubscribe_key(self) -> bytes: ...
    def log_delivery(self, delivery: Delivery) -> None: ...
    def delivered(self, tenant_id: str, delivery_id: str) -> bool: ...


def record_tenant(meta: Metadata, data: TenantCreated, store: Store) -> None:
    store.save_tenant(
        TenantInfo(
            tenant_id=meta.tenant_id,
            slug=data.slug,
            name=data.name,
            languages=list(data.languages),
            timezone=data.timezone,
        )
    )


# --- preferences -------------------------------------------------------------------------------------


def _languages(store: Store, tenant_id: str) -> list[str]:
    """The municipality's languages (every shipped one when its record has not arrived yet)."""
    tenant = store.tenant(tenant_id)
    return list(tenant.languages) if tenant else list(SHIPPED)


def _me(caller: Principal, store: Store) -> Contact:
    tenant_id = caller.require_tenant()
    contact = store.contact(tenant_id, caller.person_id) if caller.person_id else None
    if contact is None:
        raise NotFound("Tandem has no contact details for this account yet.")
    return contact


def _read(contact: Contact, languages: list[str]) -> PreferencesRead:
    return PreferencesRead(
        email=contact.contact_email,
        sms=contact.contact_sms,
        language=contact.language,
        chosen=contact.preferences_set,
        sms_possible=is_e164(contact.phone),
        email_bounced=contact.email_bounced,
        languages=languages,
    )


def preferences(caller: Principal, store: Store) -> PreferencesRead:
    contact = _me(caller, store)
    return _read(contact, _languages(store, contact.tenant_id))


def set_preferences(caller: Principal, body: PreferencesWrite, store: Store) -> PreferencesRead:
    contact = _me(caller, store)
    languages = _languages(store, contact.tenant_id)
    if body.language not in languages:
        raise RuleViolation(
            f"Choose one of the municipality's languages: {', '.join(languages)}.",
            rule="language_not_offered",
            field="language",
        )
    store.save_preferences(contact.tenant_id, contact.person_id, body.email, body.sms, body.language)
    changed = contact.model_copy(
        update={"contact_email": body.email, "contact_sms": body.sms, "language": body.language}
    )
    return _read(changed.model_copy(update={"preferences_set": True}), languages)


def unsubscribe(slug: str, token: str, store: Store) -> Contact | None:
    """Turns the e-mail preference off for the token's person (the link is the key); None: no such link
    in this municipality (the same answer for a forged token and another municipality's)."""
    found = read_unsubscribe_token(store.unsubscribe_key(), token)
    if found is None:
        return None
    tenant_id, person_id = found
    tenant = store.tenant(tenant_id)
    contact = store.contact(tenant_id, person_id)
    if tenant is None or tenant.slug != slug or contact is None:
        return None
    store.save_preferences(tenant_id, person_id, False, contact.contact_sms, contact.language)
    return contact


def unsubscribe_target(slug: str, token: str, store: Store) -> Contact | None:
    """Whose link it is, without changing anything (the page that asks to confirm)."""
    found = read_unsubscribe_token(store.unsubscribe_key(), token)
    if found is None:
        return None
    tenant = store.tenant(found[0])
    if tenant is None or tenant.slug != slug:
        return None
    return store.contact(*found)


# --- the delivery log ----------------------------------------------------------------------------------


def delivery_log(caller: Principal, person_id: str, store: Store) -> DeliveryLog:
    """What was sent to a person of the manager's municipality: kinds, channels, times and outcomes."""
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    contact = store.contact(tenant_id, person_id) if PERSON_ID.match(person_id) else None
    if contact is None:
        raise NotFound("No such person in this municipality.")
    return DeliveryLog(
        person_id=person_id,
        email_bounced=contact.email_bounced,
        items=[
            DeliveryEntry(
                delivery_id=d.delivery_id,
                channel=d.channel,
                kind=d.template,
                language=d.language,
                status=d.status,
                reason=d.reason,
                sent_at=d.sent_at,
                to=d.to_masked,
                fallback=d.fallback,
            )
            for d in store.log_of(tenant_id, person_id)
        ],
    )


# --- SMS about session changes ---------------------------------------------------------------------------


def home_path(contact: Contact) -> str:
    return "home" if contact.role in ("mentor", "mentee") else ""


def text_session_change(
    meta: Metadata,
    data: SessionRescheduled | SessionCancelled,
    mentees: list[Contact],
    store: Store,
    texter: Texter,
    holder: Holder,
    public_base_url: str,
    *,
    now: datetime,
) -> list[Delivery]:
    """A moved or cancelled session (a mentor's absence is a move) told by SMS to the mentees who chose it,
    besides the e-mail they get anyway."""
    tenant = store.tenant(meta.tenant_id)
    if tenant is None:
        return []
    if isinstance(data, SessionRescheduled):
        template = "mentor_absent" if data.cause == "mentor_absent" else "session_moved"
        starts: datetime | None = data.starts_at
        path = f"sessions/{data.session_id}"
    else:
        template, starts, path = "session_cancelled", None, f"matches/{data.match_id}/sessions"
    sent = []
    for person in mentees:
        if not person.contact_sms:
            if not person.sms_consent:
                sent.append(
                    withhold_sms(
                        meta, person, template, store, f"{meta.event_id}:{person.person_id}:sms:{template}"
                    )
                )
            continue
        delivery = deliver_sms(
            meta, person, template, store, texter, holder,
            link=f"{public_base_url}/app/{tenant.slug}/{path}", link_path=path, starts_at=starts,
            now=now, delivery_id=f"{meta.event_id}:{person.person_id}:sms:{template}",
        )  # fmt: skip
        if delivery:
            sent.append(delivery)
    return sent


def withhold_sms(meta: Metadata, contact: Contact, template: str, store: Store, delivery_id: str) -> Delivery:
    """An SMS not sent because the person withdrew their consent to SMS: the log says so (once)."""
    withheld = Delivery(
        tenant_id=meta.tenant_id,
        delivery_id=delivery_id,
        person_id=contact.person_id,
        channel="sms",
        template=template,
        language=contact.language,
        status="withheld",
        sent_at=now_utc(),
        event_id=meta.event_id,
        to_masked=mask_phone(contact.phone or ""),
        reason="consent_withdrawn",
    )
    if not store.delivered(meta.tenant_id, delivery_id):
        store.log_delivery(withheld)
    return withheld


def send_held(
    meta: Metadata, data: SmsDue, store: Store, texter: Texter, public_base_url: str, *, now: datetime
) -> Delivery | None:
    """A text held over the quiet hours goes now, if the person still wants SMS."""
    tenant = store.tenant(meta.tenant_id)
    contact = store.contact(meta.tenant_id, data.person_id)
    if contact is not None and not contact.sms_consent:
        return withhold_sms(meta, contact, data.template, store, data.delivery_id)
    if tenant is None or contact is None or not contact.contact_sms:
        return None
    return deliver_sms(
        meta, contact, data.template, store, texter, None,
        link=f"{public_base_url}/app/{tenant.slug}/{data.link_path}".rstrip("/"), link_path=data.link_path,
        starts_at=data.starts_at, now=now, delivery_id=data.delivery_id,
    )  # fmt: skip


# --- feedback from SES (and SNS) ---------------------------------------------------------------------------


def record_feedback(
    notification: dict[str, Any],
    store: Store,
    texter: Texter,
    holder: Holder,
    public_base_url: str,
    *,
    now: datetime,
) -> Delivery | None:
    """An SES notification (Delivery, Bounce, Complaint) for a message Tandem sent: the log entry's status
    changes; a permanent bounce or a complaint marks the address (no more mail to it), and the person,
    if they allowed SMS, gets a text pointing to Tandem instead."""
    kind = str(notification.get("notificationType") or notification.get("eventType") or "")
    message_id = str((notification.get("mail") or {}).get("messageId") or "")
    status = FEEDBACK.get(kind)
    entry = store.entry_by_message(message_id) if status and message_id else None
    if entry is None or status is None:
        return None
    bounce = notification.get("bounce") or {}
    if kind == "Bounce" and bounce.get("bounceType") != "Permanent":
        store.set_status(entry, entry.status, "soft_bounce")  # SES keeps trying; the address stays
        return entry
    reason = "permanent_bounce" if kind == "Bounce" else ("complaint" if kind == "Complaint" else None)
    store.set_status(entry, status, reason)
    if kind not in ("Bounce", "Complaint") or entry.channel != "email":
        return entry
    store.mark_bounced(entry.tenant_id, entry.person_id)
    contact = store.contact(entry.tenant_id, entry.person_id)
    tenant = store.tenant(entry.tenant_id)
    if kind == "Bounce" and contact and tenant and contact.contact_sms:
        path = home_path(contact)
        meta = Metadata(
            event_id=f"feedback-{message_id}",
            event_type="SesFeedback",
            version=1,
            tenant_id=entry.tenant_id,
            occurred_at=now,
            correlation_id=entry.event_id,
            producer="notifications",
            visibility="internal",
        )
        deliver_sms(
            meta, contact, "fallback", store, texter, holder,
            link=f"{public_base_url}/app/{tenant.slug}/{path}".rstrip("/"), link_path=path, starts_at=None,
            now=now, delivery_id=f"{entry.delivery_id}:fallback", fallback=True,
        )  # fmt: skip
    return entry
