"""The audit trail in intake's table: per municipality and day a chain of entries and its head.

Appends are a transaction: the head moves from the position the writer read to the new one (a
conditional write: a concurrent writer loses and tries again) and the new entries are put, all or none.
Each entry is also listed under its subject (the by-parent index), and the network admin's under `admin`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import TransactWriteError

from services.intake.audit.chain import entry_id, sealed, verify
from services.intake.audit.models import GENESIS, ChainProblem, TrailEntry
from services.intake.records import IntakeItem
from shared.storage import ChildItem, condition_failed, tenant_key, transaction

#: DynamoDB takes 100 writes per transaction: the head and 99 entries.
PER_TRANSACTION = 99
ATTEMPTS = 8
#: How long an entry is kept (docs/data-map.md, rule `audit_trail`): ids only, evidence of who saw what.
KEEP = timedelta(days=3 * 365)


class TrailHead(IntakeItem):
    KIND = "TRAILHEAD"  # sk: the day; where its chain ends
    position = NumberAttribute()
    last_hash = UnicodeAttribute()


class TrailRecord(IntakeItem, ChildItem):
    KIND = "TRAIL"  # sk: <day>#<position>; parent: the subject; gsi1sk: <at>#<sk> (newest last)
    document = JSONAttribute()


class AdminTrailRecord(IntakeItem):
    KIND = "TRAILADMIN"  # sk: <at>#<day>#<position>: the network admin's entries, for the managers
    document = JSONAttribute()


class ChainContended(RuntimeError):
    """Others kept appending to the same day's chain; the event is retried from the queue."""


def _sort_key(entry: TrailEntry) -> str:
    return f"{entry.at.isoformat()}#{entry.entry_id}"


class TrailStore:
    def append(self, tenant_id: str, day: str, drafts: Sequence[dict[str, Any]]) -> list[TrailEntry]:
        """Chains `drafts` (entry fields without position and hashes) onto the day's chain."""
        out: list[TrailEntry] = []
        for start in range(0, len(drafts), PER_TRANSACTION):
            out += self._append_chunk(tenant_id, day, drafts[start : start + PER_TRANSACTION])
        return out

    def _append_chunk(self, tenant_id: str, day: str, drafts: Sequence[dict[str, Any]]) -> list[TrailEntry]:
        for attempt in range(ATTEMPTS):
            head = TrailHead.get_in(tenant_id, day, consistent_read=True)
            position, previous = (int(head.position), head.last_hash) if head else (0, GENESIS)
            entries = []
            for draft in drafts:
                position += 1
                entry = sealed(
                    {
                        **draft,
                        "entry_id": entry_id(day, position),
                        "position": position,
                        "previous_hash": previous,
                    }
                )
                entries.append(entry)
                previous = entry.hash
            try:
                self._write(tenant_id, day, head, entries)
                return entries
            except TransactWriteError as exc:
                if not condition_failed(exc):
                    raise
                time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311 - jitter, not a secret
        raise ChainContended(f"the audit chain of {day} stayed contended")

    def _write(self, tenant_id: str, day: str, head: TrailHead | None, entries: list[TrailEntry]) -> None:
        last = entries[-1]
        new_head = TrailHead.new_in(
            tenant_id, day, position=last.position, last_hash=last.hash, ttl=last.at + KEEP
        )
        with transaction() as tx:
            if head is None:
                tx.save(new_head, condition=TrailHead.pk.does_not_exist())
            else:
                tx.save(new_head, condition=TrailHead.position == int(head.position))
            for entry in entries:
                document = entry.model_dump(mode="json")
                tx.save(
                    TrailRecord.new_in(
                        tenant_id,
                        entry.entry_id,
                        gsi1pk=TrailRecord.parent_key(tenant_id, entry.subject_participant_id),
                        gsi1sk=_sort_key(entry),
                        document=document,
                        ttl=entry.at + KEEP,
                    ),
                    condition=TrailRecord.pk.does_not_exist(),
                )
                if entry.actor_role == "admin":
                    tx.save(
                        AdminTrailRecord.new_in(
                            tenant_id, _sort_key(entry), document=document, ttl=entry.at + KEEP
                        )
                    )

    def of_subjects(
        self, tenant_id: str, subjects: Sequence[str], *, limit: int, before: str | None
    ) -> list[tuple[str, TrailEntry]]:
        """The newest `limit` entries about any of `subjects`, older than the position `before`."""
        found: list[tuple[str, TrailEntry]] = []
        for subject in dict.fromkeys(subjects):
            condition = TrailRecord.gsi1sk < before if before else None
            for r in TrailRecord.by_parent.query(
                TrailRecord.parent_key(tenant_id, subject),
                condition,
                scan_index_forward=False,
                limit=limit,
            ):
                found.append((r.gsi1sk, TrailEntry.model_validate(r.document)))
        found.sort(key=lambda pair: pair[0], reverse=True)
        return found[:limit]

    def of_admin(self, tenant_id: str, *, limit: int, before: str | None) -> list[tuple[str, TrailEntry]]:
        condition = AdminTrailRecord.sk < before if before else None
        records = AdminTrailRecord.query(
            tenant_key(tenant_id, AdminTrailRecord.KIND), condition, scan_index_forward=False, limit=limit
        )
        return [(r.sk, TrailEntry.model_validate(r.document)) for r in records]

    def verify_day(self, tenant_id: str, day: str) -> list[ChainProblem]:
        """Checks the day's chain as stored (the tamper check; see chain.verify)."""
        head = TrailHead.get_in(tenant_id, day, consistent_read=True)
        stored = [
            r.document for r in TrailRecord.query_in(tenant_id, sk_prefix=f"{day}#", consistent_read=True)
        ]
        if head is None:
            return []
        return verify(day, stored, int(head.position), head.last_hash)
