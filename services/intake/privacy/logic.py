"""Export and erasure, orchestrated: who may ask, what intake asks of every service, their answers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Protocol

from services.intake.models import Application, Participant
from services.intake.privacy import links
from services.intake.privacy.assemble import assemble
from services.intake.privacy.employer import EmployerAccounts, employer_named, end_links_of_erased
from services.intake.privacy.models import Erasure, Export
from services.intake.privacy.schemas import (
    ErasureCreate,
    ErasureView,
    ExportRequest,
    ExportView,
    ServiceErasure,
    ServiceExport,
)
from services.intake.privacy.store import PrivacyStore
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.events.catalog.privacy import (
    ANSWERING_SERVICES,
    ErasureReason,
    PersonErasureRequested,
    PersonExportRequested,
)
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import IdempotencyRace, IdempotentRequest


class Participants(EmployerAccounts, Protocol):
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...

    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]: ...

    def application(self, tenant_id: str, application_id: str) -> Application | None: ...


class Accounts(Protocol):
    def delete_account(self, tenant_id: str, email: str) -> None: ...


def _new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


def _person_of(
    caller: Principal, participant_id: str, participants: Participants
) -> tuple[str, list[str], str]:
    """The person a manager names by one of their participations: person id, every participation, language.
    An employer (seed 002) is a user, not a participant: the manager names them by their person id."""
    tenant_id = caller.require_tenant()
    caller.require(Role.MANAGER)
    participant = participants.participant(tenant_id, participant_id)
    if participant is None:
        employer = employer_named(tenant_id, participant_id, participants)
        if employer is not None:
            return employer.person_id, [], employer.language
        raise NotFound("No such participant.")
    return _with_participations(tenant_id, participant.person_id, participants, participant.language)


def _with_participations(
    tenant_id: str, person_id: str, participants: Participants, language: str = "en"
) -> tuple[str, list[str], str]:
    every = participants.participants(tenant_id, programme_id=None, role=None, person_id=person_id)
    ids = sorted({p.participant_id for p in every})
    return person_id, ids, (every[0].language if every else language)


def _who(caller: Principal) -> str:
    return caller.person_id or caller.user_id


# --- export ---
def request_export(
    caller: Principal,
    participant_id: str | None,
    store: PrivacyStore,
    participants: Participants,
    publisher: Publisher,
    *,
    idempotency_key: str | None = None,
) -> ExportView:
    tenant_id = caller.require_tenant()
    if participant_id is None:
        if not caller.person_id:
            raise NotFound("Your account names no person.")
        account = store.account_of(tenant_id, caller.person_id)
        person_id, ids, language = _with_participations(
            tenant_id, caller.person_id, participants, caller.locale or (account[1] if account else "en")
        )
    else:
        person_id, ids, language = _person_of(caller, participant_id, participants)
    request = IdempotentRequest.of(
        idempotency_key, scope=f"export#{_who(caller)}#{participant_id or 'me'}", body=ExportRequest()
    )
    if request and (earlier := request.recall(store, tenant_id, ExportView)):
        return earlier
    export = Export(
        tenant_id=tenant_id,
        export_id=_new_id("exp"),
        person_id=person_id,
        participant_ids=ids,
        requested_by=_who(caller),
        requested_at=datetime.now(UTC),
        languages=list(dict.fromkeys([language, "en"])),
    )
    view = _export_view(export, {}, complete=False)
    asked = PersonExportRequested(export_id=export.export_id, person_id=person_id, participant_ids=ids)
    try:
        with publisher.along([OutgoingEvent(tenant_id, asked)]):
            store.add_export(export, idempotency=request.answered(view) if request else None)
    except IdempotencyRace:
        assert request is not None
        earlier = request.recall(store, tenant_id, ExportView)
        assert earlier is not None
        return earlier
    return view


def _export_view(export: Export, written: dict[str, str], *, complete: bool) -> ExportView:
    services = [
        ServiceExport(service=s, status="written", written_at=datetime.fromisoformat(written[s]))
        if s in written
        else ServiceExport(service=s, status="pending")
        for s in ANSWERING_SERVICES
    ]
    view = ExportView(
        export_id=export.export_id,
        person_id=export.person_id,
        status="complete" if complete else "pending",
        services=services,
        requested_at=export.requested_at,
    )
    if complete:
        signed = links.download_links(export.tenant_id, export.export_id)
        view = view.model_copy(
            update={
                "download_url": signed.json_url,
                "html_url": signed.html_url,
                "expires_at": signed.expires_at,
            }
        )
    return view


def read_export(caller: Principal, export_id: str, store: PrivacyStore) -> ExportView:
    tenant_id = caller.require_tenant()
    export = store.export(tenant_id, export_id)
    # The manager who asked, or the person: anyone else cannot tell it from an export that does not exist.
    if export is None or _who(caller) not in (export.requested_by, export.person_id):
        raise NotFound("No such export.")
    written = store.parts_written(tenant_id, export_id)
    complete = set(written) >= set(ANSWERING_SERVICES) and links.assembled(tenant_id, export_id)
    return _export_view(export, written, complete=complete)


def export_written(tenant_id: str, export_id: str, service: str, store: PrivacyStore) -> None:
    """A service's part is in the bucket; with the last one, the export is put together."""
    store.part_written(tenant_id, export_id, service)
    export = store.export(tenant_id, export_id)
    if export is None:
        return  # erased meanwhile: nothing to assemble
    if set(store.parts_written(tenant_id, export_id)) >= set(ANSWERING_SERVICES):
        assemble(export)


