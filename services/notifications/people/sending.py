"""Every message goes out through here: an e-mail dressed for its municipality (display name, HTML part,
List-Unsubscribe when not transactional), an SMS within the rules of sms.py, each logged once (masked,
without its text), and a failed channel falling back to the other where the person allowed it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any, Protocol

from botocore.exceptions import ClientError

from services.notifications.models import Attachment, Contact, Delivery, Email, Sms, TenantInfo
from services.notifications.people import sms as texts
from services.notifications.people.dressing import html_part, mask_email, mask_phone, unsubscribe_token
from services.notifications.templates import render
from shared.events.catalog.notifications import SmsDue
from shared.events.envelope import Metadata

DEFAULT_ZONE = "Europe/Berlin"
#: What SNS answers for a number it will not text (the person opted out, or it is not a number).
REFUSED = frozenset({"InvalidParameter", "InvalidParameterValue", "OptedOut", "OptedOutException"})


class Letterheads(Protocol):
    """What the sending needs of the store beyond the log (people/store.py)."""

    def tenant(self, tenant_id: str) -> TenantInfo | None: ...
    def unsubscribe_key(self) -> bytes: ...
    def log_delivery(self, delivery: Delivery) -> None: ...
    def delivered(self, tenant_id: str, delivery_id: str) -> bool: ...


class Texter(Protocol):
    def text(self, sms: Sms) -> str: ...


class Holder(Protocol):
    def send_at(self, name: str, at: datetime, tenant_id: str, data: Any, correlation_id: str) -> None: ...


def unsubscribe_url(base: str, tenant: TenantInfo, key: bytes, person_id: str) -> str:
    return f"{base}/app/{tenant.slug}/unsubscribe?token={unsubscribe_token(key, tenant.tenant_id, person_id)}"


def _entry(meta: Metadata, contact: Contact, delivery_id: str, template: str, **fields: Any) -> Delivery:
    return Delivery(
        tenant_id=meta.tenant_id,
        delivery_id=delivery_id,
        person_id=contact.person_id,
        template=template,
        language=contact.language,
        sent_at=datetime.now(UTC),
        event_id=meta.event_id,
        **fields,
    )


def deliver_email(
    meta: Metadata,
    contact: Contact,
    template: str,
    store: Any,
    mailer: Any,
    *,
    delivery_id: str,
    transactional: bool,
    attachments: list[Attachment] | None,
    context: dict[str, object],
) -> Delivery:
    tenant = store.tenant(meta.tenant_id) if hasattr(store, "tenant") else None
    base = str(getattr(mailer, "public_base_url", ""))
    if contact.email_bounced:
        failed = _entry(
            meta, contact, delivery_id, template, channel="email", status="failed",
            to_masked=mask_email(contact.email), reason="address_bounced",
        )  # fmt: skip
        store.log_delivery(failed)
        return failed
    subject, body = render(template, contact.language, given_name=contact.given_name, **context)
    link = None
    if not transactional and tenant is not None and hasattr(store, "unsubscribe_key"):
        link = unsubscribe_url(base, tenant, store.unsubscribe_key(), contact.person_id)
    sender_name = tenant.name if tenant else None
    email = Email(
        to=contact.email,
        subject=subject,
        body=body,
        html=html_part(subject, body, contact.language, sender_name, link),
        sender_name=sender_name,
        unsubscribe_url=link,
        attachments=attachments or [],
        transactional=transactional,
    )
    message_id = mailer.send(email)
    delivery = _entry(
        meta, contact, delivery_id, template, channel="email", status="sent",
        provider_message_id=message_id, to_masked=mask_email(contact.email),
    )  # fmt: skip
    store.log_delivery(delivery)
    return delivery


def deliver_sms(
    meta: Metadata,
    contact: Contact,
    template: str,
    store: Any,
    texter: Texter,
    holder: Holder | None,
    *,
    link: str,
    link_path: str,
    starts_at: datetime | None,
    now: datetime,
    delivery_id: str,
    fallback: bool = False,
) -> Delivery | None:
    """One SMS to a person who chose SMS (or a fallback they allowed), once per delivery id. A number that
    is not E.164 is logged as failed; a text written in the quiet hours is held until 08:00."""
    if store.delivered(meta.tenant_id, delivery_id):
        return None
    tenant = store.tenant(meta.tenant_id)
    zone = tenant.timezone if tenant else DEFAULT_ZONE
    masked = mask_phone(texts.e164(contact.phone) or contact.phone or "")
    common: dict[str, Any] = {"channel": "sms", "to_masked": masked, "fallback": fallback}
    if not texts.is_e164(contact.phone):
        failed = _entry(meta, contact, delivery_id, template, status="failed", reason="not_e164", **common)
        store.log_delivery(failed)
        return failed
    until = texts.quiet_until(now, zone)
    if until is not None and holder is not None:
        holder.send_at(
            f"sms-{hashlib.sha256(delivery_id.encode()).hexdigest()[:40]}",
            until,
            meta.tenant_id,
            SmsDue(
                person_id=contact.person_id,
                template=template,
                delivery_id=delivery_id,
                link_path=link_path,
                starts_at=starts_at,
            ),
            meta.correlation_id,
        )
        held = _entry(meta, contact, f"{delivery_id}:held", template, status="held", **common)
        store.log_delivery(held)
        return held
    sender = tenant.name if tenant else "Tandem"
    text = texts.compose(template, contact.language, sender=sender, link=link, starts=starts_at, zone=zone)
    number = texts.e164(contact.phone)
    assert number is not None  # is_e164 above
    try:
        message_id = texter.text(Sms(to=number, text=text))
    except ClientError as exc:
        # SNS refused the number; throttling and outages raise, and the event is retried.
        if exc.response.get("Error", {}).get("Code") not in REFUSED:
            raise
        failed = _entry(
            meta, contact, delivery_id, template, status="failed", reason="provider_error", **common
        )
        store.log_delivery(failed)
        return failed
    sent = _entry(
        meta, contact, delivery_id, template, status="sent", provider_message_id=message_id, **common
    )
    store.log_delivery(sent)
    return sent
