"""Monitoring's questionnaires in the monitoring table: projections (programmes, participants,
relationships), templates and their use, assignments with their answers, reviews and outcomes.
The only code of this part that touches the table.

Published template versions and reviews are written only if new (they never change); an assignment and an
outcome history are versioned documents (two writers at once: the second gets 409).
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute
from pynamodb.exceptions import TransactWriteError

from services.monitoring.questionnaires.models import (
    Assignment,
    FinalReview,
    MidtermReview,
    OutcomeHistory,
    Participant,
    Programme,
    Relationship,
    Template,
    TemplateUse,
)
from services.monitoring.settings import settings
from shared.errors import Conflict
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import (
    RememberedAnswer,
    TenantModel,
    VersionedDocument,
    condition_failed,
    condition_failed_at,
    transaction,
)

_STALE = "Someone changed this at the same time; read it again and retry."


class MonitoringItem(TenantModel):
    class Meta:
        table_name = settings.monitoring_table_name


class ProgrammeRecord(MonitoringItem):
    KIND = "Q_PROGRAMME"  # sk: the programme id
    document = JSONAttribute()


class ParticipantRecord(MonitoringItem):
    KIND = "Q_PARTICIPANT"  # sk: the participant id
    document = JSONAttribute()


class RelationshipRecord(MonitoringItem):
    KIND = "Q_RELATIONSHIP"  # sk: the match id
    document = JSONAttribute()


class TemplateRecord(MonitoringItem):
    KIND = "Q_TEMPLATE"  # sk: <programme>#<kind>#<version, 5 digits>: a published version, never changed
    document = JSONAttribute()


class TemplateUseRecord(MonitoringItem):
    KIND = "Q_TEMPLATEUSE"  # sk: <programme>#<kind>
    document = JSONAttribute()


class AssignmentRecord(MonitoringItem, VersionedDocument):
    KIND = "Q_ASSIGNMENT"  # sk: the assignment id


class PersonAssignmentRecord(MonitoringItem):
    KIND = "Q_MINE"  # sk: <person>#<assignment id>: a person's questionnaires, for "my questionnaires"


class MidtermRecord(MonitoringItem):
    KIND = "Q_MIDTERM"  # sk: the match id
    document = JSONAttribute()


class FinalRecord(MonitoringItem):
    KIND = "Q_FINAL"  # sk: the match id
    document = JSONAttribute()


class OutcomeRecord(MonitoringItem, VersionedDocument):
    KIND = "Q_OUTCOME"  # sk: the participant id


class MonitoringAnswer(MonitoringItem, RememberedAnswer):
    """The answer to a POST with an Idempotency-Key (scope `<route>#<id>#<key>`), kept with its write."""


def _document(model: Any, record: Any) -> Any:
    if record is None:
        return None
    return model.model_validate(record.document)


def _versioned(model: Any, record: VersionedDocument | None) -> Any:
    if record is None:
        return None
    return model.model_validate({**record.document, "revision": record.document_version})


def _save_new(record: TenantModel, idempotency: Answer | None = None) -> bool:
    """Writes the item if there is none under its key; False if there was (a replay, a second writer).
    With `idempotency`, the answer to the request's key is kept in the same transaction (IdempotencyRace if
    another request with the key won)."""
    if idempotency is None:
        try:
            with transaction() as tx:  # a transaction: the record's event may go along with it
                tx.save(record, condition=type(record).pk.does_not_exist())
        except TransactWriteError as exc:
            if condition_failed(exc):
                return False
            raise
        return True
    try:
        with transaction() as tx:
            tx.save(record, condition=type(record).pk.does_not_exist())
            MonitoringAnswer.remember(tx, record.tenant_id, idempotency)
    except TransactWriteError as exc:
        if condition_failed_at(exc, 1):
            raise IdempotencyRace(idempotency.scope) from exc
        if condition_failed_at(exc, 0):
            return False
        raise
    return True


class QuestionnairesStore:
    # --- projections ---
    def save_programme(self, programme: Programme) -> None:
        ProgrammeRecord.new_in(
            programme.tenant_id, programme.programme_id, document=programme.model_dump(mode="json")
        ).save()

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        return _document(Programme, ProgrammeRecord.get_in(tenant_id, programme_id, consistent_read=True))

    def save_participant(self, participant: Participant) -> None:
        ParticipantRecord.new_in(
            participant.tenant_id, participant.participant_id, document=participant.model_dump(mode="json")
        ).save()

    def participant(self, tenant_id: str, participant_id: str) -> Participant | None:
        return _document(
            Participant, ParticipantRecord.get_in(tenant_id, participant_id, consistent_read=True)
        )

    def save_relationship(self, relationship: Relationship) -> None:
        RelationshipRecord.new_in(
            relationship.tenant_id, relationship.match_id, document=relationship.model_dump(mode="json")
        ).save()

    def relationship(self, tenant_id: str, match_id: str) -> Relationship | None:
        return _document(Relationship, RelationshipRecord.get_in(tenant_id, match_id, consistent_read=True))

    # --- templates ---
    def template_use(self, tenant_id: str, programme_id: str, kind: str) -> TemplateUse | None:
        record = TemplateUseRecord.get_in(tenant_id, f"{programme_id}#{kind}", consistent_read=True)
        return _document(TemplateUse, record)

    def save_template_use(self, use: TemplateUse) -> None:
        TemplateUseRecord.new_in(
            use.tenant_id, f"{use.programme_id}#{use.kind}", document=use.model_dump(mode="json")
        ).save()

    def template(self, tenant_id: str, programme_id: str, kind: str, version: int) -> Template | None:
        record = TemplateRecord.get_in(
            tenant_id, f"{programme_id}#{kind}#{version:05d}", consistent_read=True
        )
        return _document(Template, record)

    def publish_template(self, tenant_id: str, programme_id: str, template: Template) -> None:
        """Stores a new version; Conflict if that version was published meanwhile (versions never change)."""
        record = TemplateRecord.new_in(
            tenant_id,
            f"{programme_id}#{template.kind}#{template.version:05d}",
            document=template.model_dump(mode="json"),
        )
        if not _save_new(record):
            raise Conflict(_STALE, rule="template_version_taken")

    # --- assignments ---
    def add_assignment(self, assignment: Assignment) -> bool:
        """Stores a new assignment and its place in the person's list; False if it exists already."""
        record = AssignmentRecord.new_in(
            assignment.tenant_id, assignment.assignment_id, document=assignment.model_dump(mode="json")
        )
        mine = PersonAssignmentRecord.new_in(
            assignment.tenant_id, f"{assignment.person_id}#{assignment.assignment_id}"
        )
        try:
            with transaction() as tx:
                tx.save(record, condition=AssignmentRecord.pk.does_not_exist())
                tx.save(mine)
        except TransactWriteError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def assignment(self, tenant_id: str, assignment_id: str) -> Assignment | None:
        return _versioned(Assignment, AssignmentRecord.get_in(tenant_id, assignment_id, consistent_read=True))

    def save_assignment(self, assignment: Assignment, *, idempotency: Answer | None = None) -> Assignment:
        record = AssignmentRecord.new_in(
            assignment.tenant_id, assignment.assignment_id, document=assignment.model_dump(mode="json")
        )
        if idempotency is None:
            record.save_versioned(assignment.revision or None, conflict=_STALE)
            return assignment.model_copy(update={"revision": record.document_version})
        record.version = assignment.revision or None  # PynamoDB checks it and adds one in the transaction
        try:
            with transaction() as tx:
                tx.save(record)
                MonitoringAnswer.remember(tx, assignment.tenant_id, idempotency)
        except TransactWriteError as exc:
            if condition_failed_at(exc, 1):
                raise IdempotencyRace(idempotency.scope) from exc
            if condition_failed_at(exc, 0):
                raise Conflict(_STALE) from exc
            raise
        return assignment.model_copy(update={"revision": (assignment.revision or 0) + 1})

    # --- answers to a repeated request (Idempotency-Key) ---
    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return MonitoringAnswer.recall(tenant_id, scope)

    def assignments_of(self, tenant_id: str, person_id: str) -> list[Assignment]:
        refs = PersonAssignmentRecord.query_in(tenant_id, sk_prefix=f"{person_id}#", consistent_read=True)
        found = (self.assignment(tenant_id, str(ref.sk).split("#", 1)[1]) for ref in refs)
        return [a for a in found if a is not None]

    # --- reviews ---
    def add_midterm_review(
        self, tenant_id: str, review: MidtermReview, *, idempotency: Answer | None = None
    ) -> bool:
        return _save_new(
            MidtermRecord.new_in(tenant_id, review.match_id, document=review.model_dump(mode="json")),
            idempotency,
        )

    def midterm_review(self, tenant_id: str, match_id: str) -> MidtermReview | None:
        return _document(MidtermReview, MidtermRecord.get_in(tenant_id, match_id, consistent_read=True))

    def add_final_review(
        self, tenant_id: str, review: FinalReview, *, idempotency: Answer | None = None
    ) -> bool:
        return _save_new(
            FinalRecord.new_in(tenant_id, review.match_id, document=review.model_dump(mode="json")),
            idempotency,
        )

    def final_review(self, tenant_id: str, match_id: str) -> FinalReview | None:
        return _document(FinalReview, FinalRecord.get_in(tenant_id, match_id, consistent_read=True))

    # --- outcomes ---
    def outcomes(self, tenant_id: str, participant_id: str) -> OutcomeHistory | None:
        return _versioned(
            OutcomeHistory, OutcomeRecord.get_in(tenant_id, participant_id, consistent_read=True)
        )

    def save_outcomes(self, tenant_id: str, history: OutcomeHistory) -> OutcomeHistory:
        record = OutcomeRecord.new_in(
            tenant_id, history.participant_id, document=history.model_dump(mode="json")
        )
        record.save_versioned(history.revision or None, conflict=_STALE)
        return history.model_copy(update={"revision": record.document_version})
