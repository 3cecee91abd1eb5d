"""Machine clients in intake's table: the client under its municipality (listed there), and its owner
under NETWORK (a partner's token names only the client: this finds the municipality). Written, and
deleted, together."""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError, UpdateError

from services.intake.machine_clients.models import MachineClient
from services.intake.models import Application
from services.intake.records import ApplicantClaim, ApplicationRecord, IdempotencyRecord, IntakeItem
from services.intake.settings import settings
from services.intake.store import IntakeStore
from shared.errors import Conflict
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import NETWORK, condition_failed, condition_failed_at, transaction


class MachineClientRecord(IntakeItem):
    KIND = "MACHINE_CLIENT"  # sk: the app client's id; the client's name, who registered it and when
    document = JSONAttribute()

    def to_domain(self) -> MachineClient:
        return MachineClient.model_validate(self.document)


class MachineClientOwner(IntakeItem):
    KIND = "MACHINE_CLIENT_OWNER"  # under NETWORK, sk: the app client's id → its municipality
    tenant_id_of = UnicodeAttribute()
    #: When the partner last called the API, to the hour (the manager's page shows it; written once an hour).
    last_used_at = UTCDateTimeAttribute(null=True)


class MachineClientsStore(IntakeStore):
    def register_client(self, client: MachineClient, *, idempotency: Answer | None) -> None:
        record = MachineClientRecord.new_in(
            client.tenant_id, client.client_id, document=client.model_dump(mode="json")
        )
        owner = MachineClientOwner.new_in(NETWORK, client.client_id, tenant_id_of=client.tenant_id)
        try:
            with transaction() as tx:
                tx.save(record, condition=MachineClientRecord.pk.does_not_exist())
                tx.save(owner, condition=MachineClientOwner.pk.does_not_exist())
                if idempotency is not None:
                    IdempotencyRecord.remember(tx, client.tenant_id, idempotency)
        except TransactWriteError as exc:
            if idempotency is not None and condition_failed_at(exc, 2):
                raise IdempotencyRace(idempotency.scope) from exc
            raise

    def machine_clients(self, tenant_id: str) -> list[MachineClient]:
        return [r.to_domain() for r in MachineClientRecord.query_in(tenant_id)]

    def machine_client(self, tenant_id: str, client_id: str) -> MachineClient | None:
        record = MachineClientRecord.get_in(tenant_id, client_id, consistent_read=True)
        return record.to_domain() if record else None

    def client_owner(self, client_id: str) -> str | None:
        """The municipality a registered client acts for; None once it is revoked (or never was)."""
        owner = MachineClientOwner.get_in(NETWORK, client_id, consistent_read=True)
        return owner.tenant_id_of if owner else None

    def client_use(self, client_id: str) -> tuple[str, datetime | None] | None:
        """The municipality a registered client acts for and when it was last used; None once revoked."""
        owner = MachineClientOwner.get_in(NETWORK, client_id, consistent_read=True)
        return (owner.tenant_id_of, owner.last_used_at) if owner else None

    def mark_used(self, client_id: str, at: datetime) -> None:
        owner = MachineClientOwner.new_in(NETWORK, client_id)
        try:
            owner.update(
                actions=[MachineClientOwner.last_used_at.set(at)],
                condition=MachineClientOwner.pk.exists(),  # revoked meanwhile: nothing to mark
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise

    def last_used(self, client_ids: list[str]) -> dict[str, datetime | None]:
        """When each client was last used (a municipality has a handful of partner systems)."""
        found = {}
        for client_id in client_ids:
            owner = MachineClientOwner.get_in(NETWORK, client_id)
            found[client_id] = owner.last_used_at if owner else None
        return found

    def revoke_client(self, client: MachineClient) -> None:
        with transaction() as tx:
            tx.delete(MachineClientRecord.new_in(client.tenant_id, client.client_id))
            tx.delete(MachineClientOwner.new_in(NETWORK, client.client_id))

    def update_applicant(self, updated: Application, previous: Application) -> None:
        """The application's new details, while it is still submitted (else Conflict); a changed e-mail
        moves the applicant's claim (one application per person, programme and role)."""
        a = updated
        record = ApplicationRecord.get_in(a.tenant_id, a.application_id, consistent_read=True)
        if record is None or record.status != "submitted":
            raise Conflict("This application has been decided; it can no longer be changed.", rule="decided")
        claim_of = "{0.programme_id}#{0.role}#{1}".format
        old_email, new_email = previous.person.email.lower(), a.person.email.lower()
        try:
            with transaction() as tx:
                tx.update(
                    record,
                    actions=[
                        ApplicationRecord.document.set(a.model_dump(mode="json")),
                        ApplicationRecord.given_name.set(a.person.given_name),
                        ApplicationRecord.family_name.set(a.person.family_name),
                        ApplicationRecord.language.set(a.language),
                    ],
                    condition=ApplicationRecord.status == "submitted",
                )
                if new_email != old_email:
                    expires = a.submitted_at + timedelta(days=settings.application_retention_days)
                    claim = ApplicantClaim.new_in(
                        a.tenant_id, claim_of(a, new_email), application_id=a.application_id, ttl=expires
                    )
                    tx.save(claim, condition=ApplicantClaim.pk.does_not_exist())
                    tx.delete(ApplicantClaim.new_in(a.tenant_id, claim_of(a, old_email)))
        except TransactWriteError as exc:
            if condition_failed_at(exc, 0):
                raise Conflict(
                    "This application has been decided; it can no longer be changed.", rule="decided"
                ) from exc
            if condition_failed_at(exc, 1):
                raise Conflict(
                    "That e-mail has applied to this programme in this role already.",
                    rule="duplicate_application",
                ) from exc
            raise
