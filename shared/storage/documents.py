"""Documents two people can edit: the item is read and written whole, guarded by its version.

A save carries the version the writer read; if anyone saved in between, DynamoDB refuses the write and
the writer gets a Conflict (409) telling them to read again, never a silent overwrite.
"""

from __future__ import annotations

from typing import Any, Self

from pynamodb.attributes import JSONAttribute, VersionAttribute
from pynamodb.exceptions import TransactWriteError

from shared.errors import Conflict
from shared.storage.base import TenantModel, condition_failed, transaction


class VersionedDocument(TenantModel):
    """An item whose content is one JSON `document`, with a `version` PynamoDB checks and increments."""

    document = JSONAttribute()
    version = VersionAttribute()

    @property
    def document_version(self) -> int:
        """The version as the domain sees it: 0 before the first save."""
        return int(self.version or 0)

    def save_versioned(self, read_version: int | None, *, conflict: str, **extensions: Any) -> Self:
        """Saves if the stored version is still `read_version` (None: only a new item), else Conflict.

        A transaction of one item (PynamoDB checks and adds one to the version in it too), so that the
        events a logic function sends `along` with the save commit with it (shared/storage/outbox.py)."""
        if read_version is None:
            self.attribute_values.pop("version", None)  # no version: PynamoDB writes only if the item is new
        else:
            self.version = read_version
        try:
            with transaction() as tx:
                tx.save(self)
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict(conflict, **extensions) from exc
            raise
        return self
