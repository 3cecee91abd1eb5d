"""The reports' items in monitoring's table: the only code of this part that touches it.

Every item is `<tenant>#REPORT` / `report#...` (the questionnaires part keeps its own kinds), a JSON
document with a version PynamoDB checks: an event's change is one transaction of documents each saved
at the version it was read, so two events at once never lose a count (the second retries).
"""

from __future__ import annotations

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


class DynamoReportStore:
    def read(self, tenant_id: str, key: str) -> Stored | None:
        record = ReportRecord.get_in(tenant_id, key, consistent_read=True)
        return Stored(record.document, record.document_version) if record else None

    def query(self, tenant_id: str, prefix: str) -> list[Stored]:
        return [
            Stored(r.document, r.document_version)
            for r in ReportRecord.query_in(tenant_id, sk_prefix=prefix, consistent_read=True)
        ]

    def commit(self, writes: list[Write]) -> None:
        if len(writes) > MAX_WRITES:
            raise ValueError(f"one change writes at most {MAX_WRITES} documents")
        try:
            with transaction() as tx:
                for write in writes:
                    record = ReportRecord.new_in(write.tenant_id, write.key, document=write.document)
                    if write.revision:
                        record.version = write.revision
                    tx.save(record)
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict(_STALE) from exc
            raise
