"""The intake table: the tenant registry, user accounts and programmes. The only code that touches it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pynamodb.exceptions import PutError, TransactWriteError

from services.intake.logic.ports import ApplicationQuery
from services.intake.models import (
    AccountLink,
    Application,
    AuditEntry,
    InterviewNote,
    MatchState,
    Participant,
    Programme,
    SignIn,
    Tenant,
    User,
)
from services.intake.records import (
    AccountClaim,
    ApplicantClaim,
    ApplicationRecord,
    AuditRecord,
    IdempotencyRecord,
    LinkRecord,
    MatchStateRecord,
    NoteRecord,
    ParticipantRecord,
    ProgrammeRecord,
    SignInRecord,
    SlugClaim,
    TenantRecord,
    UserRecord,
)
from services.intake.schemas import ApplicationSummary
from services.intake.settings import settings
from shared.errors import Conflict
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import (
    NETWORK,
    condition_failed,
    condition_failed_at,
    tenant_key,
    transaction,
)


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
    def reserve_account(self, user: User) -> None:
        """Claims the e-mail in the municipality and the person's record, before any account exists.

        A taken e-mail (or person) is a Conflict, and nothing is written.
        """
        claim = AccountClaim.new_in(user.tenant_id, user.email.lower(), person_id=user.person_id)
        record = UserRecord.new_in(
            user.tenant_id,
            user.person_id,
            email=user.email,
            role=user.role,
            given_name=user.given_name,
            family_name=user.family_name,
            language=user.language,
        )
        try:
            with transaction() as tx:
                tx.save(claim, condition=AccountClaim.pk.does_not_exist())
                tx.save(record, condition=UserRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict(
                    "An account with this e-mail exists in this municipality.", field="email"
                ) from exc
            raise

    def release_account(self, user: User) -> None:
        """Undoes `reserve_account` when the account could not be made."""
        with transaction() as tx:
            tx.delete(AccountClaim.new_in(user.tenant_id, user.email.lower()))
            tx.delete(UserRecord.new_in(user.tenant_id, user.person_id))

    def activate_account(self, user: User, audit: AuditEntry | None) -> None:
        """Records the made account's id on its reservation, with the audit entry if there is one."""
        record = UserRecord.new_in(user.tenant_id, user.person_id)
        with transaction() as tx:
            tx.update(
                record,
                actions=[UserRecord.user_id.set(user.user_id)],
                condition=UserRecord.pk.exists(),
            )
            if audit is not None:
                tx.save(
                    AuditRecord.new_in(
                        audit.tenant_id,
                        f"{audit.at.isoformat()}#{audit.audit_id}",
                        document=audit.model_dump(mode="json"),
                    ),
                    condition=AuditRecord.pk.does_not_exist(),
                )

    def accounts(self, tenant_id: str, role: str) -> list[User]:
        """The municipality's accounts in one role (the network admin's list of its managers); an account
        still being made (no user id yet) is left out."""
        return [
            User(
                user_id=r.user_id,
                person_id=r.sk,
                tenant_id=tenant_id,
                email=r.email,
                role=r.role,
                given_name=r.given_name,
                family_name=r.family_name,
                language=r.language,
            )
            for r in UserRecord.query_in(tenant_id, filter_condition=UserRecord.role == role)
            if r.user_id
        ]

    def audit_entries(self, tenant_id: str) -> list[AuditEntry]:
        return [AuditEntry.model_validate(r.document) for r in AuditRecord.query_in(tenant_id)]

    # --- links between a new participation and an existing account ---
    def add_link(self, link: AccountLink) -> None:
        LinkRecord.new_in(
            link.tenant_id,
            link.link_id,
            account_person_id=link.account_person_id,
            status=link.status,
            document=link.model_dump(mode="json"),
        ).save(condition=LinkRecord.pk.does_not_exist())

    def remove_link(self, link: AccountLink) -> None:
        LinkRecord.new_in(link.tenant_id, link.link_id).delete()

    def link(self, tenant_id: str, link_id: str) -> AccountLink | None:
        record = LinkRecord.get_in(tenant_id, link_id, consistent_read=True)
        return AccountLink.model_validate(record.document) if record else None

    def links_of(self, tenant_id: str, account_person_id: str) -> list[AccountLink]:
        return [
            AccountLink.model_validate(r.document)
            for r in LinkRecord.query_in(
                tenant_id, filter_condition=LinkRecord.account_person_id == account_person_id
            )
        ]

    def confirm_link(self, link: AccountLink, participant: Participant) -> None:
        """Marks the link confirmed and saves the participant under the account's person, all or nothing."""
        record = LinkRecord.new_in(link.tenant_id, link.link_id)
        try:
            with transaction() as tx:
                tx.update(
                    record,
                    actions=[
                        LinkRecord.status.set(link.status),
                        LinkRecord.document.set(link.model_dump(mode="json")),
                    ],
                    condition=LinkRecord.status == "pending",
                )
                saved = ApplicationStore._participant_record(participant)
                saved.version = participant.version
                tx.save(saved)
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise Conflict("This link was confirmed already.", rule="link_not_pending") from exc
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
        record = self._programme_record(programme).save_versioned(
            programme.version, conflict="The programme was changed by someone else; read it again."
        )
        return record.to_domain()

    @staticmethod
    def _programme_record(p: Programme) -> ProgrammeRecord:
        return ProgrammeRecord.new_in(
            p.tenant_id, p.programme_id, document=p.model_dump(mode="json", exclude={"version", "form_links"})
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


class SignInStore:
    """Sign-ins under way (the web app's e-mail codes)."""

    def save_sign_in(self, sign_in: SignIn) -> None:
        SignInRecord.new_in(
            sign_in.tenant_id,
            sign_in.sign_in_id,
            username=sign_in.username,
            email=sign_in.email,
            challenge=sign_in.challenge,
            wrong_codes=sign_in.wrong_codes,
            expires_at=sign_in.expires_at,
            # DynamoDB removes it some time after; `sign_in()` ignores it from `expires_at` on.
            ttl=sign_in.expires_at + timedelta(hours=1),
        ).save()

    def sign_in(self, tenant_id: str, sign_in_id: str) -> SignIn | None:
        record = SignInRecord.get_in(tenant_id, sign_in_id, consistent_read=True)
        if record is None:
            return None
        return SignIn(
            sign_in_id=record.sk,
            tenant_id=tenant_id,
            username=record.username,
            email=record.email,
            challenge=record.challenge,
            wrong_codes=int(record.wrong_codes or 0),
            expires_at=record.expires_at,
        )

    def end_sign_in(self, tenant_id: str, sign_in_id: str) -> None:
        SignInRecord.new_in(tenant_id, sign_in_id).delete()


class OverviewStore:
    """What the manager's dashboard reads beyond the rest: intake's projection of matching's matches (who
    is matched) and the programme's applications counted by status."""

    def match_confirmed(self, state: MatchState, tenant_id: str) -> None:
        """Records a confirmed match unless it is known already (an ended match stays ended)."""
        try:
            self._record(tenant_id, state).save(condition=MatchStateRecord.pk.does_not_exist())
        except PutError as exc:
            if not condition_failed(exc):
                raise

    def match_ended(self, state: MatchState, tenant_id: str) -> None:
        """Records the end, whether or not the confirmation arrived first (ended is final)."""
        self._record(tenant_id, state).save()

    def matches(self, tenant_id: str, programme_id: str) -> list[MatchState]:
        return [r.to_domain() for r in MatchStateRecord.query_under(tenant_id, programme_id)]

    @staticmethod
    def _record(tenant_id: str, state: MatchState) -> MatchStateRecord:
        return MatchStateRecord.new_under(
            tenant_id,
            state.programme_id,
            state.match_id,
            mentor_id=state.mentor_id,
            mentee_ids=state.mentee_ids,
            status=state.status,
        )

    def application_counts(self, tenant_id: str, programme_id: str) -> dict[str, int]:
        """How many of the programme's applications are in each status (the dashboard's figures)."""
        counts: dict[str, int] = {}
        for record in ApplicationRecord.query_under(tenant_id, programme_id, attributes_to_get=["status"]):
            counts[record.status] = counts.get(record.status, 0) + 1
        return counts


class IntakeStore(RegistryStore, ApplicationStore, SignInStore, OverviewStore):
    """Everything intake keeps, in its one table."""
