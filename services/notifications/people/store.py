"""The people part's items in the notifications table: the municipality's letterhead, each person's
delivery log, the provider's message ids (for SES/SNS feedback) and the unsubscribe key.

`NotificationsStore` (services/notifications/store.py) inherits `PeopleStore`; this is the only code
that touches these items.
"""

from __future__ import annotations

import secrets
from datetime import UTC, timedelta
from functools import cache

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError

from services.notifications.models import Delivery, TenantInfo
from services.notifications.settings import settings
from shared.storage import NETWORK, TenantModel, condition_failed

#: How long the log keeps what was sent (a manager answers "did they get it?" within months, not years):
#: 12 months, the delivery log's retention (services/intake/retention/rules.py, DELIVERY_LOG_MONTHS).
KEEP_LOG = timedelta(days=365)


class _Item(TenantModel):
    class Meta:
        table_name = settings.notifications_table_name


class TenantRecord(_Item):
    KIND = "TENANT"  # sk: "info"
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    languages = UnicodeAttribute()  # comma-separated
    timezone = UnicodeAttribute()


class DeliveryLogRecord(_Item):
    KIND = "DELIVERY_LOG"  # sk: <person_id>#<sent_at, ISO>#<delivery_id>: one person's log, oldest first
    delivery_id = UnicodeAttribute()
    person_id = UnicodeAttribute()
    channel = UnicodeAttribute()
    template = UnicodeAttribute()
    language = UnicodeAttribute()
    status = UnicodeAttribute()
    provider_message_id = UnicodeAttribute(null=True)
    sent_at = UTCDateTimeAttribute()
    event_id = UnicodeAttribute()
    to_masked = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    fallback = BooleanAttribute(null=True)

    def to_domain(self) -> Delivery:
        return Delivery(
            tenant_id=self.tenant_id,
            delivery_id=self.delivery_id,
            person_id=self.person_id,
            channel=self.channel,
            template=self.template,
            language=self.language,
            status=self.status,
            provider_message_id=self.provider_message_id,
            sent_at=self.sent_at,
            event_id=self.event_id,
            to_masked=self.to_masked or "",
            reason=self.reason,
            fallback=bool(self.fallback),
        )


class MessageRecord(_Item):
    """A provider's message id → the log entry it is (SES and SNS feedback name only the message)."""

    KIND = "MESSAGE"  # under NETWORK; sk: the provider's message id
    owner_tenant_id = UnicodeAttribute()
    log_sk = UnicodeAttribute()


class KeyRecord(_Item):
    KIND = "KEY"  # under NETWORK; sk: "unsubscribe"
    secret = UnicodeAttribute()


def log_key(delivery: Delivery) -> str:
    return f"{delivery.person_id}#{delivery.sent_at.astimezone(UTC).isoformat()}#{delivery.delivery_id}"


class PeopleStore:
    # --- the municipality ---
    def save_tenant(self, tenant: TenantInfo) -> None:
        TenantRecord.new_in(
            tenant.tenant_id,
            "info",
            slug=tenant.slug,
            name=tenant.name,
            languages=",".join(tenant.languages),
            timezone=tenant.timezone,
        ).save()

    def tenant(self, tenant_id: str) -> TenantInfo | None:
        record = TenantRecord.get_in(tenant_id, "info")
        if record is None:
            return None
        return TenantInfo(
            tenant_id=tenant_id,
            slug=record.slug,
            name=record.name,
            languages=[lang for lang in record.languages.split(",") if lang],
            timezone=record.timezone,
        )

    # --- the delivery log ---
    def log_entry(self, delivery: Delivery) -> None:
        """One entry of a person's log (its provider id remembered, for the feedback that names only it)."""
        key = log_key(delivery)
        DeliveryLogRecord.new_in(
            delivery.tenant_id,
            key,
            ttl=delivery.sent_at + KEEP_LOG,
            **delivery.model_dump(exclude={"tenant_id"}),
        ).save()
        if delivery.provider_message_id:
            MessageRecord.new_in(
                NETWORK,
                delivery.provider_message_id,
                owner_tenant_id=delivery.tenant_id,
                log_sk=key,
                ttl=delivery.sent_at + KEEP_LOG,
            ).save()

    def log_of(self, tenant_id: str, person_id: str) -> list[Delivery]:
        records = DeliveryLogRecord.query_in(tenant_id, sk_prefix=f"{person_id}#", newest_first=True)
        return [r.to_domain() for r in records]

    def entry_by_message(self, provider_message_id: str) -> Delivery | None:
        pointer = MessageRecord.get_in(NETWORK, provider_message_id, consistent_read=True)
        if pointer is None:
            return None
        record = DeliveryLogRecord.get_in(pointer.owner_tenant_id, pointer.log_sk, consistent_read=True)
        return record.to_domain() if record else None

    def set_status(self, delivery: Delivery, status: str, reason: str | None) -> None:
        record = DeliveryLogRecord.new_in(delivery.tenant_id, log_key(delivery))
        reason_action = DeliveryLogRecord.reason.set(reason) if reason else DeliveryLogRecord.reason.remove()
        record.update(actions=[DeliveryLogRecord.status.set(status), reason_action])

    # --- the one-click unsubscribe links' key ---
    def unsubscribe_key(self) -> bytes:
        return _key()


@cache
def _key() -> bytes:
    """The network's unsubscribe-signing key: made once (the first writer wins), read once per cold start."""
    try:
        KeyRecord.new_in(NETWORK, "unsubscribe", secret=secrets.token_hex(32)).save(
            condition=KeyRecord.pk.does_not_exist()
        )
    except PutError as exc:
        if not condition_failed(exc):
            raise
    record = KeyRecord.get_in(NETWORK, "unsubscribe", consistent_read=True)
    assert record is not None
    return bytes.fromhex(record.secret)
