"""Tenant-first keys and items: the base every service's `store.py` builds on (PynamoDB, one table each).

Every partition key begins with the tenant id, so no item can be written or queried without a tenant:
models expose only `get_in`, `query_in` and `new_in`, each of which takes the tenant first. Items the
whole network shares (the tenant registry) live under the reserved tenant `NETWORK`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, ClassVar, Self

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist, PynamoDBException, TransactWriteError
from pynamodb.models import Model
from pynamodb.pagination import ResultIterator
from pynamodb.transactions import TransactWrite

from shared.storage.pages import page_token, start_key

NETWORK = "NETWORK"
_TENANT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def tenant_key(tenant_id: str, kind: str) -> str:
    """The partition key of one kind of item in one tenant: `<tenant>#<KIND>`."""
    if not tenant_id or not _TENANT_ID.match(tenant_id):
        raise ValueError("a tenant id is required for every key")
    return f"{tenant_id}#{kind}"


def condition_failed(exc: PynamoDBException) -> bool:
    """True when a write was refused by its condition (not by throttling, a bad request or the network)."""
    if isinstance(exc, TransactWriteError):
        return any(
            r is not None and r.code == "ConditionalCheckFailed" for r in (exc.cancellation_reasons or [])
        )
    return exc.cause_response_code == "ConditionalCheckFailedException"


def condition_failed_at(exc: TransactWriteError, position: int) -> bool:
    """True when the transaction's write number `position` (from 0) was refused by its condition."""
    reasons = exc.cancellation_reasons or []
    reason = reasons[position] if position < len(reasons) else None
    return reason is not None and reason.code == "ConditionalCheckFailed"


@cache
def _connection() -> Connection:
    return Connection()


def transaction() -> TransactWrite:
    """A write transaction on one shared connection (a new botocore client costs ~100 ms); events staged
    by `OutboxPublisher.along` commit in it (shared/storage/outbox.py)."""
    from shared.storage.outbox import OutboxTransactWrite

    return OutboxTransactWrite(connection=_connection())


class TenantModel(Model):
    """Base of every item type. A subclass sets `KIND` and its service's `Meta.table_name`."""

    KIND: ClassVar[str]

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    ttl = TTLAttribute(null=True)

    @classmethod
    def new_in(cls, tenant_id: str, sk: str, **attributes: Any) -> Self:
        return cls(tenant_key(tenant_id, cls.KIND), sk, **attributes)

    @classmethod
    def get_in(cls, tenant_id: str, sk: str, *, consistent_read: bool = False) -> Self | None:
        try:
            return cls.get(tenant_key(tenant_id, cls.KIND), sk, consistent_read=consistent_read)
        except DoesNotExist:
            return None

    @classmethod
    def query_in(
        cls,
        tenant_id: str,
        *,
        sk_prefix: str | None = None,
        newest_first: bool = False,
        limit: int | None = None,
        start_after: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> ResultIterator[Self]:
        condition = cls.sk.startswith(sk_prefix) if sk_prefix else None
        return cls.query(
            tenant_key(tenant_id, cls.KIND),
            condition,
            scan_index_forward=not newest_first,
            limit=limit,
            last_evaluated_key=start_after,
            **kwargs,
        )

    @classmethod
    def page_in(
        cls, tenant_id: str, *, limit: int, next_token: str | None, **kwargs: Any
    ) -> tuple[list[Self], str | None]:
        """One page of the tenant's items of this kind, and the next page's token (a foreign token: 422)."""
        after = start_key(next_token, partition=tenant_key(tenant_id, cls.KIND))
        results = cls.query_in(tenant_id, limit=limit, start_after=after, **kwargs)
        return list(results), page_token(results.last_evaluated_key)

    @property
    def tenant_id(self) -> str:
        return str(self.pk).split("#", 1)[0]
