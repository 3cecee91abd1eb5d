"""Intake's table: a person's consents, the erasure requests, the municipality's retention periods."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import TransactWriteError

from services.intake.consents.logic import from_application
from services.intake.consents.models import Consents, ErasureRequest
from services.intake.models import Application, Participant
from services.intake.records import (
    ApplicantClaim,
    ApplicationRecord,
    ConsentsRecord,
    ErasureRequestRecord,
    NoteRecord,
    RetentionRecord,
)
from services.intake.retention.rules import RetentionPeriods, rejected_application_expires
from shared.errors import Conflict
from shared.storage import condition_failed, transaction


class PrivacyStore:
    # --- consents ---
    def consents(self, tenant_id: str, person_id: str) -> Consents | None:
        record = ConsentsRecord.get_in(tenant_id, person_id, consistent_read=True)
        if record is None:
            return None
        return Consents.model_validate({**record.document, "version": record.document_version})

    def save_consents(self, consents: Consents) -> Consents:
        record = ConsentsRecord.new_in(
            consents.tenant_id,
            consents.person_id,
            document=consents.model_dump(mode="json", exclude={"version"}),
        ).save_versioned(
            consents.version or None, conflict="Your consents were changed at the same time; try again."
        )
        return consents.model_copy(update={"version": record.document_version})

    def carry_over_consents(self, consents: Consents) -> None:
        """The application's consents, unless the person has some already (a second programme)."""
        try:
            ConsentsRecord.new_in(
                consents.tenant_id,
                consents.person_id,
                document=consents.model_dump(mode="json", exclude={"version"}),
            ).save_versioned(None, conflict="kept")
        except Conflict:
            return

    def after_decision(self, decided: Application, participant: Participant | None) -> None:
        """An acceptance carries the form's consents over; a rejection sets when the application (with its
        applicant claim and interview notes) is deleted by the table's TTL."""
        if participant is not None:
            self.carry_over_consents(from_application(decided))
        if decided.status != "rejected" or decided.decided_at is None:
            return
        expires = rejected_application_expires(decided.decided_at, self.retention(decided.tenant_id))
        tenant_id = decided.tenant_id
        # Not a change of the document: its version (which guards the manager's edits) stays.
        ApplicationRecord.new_in(tenant_id, decided.application_id).update(
            actions=[ApplicationRecord.ttl.set(expires)],
            condition=ApplicationRecord.pk.exists(),
            add_version_condition=False,
        )
        claim = f"{decided.programme_id}#{decided.role}#{decided.person.email.lower()}"
        ApplicantClaim.new_in(tenant_id, claim).update(actions=[ApplicantClaim.ttl.set(expires)])
        for note in NoteRecord.query_in(tenant_id, sk_prefix=f"{decided.application_id}#"):
            note.update(actions=[NoteRecord.ttl.set(expires)])

    # --- erasure requests ---
    def add_erasure_request(self, request: ErasureRequest) -> bool:
        """True when recorded now; False when the participation's erasure was asked for before. A transaction:
        the managers' event may go along with it."""
        record = ErasureRequestRecord.new_in(
            request.tenant_id, request.participant_id, document=request.model_dump(mode="json")
        )
        try:
            with transaction() as tx:
                tx.save(record, condition=ErasureRequestRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def erasure_requests(self, tenant_id: str) -> list[ErasureRequest]:
        return [ErasureRequest.model_validate(r.document) for r in ErasureRequestRecord.query_in(tenant_id)]

    def erasure_requested(self, tenant_id: str, participant_id: str) -> bool:
        return ErasureRequestRecord.get_in(tenant_id, participant_id) is not None

    def delete_expired_rejections(self, tenant_id: str, now: datetime) -> int:
        """Rejected applications past their TTL, with their claim and notes, deleted now (DynamoDB's TTL
        deletes within days, not at the second); how many."""
        expired = ApplicationRecord.query_in(
            tenant_id,
            filter_condition=(ApplicationRecord.status == "rejected") & (ApplicationRecord.ttl < now),
        )
        count = 0
        for record in expired:
            application = record.to_domain()
            for note in NoteRecord.query_in(tenant_id, sk_prefix=f"{application.application_id}#"):
                note.delete()
            claim = f"{application.programme_id}#{application.role}#{application.person.email.lower()}"
            ApplicantClaim.new_in(tenant_id, claim).delete()
            record.delete()
            count += 1
        return count

    # --- retention periods ---
    def retention(self, tenant_id: str) -> RetentionPeriods:
        record = RetentionRecord.get_in(tenant_id, "settings", consistent_read=True)
        if record is None:
            return RetentionPeriods()
        return RetentionPeriods.model_validate({**record.document, "version": record.document_version})

    def save_retention(self, tenant_id: str, periods: RetentionPeriods) -> RetentionPeriods:
        record = RetentionRecord.new_in(
            tenant_id, "settings", document=periods.model_dump(mode="json", exclude={"version"})
        ).save_versioned(
            periods.version or None, conflict="The periods were changed at the same time; try again."
        )
        return periods.model_copy(update={"version": record.document_version})
