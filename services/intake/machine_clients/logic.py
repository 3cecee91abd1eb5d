"""Registering and revoking partner systems, and what a registered one may do: create an applicant in a
programme of its municipality, read it back, change its details while it is in screening."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from services.intake.logic.applications import submit_application
from services.intake.logic.ports import ApplicationsPort
from services.intake.logic.registry import contact_details
from services.intake.logic.screening import subject_of
from services.intake.machine_clients.cognito import AppClients
from services.intake.machine_clients.models import (
    MachineClient,
    MachineClientCreate,
    MachineClientCreated,
    MachineClientRow,
    PartnerApplicant,
    PartnerApplicantCreate,
    PartnerApplicantPatch,
)
from services.intake.models import Application, Person, Profile, Tenant
from services.intake.schemas import ApplicationReceipt
from shared import audit
from shared.auth import Principal, Role
from shared.errors import Conflict, NotFound, RuleViolation, Unauthorized
from shared.events.catalog import ApplicantDetailsChanged, MachineClientRegistered, MachineClientRevoked
from shared.events.envelope import EventData
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import IdempotencyRace, IdempotentRequest
from shared.tokens import MACHINE_SCOPE, scopes_of

#: How often a partner's use is written down: its "last used" is right to the hour.
USE_NOTED_EVERY = timedelta(hours=1)


class MachineClientsPort(ApplicationsPort, Protocol):
    def tenant(self, tenant_id: str) -> Tenant | None: ...

    def application(self, tenant_id: str, application_id: str) -> Application | None: ...

    def register_client(self, client: MachineClient, *, idempotency: Any) -> None: ...

    def machine_clients(self, tenant_id: str) -> list[MachineClient]: ...

    def machine_client(self, tenant_id: str, client_id: str) -> MachineClient | None: ...

    def client_owner(self, client_id: str) -> str | None: ...

    def client_use(self, client_id: str) -> tuple[str, datetime | None] | None: ...

    def mark_used(self, client_id: str, at: datetime) -> None: ...

    def last_used(self, client_ids: list[str]) -> dict[str, datetime | None]: ...

    def revoke_client(self, client: MachineClient) -> None: ...

    def update_applicant(self, updated: Application, previous: Application) -> None: ...


# --- registering (a manager for their municipality, the network admin for any) -------------------------


def _municipality(caller: Principal, asked: str | None, store: MachineClientsPort) -> str:
    """The municipality the caller registers for: a manager's own; the one the network admin names."""
    caller.require(Role.MANAGER, Role.ADMIN)
    if caller.has(Role.ADMIN) and caller.tenant_id is None:
        if not asked:
            raise RuleViolation(
                "Name the municipality (tenant_id).", rule="tenant_required", field="tenant_id"
            )
        if store.tenant(asked) is None:
            raise NotFound("No such municipality.")
        return asked
    own = caller.require_tenant()
    if asked and asked != own:
        raise NotFound("No such municipality.")
    return own


def register_client(
    caller: Principal,
    body: MachineClientCreate,
    app_clients: AppClients,
    store: MachineClientsPort,
    publisher: Publisher,
    *,
    token_endpoint: str,
    idempotency_key: str | None = None,
) -> MachineClientCreated:
    tenant_id = _municipality(caller, body.tenant_id, store)
    request = IdempotentRequest.of(idempotency_key, scope="machine-client", body=body)
    if request and (earlier := request.recall(store, tenant_id, MachineClient)):
        return _created(earlier, None, token_endpoint)  # the secret was shown once, and is not kept
    # The pool's client name is ours (Cognito allows few characters); the partner's name stays here.
    new = app_clients.create(f"tandem-partner-{tenant_id}")
    client = MachineClient(
        client_id=new.client_id,
        tenant_id=tenant_id,
        name=body.name,
        created_at=datetime.now(UTC),
        created_by=caller.user_id,
    )
    event = MachineClientRegistered(client_id=client.client_id, registered_by=caller.user_id)
    try:
        with publisher.along([OutgoingEvent(tenant_id, event)]):
            store.register_client(client, idempotency=request.answered(client) if request else None)
    except IdempotencyRace:
        app_clients.delete(new.client_id)  # the racing request's client is the one kept
        assert request is not None
        earlier = request.recall(store, tenant_id, MachineClient)
        assert earlier is not None
        return _created(earlier, None, token_endpoint)
    except Exception:
        app_clients.delete(new.client_id)  # no app client without its municipality
        raise
    return _created(client, new.client_secret, token_endpoint)


def _created(client: MachineClient, secret: str | None, token_endpoint: str) -> MachineClientCreated:
    return MachineClientCreated(
        **client.model_dump(), client_secret=secret, token_endpoint=token_endpoint, scope=MACHINE_SCOPE
    )


def list_clients(caller: Principal, tenant_id: str | None, store: MachineClientsPort) -> list[MachineClient]:
    return store.machine_clients(_municipality(caller, tenant_id, store))


def client_rows(caller: Principal, store: MachineClientsPort) -> list[MachineClientRow]:
    """The manager's page: their municipality's partner systems, oldest first, each with its last use."""
    clients = sorted(list_clients(caller, None, store), key=lambda c: c.created_at)
    used = store.last_used([c.client_id for c in clients])
    return [MachineClientRow(**c.model_dump(), last_used_at=used.get(c.client_id)) for c in clients]


