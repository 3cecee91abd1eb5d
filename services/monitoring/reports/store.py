"""The reports' items in monitoring's table: the only code of this part that touches it.

Every item is a JSON document with a version PynamoDB checks, keyed `<tenant>#REPORT_<FAMILY>` /
`report#<family>#...` (the questionnaires part keeps its own kinds): each family (programme summaries,
people, relationships, sessions...) in a partition of its own, so reading a programme's people for the
CSV never pages through its sessions. An event's change is one transaction of documents each saved at
the version it was read, so two events at once never lose a count (the second retries).
"""

from __future__ import annotations

from functools import cache

from pynamodb.exceptions import TransactWriteError

from services.monitoring.reports.logic.ports import Stored, Write
from services.monitoring.settings import settings
from shared.errors import Conflict
from shared.storage import VersionedDocument, condition_failed, transaction

_STALE = "The report's projection changed at the same time; the event is retried."
#: DynamoDB's limit of items in one transaction.
MAX_WRITES = 100


class ReportRecord(VersionedDocument):
    KIND = "REPORT"

    class Meta:
        table_name = settings.monitoring_table_name


@cache
def record_for(key: str) -> type[ReportRecord]:
    """The item type of a key's family: `report#person#...` → kind REPORT_PERSON."""
    family = key.split("#")[1] if key.count("#") >= 1 else ""
    if not family.replace("-", "").isalpha():
        raise ValueError(f"not a report key: {key!r}")
    kind = f"REPORT_{family.upper().replace('-', '_')}"
    return type(f"ReportRecord_{kind}", (ReportRecord,), {"KIND": kind})


def _family(key: str) -> str:
    return "#".join(key.split("#")[:2])


class DynamoReportStore:
    def read(self, tenant_id: str, key: str) -> Stored | None:
        record = record_for(_family(key)).get_in(tenant_id, key, consistent_read=True)
        return Stored(record.document, record.document_version) if record else None

    def query(self, tenant_id: str, prefix: str) -> list[Stored]:
        model = record_for(_family(prefix))
        return [
            Stored(r.document, r.document_version)
            for r in model.query_in(tenant_id, sk_prefix=prefix, consistent_read=True)
        ]

    def commit(self, writes: list[Write]) -> None:
        if len(writes) > MAX_WRITES:
            raise ValueError(f"one change writes at most {MAX_WRITES} documents")
        try:
            with transaction() as tx:
                for write in writes:
                    model = record_for(_family(write.key))
                    record = model.new_in(write.tenant_id, write.key, document=write.document)
                    if write.revision:
                        record.version = write.revision
                    tx.save(record)
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict(_STALE) from exc
            raise
