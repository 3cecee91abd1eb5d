"""Partner subscriptions in the notifications table, each under its municipality (or NETWORK)."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute
from pynamodb.exceptions import TransactWriteError

from services.notifications.partners.models import Subscription
from services.notifications.store import NotificationsItem
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import RememberedAnswer, condition_failed_at, transaction


class SubscriptionRecord(NotificationsItem):
    KIND = "PARTNER_SUBSCRIPTION"  # sk: the subscription id
    document = JSONAttribute()


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
