"""The intake table: the tenant registry, user accounts and programmes. The only code that touches it."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

from pynamodb.attributes import (
    JSONAttribute,
    ListAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from services.intake.schemas import (
    Application,
    ApplicationSummary,
    InterviewNote,
    Participant,
    Programme,
    Tenant,
    User,
)
from services.intake.settings import settings
from services.intake.store_errors import IdempotencyRace
from shared.errors import Conflict, RuleViolation
from shared.storage import NETWORK, TenantModel, condition_failed, tenant_key, transaction


class IntakeItem(TenantModel):
    class Meta:
        table_name = settings.intake_table_name


class TenantRecord(IntakeItem):
    KIND = "TENANT"  # under NETWORK: the registry the network admin lists
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    default_language = UnicodeAttribute()
    languages = ListAttribute(of=UnicodeAttribute)
    timezone = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()

    def to_domain(self) -> Tenant:
        return Tenant(
            tenant_id=self.sk,
            slug=self.slug,
            name=self.name,
            default_language=self.default_language,
            languages=list(self.languages),
            timezone=self.timezone,
            created_at=self.created_at,
        )


class SlugClaim(IntakeItem):
    KIND = "SLUG"  # under NETWORK: one item per slug keeps slugs unique and resolves public links
    tenant_id_of = UnicodeAttribute()


class UserRecord(IntakeItem):
    KIND = "USER"
    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    role = UnicodeAttribute()
    given_name = UnicodeAttribute()
    family_name = UnicodeAttribute()
    language = UnicodeAttribute()


class ProgrammeRecord(IntakeItem):
    KIND = "PROGRAMME"
    # One document attribute: the programme is always read and written whole.
    document = JSONAttribute()
    version = VersionAttribute()

    def to_domain(self) -> Programme:
        return Programme.model_validate({**self.document, "version": int(self.version or 0)})


class RegistryStore:
    """Tenants, slugs, accounts and programmes."""

    # --- tenants ---
    def add_tenant(self, tenant: Tenant) -> None:
        """Registers the tenant and claims its slug in one transaction; a taken slug is a Conflict."""
        record = TenantRecord.new_in(
            NETWORK,
            tenant.tenant_id,
            slug=tenant.slug,
            name=tenant.name,
            default_language=tenant.default_language,
            languages=tenant.languages,
            timezone=tenant.timezone,
            created_at=tenant.created_at,
        )
        claim = SlugClaim.new_in(NETWORK, tenant.slug, tenant_id_of=tenant.tenant_id)
        try:
            with transaction() as tx:
                tx.save(claim, condition=SlugClaim.pk.does_not_exist())
                tx.save(record, condition=TenantRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict(f"The slug {tenant.slug!r} is taken.", field="slug") from exc
            raise

    def tenants(self) -> list[Tenant]:
        return [r.to_domain() for r in TenantRecord.query_in(NETWORK)]

    def tenant(self, tenant_id: str) -> Tenant | None:
        record = TenantRecord.get_in(NETWORK, tenant_id)
        return record.to_domain() if record else None

    def tenant_by_slug(self, slug: str) -> Tenant | None:
        claim = SlugClaim.get_in(NETWORK, slug)
        return self.tenant(claim.tenant_id_of) if claim else None

    # --- users ---
    def add_user(self, user: User) -> None:
        record = UserRecord.new_in(
            user.tenant_id,
            user.person_id,
            user_id=user.user_id,
            email=user.email,
            role=user.role,
            given_name=user.given_name,
            family_name=user.family_name,
            language=user.language,
        )
        try:
            record.save(condition=UserRecord.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict("That person already has an account.", field="person_id") from exc
            raise

    # --- programmes ---
    def add_programme(self, programme: Programme) -> Programme:
        record = self._programme_record(programme)
        record.save(condition=ProgrammeRecord.pk.does_not_exist())
        return record.to_domain()

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        record = ProgrammeRecord.get_in(tenant_id, programme_id)
        return record.to_domain() if record else None

    def programmes(self, tenant_id: str) -> list[Programme]:
        return [r.to_domain() for r in ProgrammeRecord.query_in(tenant_id)]

    def replace_programme(self, programme: Programme) -> Programme:
        """Saves a changed programme if nobody changed it since `programme.version` was read."""
        record = self._programme_record(programme)
        record.version = programme.version
        try:
            record.save()
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict("The programme was changed by someone else; read it again.") from exc
            raise
        return record.to_domain()

    @staticmethod
    def _programme_record(p: Programme) -> ProgrammeRecord:
        return ProgrammeRecord.new_in(
            p.tenant_id, p.programme_id, document=p.model_dump(mode="json", exclude={"version", "form_links"})
        )


# --- applications, notes, participants --------------------------------------------------------------


class ByProgramme(GlobalSecondaryIndex["IntakeItem"]):
    """Items of one programme (applications, participants): `gsi1pk = <tenant>#<KIND>#<programme>`."""

    class Meta:
        index_name = "by_programme"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class ApplicationRecord(IntakeItem):
    KIND = "APPLICATION"  # sk: application id, which sorts by submission time
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    by_programme = ByProgramme()
    programme_id = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute()
    given_name = UnicodeAttribute()
    family_name = UnicodeAttribute()
    language = UnicodeAttribute()
    submitted_at = UTCDateTimeAttribute()
    document = JSONAttribute()  # the whole application as the applicant sent it, with its consent
    version = VersionAttribute()

    def to_domain(self) -> Application:
        return Application.model_validate(self.document)

    def to_summary(self) -> ApplicationSummary:
        return ApplicationSummary(
            application_id=self.sk,
            programme_id=self.programme_id,
            role=self.role,
            status=self.status,
            given_name=self.given_name,
            family_name=self.family_name,
            language=self.language,
            submitted_at=self.submitted_at,
        )


class ApplicantClaim(IntakeItem):
    KIND = "APPLICANT"  # sk: <programme>#<role>#<e-mail>: one application per person, programme and role
    application_id = UnicodeAttribute()


class IdempotencyRecord(IntakeItem):
    KIND = "IDEMPOTENCY"  # sk: <scope>#<Idempotency-Key>
    body_hash = UnicodeAttribute()
    answer = JSONAttribute()


class NoteRecord(IntakeItem):
    KIND = "NOTE"  # sk: <application>#<note id>
    note_id = UnicodeAttribute()
    author_id = UnicodeAttribute()
    text = UnicodeAttribute()
    written_at = UTCDateTimeAttribute()


class ParticipantRecord(IntakeItem):
    KIND = "PARTICIPANT"
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    by_programme = ByProgramme()
    person_id = UnicodeAttribute()
    document = JSONAttribute()
    version = VersionAttribute()

    def to_domain(self) -> Participant:
        return Participant.model_validate({**self.document, "version": int(self.version or 0)})


def _page_token(key: dict[str, Any] | None) -> str | None:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode() if key else None


def _start_key(token: str | None, partition: str, partition_attr: str) -> dict[str, Any] | None:
    if not token:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode()))
        valid = isinstance(key, dict) and key.get(partition_attr, {}).get("S") == partition
    except ValueError:
        valid = False
    if not valid:
        # A token from another list (or another tenant) would read the wrong partition: refuse it.
        raise RuleViolation(
            "The page token is not valid for this list.", rule="invalid_page_token", field="next_token"
        )
    return key


class ApplicationStore:
    """Applications, interview notes and participants, in the intake table."""

    def idempotent_answer(self, tenant_id: str, scope: str) -> tuple[str, dict[str, Any]] | None:
        record = IdempotencyRecord.get_in(tenant_id, scope, consistent_read=True)
        return (record.body_hash, dict(record.answer)) if record else None

    def add_application(
        self,
        application: Application,
        *,
        idempotency: tuple[str, str, dict[str, Any]] | None,
        keep_answer_for: timedelta = timedelta(hours=24),
    ) -> None:
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
                    scope, body_hash, answer = idempotency
                    tx.save(
                        IdempotencyRecord.new_in(
                            a.tenant_id, scope, body_hash=body_hash, answer=answer, ttl=keep_answer_for
                        ),
                        condition=IdempotencyRecord.pk.does_not_exist(),
                    )
        except TransactWriteError as exc:
            reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
            if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
                raise Conflict(
                    "You have already applied to this programme in this role.", rule="duplicate_application"
                ) from exc
            if len(reasons) > 2 and reasons[2] == "ConditionalCheckFailed":
                raise IdempotencyRace(scope) from exc
            raise

    def application(self, tenant_id: str, application_id: str) -> Application | None:
        record = ApplicationRecord.get_in(tenant_id, application_id)
        return record.to_domain() if record else None

    def applications(
        self,
        tenant_id: str,
        *,
        programme_id: str | None,
        status: str | None,
        role: str | None,
        limit: int,
        next_token: str | None,
    ) -> tuple[list[ApplicationSummary], str | None]:
        condition = None
        if status:
            condition = ApplicationRecord.status == status
        if role:
            by_role = ApplicationRecord.role == role
            condition = by_role if condition is None else condition & by_role
        results: Any
        if programme_id:
            partition = tenant_key(tenant_id, f"APPLICATION#{programme_id}")
            results = ApplicationRecord.by_programme.query(
                partition,
                scan_index_forward=False,
                filter_condition=condition,
                limit=limit,
                last_evaluated_key=_start_key(next_token, partition, "gsi1pk"),
            )
        else:
            partition = tenant_key(tenant_id, ApplicationRecord.KIND)
            results = ApplicationRecord.query_in(
                tenant_id,
                newest_first=True,
                filter_condition=condition,
                limit=limit,
                start_after=_start_key(next_token, partition, "pk"),
            )
        items = [r.to_summary() for r in results]
        return items, _page_token(results.last_evaluated_key)

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
        condition = None
        if role:
            condition = ParticipantRecord.document["role"] == role
        if person_id:
            mine = ParticipantRecord.person_id == person_id
            condition = mine if condition is None else condition & mine
        results: Any
        if programme_id:
            results = ParticipantRecord.by_programme.query(
                tenant_key(tenant_id, f"PARTICIPANT#{programme_id}"), filter_condition=condition
            )
        else:
            results = ParticipantRecord.query_in(tenant_id, filter_condition=condition)
        return [r.to_domain() for r in results]

    def replace_participant(self, participant: Participant) -> Participant:
        record = self._participant_record(participant)
        record.version = participant.version
        try:
            record.save()
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict("The participant was changed at the same time; try again.") from exc
            raise
        return record.to_domain()

    @staticmethod
    def _participant_record(p: Participant) -> ParticipantRecord:
        return ParticipantRecord.new_in(
            p.tenant_id,
            p.participant_id,
            gsi1pk=tenant_key(p.tenant_id, f"PARTICIPANT#{p.programme_id}"),
            gsi1sk=p.participant_id,
            person_id=p.person_id,
            document=p.model_dump(mode="json", exclude={"version"}),
        )


class IntakeStore(RegistryStore, ApplicationStore):
    """Everything intake keeps, in its one table."""
