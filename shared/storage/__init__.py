"""The storage base every service's `store.py` builds on (PynamoDB, one table per service).

- `base`: tenant-first keys and items (`TenantModel`), transactions, refused-condition checks;
- `documents`: `VersionedDocument` and its `save_versioned` (stale version → Conflict);
- `pages`: page tokens (LastEvaluatedKey out, checked on the way back in);
- `indexes`: the by-parent global index and `ChildItem`;
- `idempotency`: the stored answer to an `Idempotency-Key`;
- `processed`: consumers' memory of handled events (`DynamoProcessedEvents`).
"""

from shared.storage.base import (
    NETWORK,
    TenantModel,
    condition_failed,
    condition_failed_at,
    tenant_key,
    transaction,
)
from shared.storage.documents import VersionedDocument
from shared.storage.idempotency import RememberedAnswer
from shared.storage.indexes import BY_PARENT_INDEX, ByParent, ChildItem
from shared.storage.pages import page_token, start_key
from shared.storage.processed import DynamoProcessedEvents, ProcessedEventBase

__all__ = [
    "BY_PARENT_INDEX",
    "NETWORK",
    "ByParent",
    "ChildItem",
    "DynamoProcessedEvents",
    "ProcessedEventBase",
    "RememberedAnswer",
    "TenantModel",
    "VersionedDocument",
    "condition_failed",
    "condition_failed_at",
    "page_token",
    "start_key",
    "tenant_key",
    "transaction",
]
