"""The store half of `shared.idempotency`: the answer to a key, written in the transaction it answers for.

Why not Powertools' idempotency utility: see docs/decisions.md (its record is a separate write, so the
answer and the item it answers for could disagree; its key is not tenant-first).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Self

from pynamodb.attributes import JSONAttribute, UnicodeAttribute
from pynamodb.transactions import TransactWrite

from shared.idempotency import KEEP_ANSWERS_FOR, Answer
from shared.storage.base import TenantModel


class RememberedAnswer(TenantModel):
    """`pk = <tenant>#IDEMPOTENCY`, `sk = <scope>#<key>`; expires by TTL. A service's store subclasses it."""

    KIND = "IDEMPOTENCY"
    body_hash = UnicodeAttribute()
    answer = JSONAttribute()

    @classmethod
    def recall(cls, tenant_id: str, scope: str) -> Answer | None:
        record = cls.get_in(tenant_id, scope, consistent_read=True)
        return Answer(scope, record.body_hash, dict(record.answer)) if record else None

    @classmethod
    def remember(
        cls, tx: TransactWrite, tenant_id: str, answer: Answer, *, keep: timedelta = KEEP_ANSWERS_FOR
    ) -> Self:
        """Adds the answer to `tx`, on condition no answer to the same key is there (else the tx fails)."""
        record = cls.new_in(
            tenant_id, answer.scope, body_hash=answer.body_hash, answer=answer.answer, ttl=keep
        )
        tx.save(record, condition=cls.pk.does_not_exist())
        return record
