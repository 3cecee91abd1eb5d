"""Intake's table: employers' links to mentees (sk: <participant>#<link id>, so a mentee's links are one
query), and a consent change that ends them in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence

from pynamodb.attributes import JSONAttribute
from pynamodb.exceptions import TransactWriteError

from services.intake.consents.models import Consents
from services.intake.employers.models import EmployerLink
from services.intake.records import ConsentsRecord, IdempotencyRecord, IntakeItem
from shared.errors import Conflict
from shared.idempotency import Answer, IdempotencyRace
from shared.storage import condition_failed_at, transaction

_CONSENTS_CHANGED = "Your consents were changed at the same time; try again."


class EmployerLinkRecord(IntakeItem):
    KIND = "EMPLOYERLINK"  # sk: <participant id>#<link id>
    document = JSONAttribute()

    def to_domain(self) -> EmployerLink:
        return EmployerLink.model_validate(self.document)


def _record(tenant_id: str, link: EmployerLink) -> EmployerLinkRecord:
    return EmployerLinkRecord.new_in(
        tenant_id, f"{link.participant_id}#{link.link_id}", document=link.model_dump(mode="json")
    )


class EmployerLinkStore:
    def employer_links(self, tenant_id: str, participant_id: str) -> list[EmployerLink]:
        records = EmployerLinkRecord.query_in(tenant_id, sk_prefix=f"{participant_id}#", consistent_read=True)
        return sorted((r.to_domain() for r in records), key=lambda link: link.linked_at)

    def links_of_employer(self, tenant_id: str, employer_user_id: str) -> list[EmployerLink]:
        """An employer's live links (the municipality's links: tens or hundreds, read whole)."""
        found = (r.to_domain() for r in EmployerLinkRecord.query_in(tenant_id))
        return [x for x in found if x.employer_user_id == employer_user_id and x.status == "active"]

    def add_employer_link(self, tenant_id: str, link: EmployerLink, *, idempotency: Answer | None) -> None:
        """A new link, with the answer to its Idempotency-Key (if any) in the same transaction."""
        try:
            with transaction() as tx:
                tx.save(_record(tenant_id, link), condition=EmployerLinkRecord.pk.does_not_exist())
                if idempotency is not None:
                    IdempotencyRecord.remember(tx, tenant_id, idempotency)
        except TransactWriteError as exc:
            if idempotency is not None and condition_failed_at(exc, 1):
                raise IdempotencyRace(idempotency.scope) from exc
            raise

    def end_employer_links(self, tenant_id: str, ended: Sequence[EmployerLink]) -> None:
        with transaction() as tx:
            for link in ended:
                tx.save(_record(tenant_id, link))

    def remove_employer_links(self, tenant_id: str, participant_id: str) -> int:
        """A mentee's erasure: their links go (the employer's account stays: it is not the mentee's)."""
        records = list(EmployerLinkRecord.query_in(tenant_id, sk_prefix=f"{participant_id}#"))
        for record in records:
            record.delete()
        return len(records)

    def save_consents_ending_links(self, consents: Consents, ended: Sequence[EmployerLink]) -> Consents:
        """The consents (guarded by the version read) and the links their change ends: all or nothing, so
        no moment exists in which the consent is withdrawn and the employer still linked."""
        record = ConsentsRecord.new_in(
            consents.tenant_id,
            consents.person_id,
            document=consents.model_dump(mode="json", exclude={"version"}),
        )
        if consents.version:
            record.version = consents.version
        else:
            record.attribute_values.pop("version", None)
        try:
            with transaction() as tx:
                tx.save(record)
                for link in ended:
                    tx.save(_record(consents.tenant_id, link))
        except TransactWriteError as exc:
            if condition_failed_at(exc, 0):
                raise Conflict(_CONSENTS_CHANGED) from exc
            raise
        return consents.model_copy(update={"version": record.document_version})
