"""Workshops in intake's table: one versioned document per workshop (sk: its id, which sorts by when it
was planned), listed under its programme. Sign-ups and attendance live in the document, so the capacity is
checked by the same versioned write that takes a place."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError

from services.intake.records import IdempotencyRecord, IntakeItem
from services.intake.store import IntakeStore
from services.intake.workshops.models import Workshop
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import ChildItem, VersionedDocument, condition_failed_at, transaction


class WorkshopRecord(IntakeItem, ChildItem, VersionedDocument):
    KIND = "WORKSHOP"  # sk: workshop id; parent: the programme

    def to_domain(self) -> Workshop:
        return Workshop.model_validate({**self.document, "version": self.document_version})


class WorkshopsStore(IntakeStore):
    def workshop(self, tenant_id: str, workshop_id: str) -> Workshop | None:
        record = WorkshopRecord.get_in(tenant_id, workshop_id, consistent_read=True)
        return record.to_domain() if record else None

    def workshops(self, tenant_id: str, programme_id: str) -> list[Workshop]:
        return [r.to_domain() for r in WorkshopRecord.query_under(tenant_id, programme_id)]

    def save_workshop(
        self, tenant_id: str, workshop: Workshop, *, idempotency: Answer | None = None
    ) -> Workshop:
        """A new workshop (version 0), or a change of the one read at `workshop.version` (else Conflict); a
        new one planned with an Idempotency-Key keeps its answer in the same transaction."""
        record = WorkshopRecord.new_under(
            tenant_id,
            workshop.programme_id,
            workshop.workshop_id,
            document=workshop.model_dump(mode="json", exclude={"version"}),
        )
        if idempotency is not None and not workshop.version:
            record.attribute_values.pop("version", None)  # PynamoDB then writes only a new item
            try:
                with transaction() as tx:
                    tx.save(record)
                    IdempotencyRecord.remember(tx, tenant_id, idempotency)
            except TransactWriteError as exc:
                if condition_failed_at(exc, 1):
                    raise IdempotencyRace(idempotency.scope) from exc
                raise
            return record.to_domain()
        saved = record.save_versioned(
            workshop.version or None, conflict="Someone changed the workshop meanwhile; read it again."
        )
        return saved.to_domain()
