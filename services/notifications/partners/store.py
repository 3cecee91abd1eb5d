"""Partner subscriptions in the notifications table, each under its municipality (or NETWORK), and the
deliveries EventBridge gave up on (recorded from the partners' dead-letter queue, dead_letters.py)."""

from __future__ import annotations

from datetime import timedelta

from pynamodb.attributes import JSONAttribute
from pynamodb.exceptions import TransactWriteError

from services.notifications.partners.models import NETWORK_SCOPE, DeliveryAttempt, Subscription
from services.notifications.store import NotificationsItem
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import RememberedAnswer, condition_failed_at, transaction


class SubscriptionRecord(NotificationsItem):
    KIND = "PARTNER_SUBSCRIPTION"  # sk: the subscription id
    document = JSONAttribute()


class FailedDeliveryRecord(NotificationsItem):
    # sk: <subscription id>#<when it was dead-lettered>#<event id>, under the subscription's own scope, so
    # the newest are read first; the time is the dead letter's own (a redelivered one writes the same item).
    KIND = "PARTNER_FAILURE"
    document = JSONAttribute()


#: A failed delivery is kept as long as the archive can replay its event (infra/cloud/core.py: 30 days).
KEEP_FAILURES = timedelta(days=30)
#: The most failures a subscription's page reads (the newest first).
READ_FAILURES = 200


class SubscriptionAnswer(NotificationsItem, RememberedAnswer):
    """The answer to a POST /v1/subscriptions with an Idempotency-Key (scope `subscriptions#<key>`)."""


class SubscriptionStore:
    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return SubscriptionAnswer.recall(tenant_id, scope)

    def add_subscription(self, subscription: Subscription, *, idempotency: Answer | None) -> None:
        record = SubscriptionRecord.new_in(
            subscription.tenant_id,
            subscription.subscription_id,
            document=subscription.model_dump(mode="json"),
        )
        try:
            with transaction() as tx:
                tx.save(record, condition=SubscriptionRecord.pk.does_not_exist())
                if idempotency is not None:
                    SubscriptionAnswer.remember(tx, subscription.tenant_id, idempotency)
        except TransactWriteError as exc:
            if idempotency is not None and condition_failed_at(exc, 1):
                raise IdempotencyRace(idempotency.scope) from exc
            raise

    def subscriptions(self, tenant_id: str) -> list[Subscription]:
        return [Subscription.model_validate(r.document) for r in SubscriptionRecord.query_in(tenant_id)]

    def subscription(self, tenant_id: str, subscription_id: str) -> Subscription | None:
        record = SubscriptionRecord.get_in(tenant_id, subscription_id, consistent_read=True)
        return Subscription.model_validate(record.document) if record else None

    def remove_subscription(self, tenant_id: str, subscription_id: str) -> None:
        record = SubscriptionRecord.get_in(tenant_id, subscription_id)
        if record is not None:
            record.delete()

    def subscription_of_event(self, event_tenant_id: str, subscription_id: str) -> Subscription | None:
        """The subscription an event of `event_tenant_id` was routed to: the municipality's own, or the
        network admin's (whose rule takes every municipality's events)."""
        return self.subscription(event_tenant_id, subscription_id) or self.subscription(
            NETWORK_SCOPE, subscription_id
        )

    def record_failure(self, subscription: Subscription, failure: DeliveryAttempt) -> None:
        """Idempotent: a redelivered dead letter (same time, same event) writes the same item again."""
        record = FailedDeliveryRecord.new_in(
            subscription.tenant_id,
            f"{subscription.subscription_id}#{failure.at.isoformat()}#{failure.event_id}",
            document=failure.model_dump(mode="json"),
        )
        record.ttl = failure.at + KEEP_FAILURES
        record.save()

    def failures(self, subscription: Subscription) -> list[DeliveryAttempt]:
        records = FailedDeliveryRecord.query_in(
            subscription.tenant_id,
            sk_prefix=f"{subscription.subscription_id}#",
            newest_first=True,
            limit=READ_FAILURES,
        )
        return [DeliveryAttempt.model_validate(r.document) for r in records]