def read_client(caller: Principal, client_id: str, store: MachineClientsPort) -> MachineClient:
    """One partner system of the caller's municipality; another's, or a revoked one, is a 404."""
    caller.require(Role.MANAGER)
    client = store.machine_client(caller.require_tenant(), client_id)
    if client is None:
        raise NotFound("No such partner system.")
    return client


def revoke_client(
    caller: Principal,
    client_id: str,
    app_clients: AppClients,
    store: MachineClientsPort,
    publisher: Publisher,
) -> None:
    caller.require(Role.MANAGER, Role.ADMIN)
    owner = store.client_owner(client_id)
    if owner is None or (caller.tenant_id is not None and owner != caller.tenant_id):
        raise NotFound("No such partner system.")
    client = store.machine_client(owner, client_id)
    if client is None:
        raise NotFound("No such partner system.")
    # The pool first: from now on the token endpoint refuses it; the records then make the API refuse it.
    app_clients.delete(client_id)
    event = MachineClientRevoked(client_id=client_id, revoked_by=caller.user_id)
    with publisher.along([OutgoingEvent(owner, event)]):
        store.revoke_client(client)


# --- a partner system at work --------------------------------------------------------------------------


def partner(claims: Mapping[str, Any], store: MachineClientsPort) -> Principal:
    """The partner system behind an access token API Gateway's authorizer verified: a client that is still
    registered (revoking deletes it, so a token issued before is refused here)."""
    client_id = str(claims.get("client_id") or "")
    if claims.get("token_use") != "access" or not client_id or MACHINE_SCOPE not in scopes_of(claims):
        raise Unauthorized("This needs a partner system's access token.")
    use = store.client_use(client_id)
    if use is None:
        raise Unauthorized("This partner system is not registered (or was revoked).")
    tenant_id, last_used = use
    now = datetime.now(UTC)
    if last_used is None or now - last_used >= USE_NOTED_EVERY:
        store.mark_used(client_id, now)  # once an hour at most: the page says when, not how often
    return Principal.machine(client_id, tenant_id)


def create_applicant(
    caller: Principal,
    body: PartnerApplicantCreate,
    store: MachineClientsPort,
    publisher: Publisher,
    *,
    idempotency_key: str | None = None,
) -> ApplicationReceipt:
    """The form's submission, in the client's municipality: another municipality's programme is a 404."""
    tenant = store.tenant(caller.require_tenant())
    if tenant is None:
        raise NotFound("No such programme.")
    return submit_application(
        tenant.slug,
        body.programme_id,
        body,
        store,
        publisher,
        idempotency_key=idempotency_key,
        partner_client_id=caller.machine_client_id,
    )


def _own_applicant(caller: Principal, application_id: str, store: MachineClientsPort) -> Application:
    """An application this partner system sent; anything else (the form's, another client's, another
    municipality's) does not exist for it."""
    application = store.application(caller.require_tenant(), application_id)
    if application is None or caller.machine_client_id is None:
        raise NotFound("No such applicant.")
    if application.partner_client_id != caller.machine_client_id:
        raise NotFound("No such applicant.")
    return application


def read_applicant(caller: Principal, application_id: str, store: MachineClientsPort) -> PartnerApplicant:
    application = _own_applicant(caller, application_id, store)
    # As a manager's read is: the applicant's trail names the partner system (its client id) as the reader.
    audit.record(caller, "read", "application", subject_of(application), application_id)
    return PartnerApplicant.model_validate(application.model_dump())


def update_applicant(
    caller: Principal,
    application_id: str,
    body: PartnerApplicantPatch,
    store: MachineClientsPort,
    publisher: Publisher,
) -> PartnerApplicant:
    application = _own_applicant(caller, application_id, store)
    if application.status != "submitted":
        raise Conflict("This application has been decided; it can no longer be changed.", rule="decided")
    changes: dict[str, Any] = {}
    if body.person is not None:
        given = body.person.model_dump(exclude_unset=True)
        changes["person"] = Person.model_validate({**application.person.model_dump(), **given})
    if body.profile is not None:
        given = body.profile.model_dump(exclude_unset=True)
        changes["profile"] = Profile.model_validate({**application.profile.model_dump(), **given})
    if body.language is not None:
        changes["language"] = body.language
    changed = sorted(k for k, v in changes.items() if v != getattr(application, k))
    if not changed:
        return PartnerApplicant.model_validate(application.model_dump())
    updated = application.model_copy(update=changes)
    events: list[EventData] = [
        ApplicantDetailsChanged(
            application_id=application_id,
            programme_id=application.programme_id,
            person_id=application.person_id,
            changed=changed,
        )
    ]
    if "person" in changed or "language" in changed:
        events.insert(0, contact_details(updated))  # the notifications' directory follows the new details
    with publisher.along([OutgoingEvent(application.tenant_id, e) for e in events]):
        store.update_applicant(updated, application)
    audit.record(caller, "change", "application", subject_of(updated), application_id)
    return PartnerApplicant.model_validate(updated.model_dump())
