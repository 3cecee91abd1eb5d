"""The privacy part's items in the intake table: exports, erasures, each service's answer, the ledger.

Each service's answer is an item of its own (`<id>#<service>`), so five answers arriving at once never
overwrite each other. The ledger lives under NETWORK: the reapply command reads it in one query.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.attributes import JSONAttribute, UnicodeAttribute
from pynamodb.exceptions import TransactWriteError

from services.intake.privacy.models import Erasure, Export, LedgerEntry
from services.intake.records import IntakeItem
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import NETWORK, RememberedAnswer, condition_failed_at, transaction


class ExportRecord(IntakeItem):
    KIND = "EXPORT"  # sk: the export id
    document = JSONAttribute()


class ExportPartRecord(IntakeItem):
    KIND = "EXPORT_PART"  # sk: <export id>#<service>: the service wrote its part
    written_at = UnicodeAttribute()


class ErasureRecord(IntakeItem):
    KIND = "ERASURE"  # sk: the erasure id
    document = JSONAttribute()


class ErasureDoneRecord(IntakeItem):
    KIND = "ERASURE_DONE"  # sk: <erasure id>#<service>: the service erased what it held
    done_at = UnicodeAttribute()


class LedgerRecord(IntakeItem):
    KIND = "ERASURE_LEDGER"  # under NETWORK; sk: <requested at, ISO>#<erasure id>
    document = JSONAttribute()


class PrivacyAnswer(IntakeItem, RememberedAnswer):
    """The answer to an export's or erasure's Idempotency-Key (scope `<export|erasure>#<who>#<key>`)."""


def _now() -> str:
    return datetime.now(UTC).isoformat()


class PrivacyStore:
    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return PrivacyAnswer.recall(tenant_id, scope)

    def _save(
        self, record: IntakeItem, tenant_id: str, idempotency: Answer | None, *extra: IntakeItem
    ) -> None:
        try:
            with transaction() as tx:
                tx.save(record, condition=type(record).pk.does_not_exist())
                for item in extra:
                    tx.save(item)
                if idempotency is not None:
                    PrivacyAnswer.remember(tx, tenant_id, idempotency)
        except TransactWriteError as exc:
            if idempotency is not None and condition_failed_at(exc, 1 + len(extra)):
                raise IdempotencyRace(idempotency.scope) from exc
            raise

    # --- exports ---
    def add_export(self, export: Export, *, idempotency: Answer | None) -> None:
        record = ExportRecord.new_in(
            export.tenant_id, export.export_id, document=export.model_dump(mode="json")
        )
        self._save(record, export.tenant_id, idempotency)

    def export(self, tenant_id: str, export_id: str) -> Export | None:
        record = ExportRecord.get_in(tenant_id, export_id, consistent_read=True)
        return Export.model_validate(record.document) if record else None

    def part_written(self, tenant_id: str, export_id: str, service: str) -> None:
        ExportPartRecord.new_in(tenant_id, f"{export_id}#{service}", written_at=_now()).save()

    def parts_written(self, tenant_id: str, export_id: str) -> dict[str, str]:
        records = ExportPartRecord.query_in(tenant_id, sk_prefix=f"{export_id}#", consistent_read=True)
        return {str(r.sk).split("#", 1)[1]: str(r.written_at) for r in records}

    # --- erasures and the ledger ---
    def add_erasure(self, erasure: Erasure, *, idempotency: Answer | None) -> None:
        record = ErasureRecord.new_in(
            erasure.tenant_id, erasure.erasure_id, document=erasure.model_dump(mode="json")
        )
        entry = LedgerEntry.model_validate(erasure.model_dump(exclude={"note", "requested_by"}))
        ledger = LedgerRecord.new_in(
            NETWORK,
            f"{erasure.requested_at.isoformat()}#{erasure.erasure_id}",
            document=entry.model_dump(mode="json"),
        )
        self._save(record, erasure.tenant_id, idempotency, ledger)

    def erasure(self, tenant_id: str, erasure_id: str) -> Erasure | None:
        record = ErasureRecord.get_in(tenant_id, erasure_id, consistent_read=True)
        return Erasure.model_validate(record.document) if record else None

    def erased(self, tenant_id: str, erasure_id: str, service: str) -> None:
        ErasureDoneRecord.new_in(tenant_id, f"{erasure_id}#{service}", done_at=_now()).save()

    def services_done(self, tenant_id: str, erasure_id: str) -> dict[str, str]:
        records = ErasureDoneRecord.query_in(tenant_id, sk_prefix=f"{erasure_id}#", consistent_read=True)
        return {str(r.sk).split("#", 1)[1]: str(r.done_at) for r in records}

    def ledger(self) -> list[LedgerEntry]:
        return [LedgerEntry.model_validate(r.document) for r in LedgerRecord.query_in(NETWORK)]

    # --- the person behind an account ---
    def account_of(self, tenant_id: str, person_id: str) -> tuple[str, str] | None:
        """The account's e-mail and language, if the person has an account here."""
        from services.intake.records import UserRecord

        record = UserRecord.get_in(tenant_id, person_id, consistent_read=True)
        return (str(record.email), str(record.language)) if record else None
