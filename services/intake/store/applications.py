"""Intake's table: applications (with their idempotent submission), interview notes, decisions and
participants."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pynamodb.exceptions import TransactWriteError

from services.intake.logic.ports import ApplicationQuery
from services.intake.models import (
    Application,
    InterviewNote,
    Participant,
)
from services.intake.records import (
    ApplicantClaim,
    ApplicationRecord,
    IdempotencyRecord,
    NoteRecord,
    ParticipantRecord,
)
from services.intake.schemas import ApplicationSummary
from services.intake.settings import settings
from shared.errors import Conflict
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import (
    condition_failed,
    condition_failed_at,
    tenant_key,
    transaction,
)


class ApplicationStore:
    """Applications, interview notes and participants, in the intake table."""

    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return IdempotencyRecord.recall(tenant_id, scope)

    def add_application(self, application: Application, *, idempotency: Answer | None) -> None:
        """Stores the application, its applicant claim and the idempotent answer, all or nothing."""
        a = application
        # Retention (issue 8, item 13): the application and the claim (it holds the e-mail) expire together.
        expires = a.submitted_at + timedelta(days=settings.application_retention_days)
        record = ApplicationRecord.new_in(
            a.tenant_id,
            a.application_id,
            gsi1pk=tenant_key(a.tenant_id, f"APPLICATION#{a.programme_id}"),
            gsi1sk=a.application_id,
            programme_id=a.programme_id,
            role=a.role,
            status=a.status,
            given_name=a.person.given_name,
            family_name=a.person.family_name,
            language=a.language,
            submitted_at=a.submitted_at,
            document=a.model_dump(mode="json"),
            ttl=expires,
        )
        claim = ApplicantClaim.new_in(
            a.tenant_id,
            f"{a.programme_id}#{a.role}#{a.person.email.lower()}",
            application_id=a.application_id,
            ttl=expires,
        )
        try:
            with transaction() as tx:
                tx.save(record, condition=ApplicationRecord.pk.does_not_exist())
                tx.save(claim, condition=ApplicantClaim.pk.does_not_exist())
                if idempotency is not None:
                    IdempotencyRecord.remember(tx, a.tenant_id, idempotency)
        except TransactWriteError as exc:
            if condition_failed_at(exc, 1):
                raise Conflict(
                    "You have already applied to this programme in this role.", rule="duplicate_application"
                ) from exc
            if idempotency is not None and condition_failed_at(exc, 2):
                raise IdempotencyRace(idempotency.scope) from exc
            raise

    def application(self, tenant_id: str, application_id: str) -> Application | None:
        record = ApplicationRecord.get_in(tenant_id, application_id)
        return record.to_domain() if record else None

    def applications(
        self, tenant_id: str, query: ApplicationQuery
    ) -> tuple[list[ApplicationSummary], str | None]:
        condition = None
        if query.status:
            condition = ApplicationRecord.status == query.status
        if query.role:
            by_role = ApplicationRecord.role == query.role
            condition = by_role if condition is None else condition & by_role
        page: dict[str, Any] = {
            "limit": query.limit,
            "next_token": query.next_token,
            "newest_first": True,
            "filter_condition": condition,
        }
        if query.programme_id:
            records, token = ApplicationRecord.page_under(tenant_id, query.programme_id, **page)
        else:
            records, token = ApplicationRecord.page_in(tenant_id, **page)
        return [r.to_summary() for r in records], token

    def add_note(self, tenant_id: str, note: InterviewNote) -> None:
        NoteRecord.new_in(
            tenant_id,
            f"{note.application_id}#{note.note_id}",
            note_id=note.note_id,
            author_id=note.author_id,
            text=note.text,
            written_at=note.written_at,
        ).save()

    def notes(self, tenant_id: str, application_id: str) -> list[InterviewNote]:
        return [
            InterviewNote(
                note_id=r.note_id,
                application_id=application_id,
                author_id=r.author_id,
                text=r.text,
                written_at=r.written_at,
            )
            for r in NoteRecord.query_in(tenant_id, sk_prefix=f"{application_id}#")
        ]

    def decide(self, decided: Application, *, previous_status: str, participant: Participant | None) -> None:
        """Records the decision if nobody decided since `previous_status` was read; adds the participant."""
        record = ApplicationRecord.get_in(decided.tenant_id, decided.application_id, consistent_read=True)
        if record is None or record.status != previous_status:
            raise Conflict("This application has been decided already.", rule="already_decided")
        try:
            with transaction() as tx:
                tx.update(
                    record,
                    actions=[
                        ApplicationRecord.status.set(decided.status),
                        ApplicationRecord.document.set(decided.model_dump(mode="json")),
                    ],
                    condition=ApplicationRecord.status == previous_status,
                )
                if participant is not None:
                    tx.save(
                        self._participant_record(participant), condition=ParticipantRecord.pk.does_not_exist()
                    )
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict("This application has been decided already.", rule="already_decided") from exc
            raise

    # --- participants ---
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None:
        record = ParticipantRecord.get_in(tenant_id, participant_id, consistent_read=True)
        return record.to_domain() if record else None

    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]:
        # The role lives inside the JSON document, which DynamoDB cannot filter on: it is checked here.
        condition = ParticipantRecord.person_id == person_id if person_id else None
        results: Any
        if programme_id:
            results = ParticipantRecord.query_under(tenant_id, programme_id, filter_condition=condition)
        else:
            results = ParticipantRecord.query_in(tenant_id, filter_condition=condition)
        return [p for p in (r.to_domain() for r in results) if role is None or p.role == role]

    def replace_participant(self, participant: Participant) -> Participant:
        record = self._participant_record(participant).save_versioned(
            participant.version, conflict="The participant was changed at the same time; try again."
        )
        return record.to_domain()

    @staticmethod
    def _participant_record(p: Participant) -> ParticipantRecord:
        return ParticipantRecord.new_under(
            p.tenant_id,
            p.programme_id,
            p.participant_id,
            person_id=p.person_id,
            document=p.model_dump(mode="json", exclude={"version"}),
        )
