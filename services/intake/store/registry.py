"""Intake's table: the tenant registry, slugs, accounts, links to existing accounts, programmes."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError

from services.intake.models import (
    AccountLink,
    AuditEntry,
    Participant,
    Programme,
    Tenant,
    User,
)
from services.intake.records import (
    AccountClaim,
    AuditRecord,
    LinkRecord,
    ProgrammeRecord,
    SlugClaim,
    TenantRecord,
    UserRecord,
)
from services.intake.store.applications import ApplicationStore
from shared.errors import Conflict
from shared.storage import (
    NETWORK,
    condition_failed,
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
        with transaction() as tx:  # a transaction: the programme's events may go along with it
            tx.save(record, condition=ProgrammeRecord.pk.does_not_exist())
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
