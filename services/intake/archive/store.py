"""The archive's items in intake's table: each case as its author last wrote it (a versioned document),
and, once approved, the version others read and search, with its stems (one item per case, so a search
reads one partition of approved cases only, never drafts)."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute
from pynamodb.exceptions import TransactWriteError

from services.intake.archive.models import PracticeCase, PublishedCase
from services.intake.records import IdempotencyRecord, IntakeItem
from services.intake.store import IntakeStore
from shared.errors import Conflict
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import VersionedDocument, condition_failed_at, transaction


class PracticeCaseRecord(IntakeItem, VersionedDocument):
    KIND = "PRACTICE_CASE"  # sk: the case id: the case as its author last wrote it, with its state

    def to_domain(self) -> PracticeCase:
        return PracticeCase.model_validate({**self.document, "version": self.document_version})


class PublishedCaseRecord(IntakeItem):
    KIND = "PRACTICE_PUBLISHED"  # sk: the case id: the approved version everyone reads, and its stems
    document = JSONAttribute()

    def to_domain(self) -> PublishedCase:
        return PublishedCase.model_validate(self.document)


class ArchiveStore(IntakeStore):
    def participant_names(self, tenant_id: str) -> list[str]:
        every = self.participants(tenant_id, programme_id=None, role=None)
        return [name for p in every for name in (p.given_name, p.family_name)]

    def case(self, tenant_id: str, case_id: str) -> PracticeCase | None:
        record = PracticeCaseRecord.get_in(tenant_id, case_id, consistent_read=True)
        return record.to_domain() if record else None

    def cases(self, tenant_id: str) -> list[PracticeCase]:
        return [r.to_domain() for r in PracticeCaseRecord.query_in(tenant_id)]

    def published(self, tenant_id: str, case_id: str) -> PublishedCase | None:
        record = PublishedCaseRecord.get_in(tenant_id, case_id)
        return record.to_domain() if record else None

    def published_cases(self, tenant_id: str) -> list[PublishedCase]:
        return [r.to_domain() for r in PublishedCaseRecord.query_in(tenant_id)]

    def save_case(
        self,
        tenant_id: str,
        case: PracticeCase,
        *,
        published: PublishedCase | None = None,
        idempotency: Answer | None = None,
    ) -> PracticeCase:
        """A new case (version 0) or a change of the one read at `case.version` (else Conflict), with its
        approved version and the idempotent answer, all or nothing."""
        record = PracticeCaseRecord.new_in(
            tenant_id, case.case_id, document=case.model_dump(mode="json", exclude={"version"})
        )
        if case.version:
            record.version = case.version
        else:
            record.attribute_values.pop("version", None)  # PynamoDB then writes only a new item
        try:
            with transaction() as tx:
                tx.save(record)
                if published is not None:
                    shown = published.model_dump(mode="json", exclude={"version"})
                    tx.save(PublishedCaseRecord.new_in(tenant_id, case.case_id, document=shown))
                if idempotency is not None:
                    IdempotencyRecord.remember(tx, tenant_id, idempotency)
        except TransactWriteError as exc:
            if condition_failed_at(exc, 0):
                raise Conflict("Someone changed the case meanwhile; read it again.") from exc
            if idempotency is not None and condition_failed_at(exc, 2 if published else 1):
                raise IdempotencyRace(idempotency.scope) from exc
            raise
        return record.to_domain()