# --- erasure ---
def request_erasure(
    caller: Principal,
    participant_id: str,
    body: ErasureCreate,
    store: PrivacyStore,
    participants: Participants,
    accounts: Accounts,
    publisher: Publisher,
    *,
    idempotency_key: str | None = None,
) -> ErasureView:
    tenant_id = caller.require_tenant()
    request = IdempotentRequest.of(
        idempotency_key, scope=f"erasure#{_who(caller)}#{participant_id}", body=body
    )
    if request and (earlier := request.recall(store, tenant_id, ErasureView)):
        caller.require(Role.MANAGER)
        return earlier
    person_id, ids, _ = _person_of(caller, participant_id, participants)
    erasure = Erasure(
        tenant_id=tenant_id,
        erasure_id=_new_id("era"),
        person_id=person_id,
        participant_ids=ids,
        reason=body.reason,
        note=body.note or "",
        requested_by=_who(caller),
        requested_at=datetime.now(UTC),
    )
    view = _erasure_view(erasure, {})
    if not ids and (employer := employer_named(tenant_id, person_id, participants)) is not None:
        # An employer's links end at once, each with its event (sessions then shows them nothing); the
        # erasure below then keeps the ended links as the mentees' record without naming the employer.
        end_links_of_erased(tenant_id, employer, participants, publisher, erasure.requested_at)
    # The account first: only this (API) function may delete accounts, and nobody should sign in to what
    # is being erased. Its e-mail comes from intake's record, which intake's own erasure removes next.
    emails = _emails(tenant_id, person_id, store, participants)
    # The erasure and its event commit together: an account that cannot be deleted now (the manager is
    # told on the page) does not keep the person's data in the other services.
    try:
        with publisher.along([OutgoingEvent(tenant_id, erasure_requested(erasure))]):
            store.add_erasure(erasure, idempotency=request.answered(view) if request else None)
    except IdempotencyRace:
        assert request is not None
        earlier = request.recall(store, tenant_id, ErasureView)
        assert earlier is not None
        return earlier
    for email in sorted(emails):
        accounts.delete_account(tenant_id, email)
    return view


def start_erasure(
    tenant_id: str,
    participant_id: str,
    reason: ErasureReason,
    requested_by: str,
    store: PrivacyStore,
    participants: Participants,
    accounts: Accounts | None,
    publisher: Publisher,
) -> str | None:
    """An erasure nobody asked for on a page: a withdrawn consent to the processing, a retention period
    ended. The same as a manager's (every service, the ledger), in the name of `requested_by`; the account is
    deleted where the caller may (intake's API function: `accounts`), else it waits for the manager."""
    participant = participants.participant(tenant_id, participant_id)
    if participant is None:
        return None  # erased already
    person_id, ids, _ = _with_participations(tenant_id, participant.person_id, participants)
    erasure = Erasure(
        tenant_id=tenant_id,
        erasure_id=_new_id("era"),
        person_id=person_id,
        participant_ids=ids,
        reason=reason,
        note="",
        requested_by=requested_by,
        requested_at=datetime.now(UTC),
    )
    emails = _emails(tenant_id, person_id, store, participants)
    with publisher.along([OutgoingEvent(tenant_id, erasure_requested(erasure))]):
        store.add_erasure(erasure, idempotency=None)
    if accounts is not None:
        for email in sorted(emails):
            accounts.delete_account(tenant_id, email)
    return erasure.erasure_id


def _emails(tenant_id: str, person_id: str, store: PrivacyStore, participants: Participants) -> set[str]:
    """The e-mails the person's account may be under: an account made by a manager, or made when an
    application was accepted (under the application's e-mail)."""
    account = store.account_of(tenant_id, person_id)
    emails = {account[0]} if account else set()
    for p in participants.participants(tenant_id, programme_id=None, role=None, person_id=person_id):
        application = participants.application(tenant_id, p.application_id)
        if application is not None:
            emails.add(str(application.person.email))
    return emails


def erasure_requested(erasure: Erasure) -> PersonErasureRequested:
    return PersonErasureRequested(
        erasure_id=erasure.erasure_id,
        person_id=erasure.person_id,
        participant_ids=erasure.participant_ids,
        reason=erasure.reason,
    )


def _erasure_view(erasure: Erasure, done: dict[str, str]) -> ErasureView:
    services = [
        ServiceErasure(service=s, status="done", done_at=datetime.fromisoformat(done[s]))
        if s in done
        else ServiceErasure(service=s, status="pending")
        for s in ANSWERING_SERVICES
    ]
    return ErasureView(
        erasure_id=erasure.erasure_id,
        person_id=erasure.person_id,
        participant_ids=erasure.participant_ids,
        reason=erasure.reason,
        status="done" if set(done) >= set(ANSWERING_SERVICES) else "pending",
        services=services,
        requested_at=erasure.requested_at,
    )


def read_erasure(caller: Principal, erasure_id: str, store: PrivacyStore) -> ErasureView:
    tenant_id = caller.require_tenant()
    caller.require(Role.MANAGER)
    erasure = store.erasure(tenant_id, erasure_id)
    if erasure is None:
        raise NotFound("No such erasure.")
    return _erasure_view(erasure, store.services_done(tenant_id, erasure_id))


def erasure_note(caller: Principal, erasure_id: str, store: PrivacyStore) -> str:
    tenant_id = caller.require_tenant()
    caller.require(Role.MANAGER)
    erasure = store.erasure(tenant_id, erasure_id)
    if erasure is None:
        raise NotFound("No such erasure.")
    return erasure.note
