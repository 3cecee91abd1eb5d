"""DynamoDB transactions on moto that cost what they touch, not what the table holds.

moto backs up a transaction by deep-copying every table it names (once per item in it) and puts the
copies back if the transaction is cancelled. The local runtime's tables grow for as long as it runs (the
test suite's, a load run's): at a few thousand items each transaction took tens of milliseconds, then
hundreds, and every request that writes with a condition is a transaction here (idempotency, the audit
trail, the outbox). This keeps the same all-or-nothing result by saving only the items the transaction
names (and the length of each table's stream) and restoring exactly those when it is cancelled: the
table, and the stream a relay reads, look as if the transaction never ran, as in DynamoDB.

Installed by the local runtime (`install()`); nothing in the cloud runs it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

_installed = False


class _TablesStayPut:
    """moto's module-level `copy` inside its DynamoDB backend: tables are not copied (the wrapper saves
    what the transaction touches instead); anything else is copied as before."""

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        from moto.dynamodb.models.table import Table

        if isinstance(value, Table):
            return value
        return copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


@dataclass
class _Saved:
    table: Any
    hash_key: Any
    range_key: Any
    item: Any  # a deep copy of the item before the transaction, or None when there was none


def _key_of(table: Any, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type == "Put":
        attrs = op["Item"]
        key = {table.hash_key_attr: attrs[table.hash_key_attr]}
        if table.range_key_attr is not None:
            key[table.range_key_attr] = attrs[table.range_key_attr]
        return key
    return dict(op["Key"])


def _save(backend: Any, transact_items: list[dict[str, Any]]) -> tuple[list[_Saved], dict[Any, int]]:
    from moto.dynamodb.exceptions import MockValidationException

    saved: list[_Saved] = []
    streams: dict[Any, int] = {}
    for entry in transact_items:
        for op_type, op in entry.items():
            table = backend.tables.get(op.get("TableName"))
            if table is None:
                continue
            try:
                hash_key, range_key = backend.get_keys_value(table, _key_of(table, op_type, op))
            except (KeyError, MockValidationException):  # a malformed key: moto refuses it, unchanged
                continue
            current = table.get_item(hash_key, range_key)
            saved.append(_Saved(table, hash_key, range_key, copy.deepcopy(current)))
            if table.stream_shard is not None and table not in streams:
                streams[table] = len(table.stream_shard.items)
    return saved, streams


def _restore(saved: list[_Saved], streams: dict[Any, int]) -> None:
    for s in reversed(saved):  # the first saved state of a key is the one before the transaction
        items = s.table.items
        if s.range_key is not None:
            if s.item is None:
                items.get(s.hash_key, {}).pop(s.range_key, None)
            else:
                items[s.hash_key][s.range_key] = s.item
        elif s.item is None:
            items.pop(s.hash_key, None)
        else:
            items[s.hash_key] = s.item
    for table, length in streams.items():
        del table.stream_shard.items[length:]


def install() -> None:
    """Replaces moto's table-copying backup with the per-item one (once per process)."""
    global _installed
    if _installed:
        return
    from moto.dynamodb import models

    original = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        saved, streams = _save(self, transact_items)
        try:
            original(self, transact_items)
        except Exception:
            _restore(saved, streams)
            raise

    models.copy = _TablesStayPut()  # type: ignore[assignment]
    models.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    _installed = True
