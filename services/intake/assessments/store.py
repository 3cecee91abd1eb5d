"""The assessments' items in intake's table: one versioned document per programme and module, and one
item per attempt (who, when, the score; never the answers chosen)."""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import JSONAttribute

from services.intake.assessments.models import Assessment, AttemptResult
from services.intake.records import IntakeItem
from services.intake.store import IntakeStore
from shared.storage import VersionedDocument


class AssessmentRecord(IntakeItem, VersionedDocument):
    KIND = "ASSESSMENT"  # sk: <programme id>#<module>

    def to_domain(self) -> Assessment:
        return Assessment.model_validate({**self.document, "version": self.document_version})


class AttemptRecord(IntakeItem):
    KIND = "ATTEMPT"  # sk: <participant id>#<module>#<when>: a mentor's attempts, oldest first
    document = JSONAttribute()


class AssessmentsStore(IntakeStore):
    def assessment(self, tenant_id: str, programme_id: str, module: str) -> Assessment | None:
        record = AssessmentRecord.get_in(tenant_id, f"{programme_id}#{module}")
        return record.to_domain() if record else None

    def save_assessment(self, tenant_id: str, assessment: Assessment) -> Assessment:
        """A new assessment, or a change of the one read at `assessment.version` (else Conflict)."""
        record = AssessmentRecord.new_in(
            tenant_id,
            f"{assessment.programme_id}#{assessment.module}",
            document=assessment.model_dump(mode="json", exclude={"version"}),
        )
        saved = record.save_versioned(
            assessment.version or None, conflict="Someone changed the assessment meanwhile; read it again."
        )
        return saved.to_domain()

    def add_attempt(self, tenant_id: str, participant_id: str, result: AttemptResult, at: datetime) -> None:
        sk = f"{participant_id}#{result.module}#{at.isoformat()}"
        AttemptRecord.new_in(tenant_id, sk, document=result.model_dump(mode="json")).save()
