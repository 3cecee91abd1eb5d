"""What intake's rules need from storage and the sign-in directory, as Protocols (the store implements them).

Each use case asks only for the methods it calls, so a test fake stays small. The names end in `Port`, so
none is mistaken for `store.ApplicationStore` or the other concrete classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.intake.models import (
    AccountLink,
    Application,
    AuditEntry,
    InterviewNote,
    Participant,
    Programme,
    Tenant,
    User,
)
from services.intake.schemas import ApplicationSummary
from shared.idempotency import Answer


class RegistryPort(Protocol):
    """Tenants, accounts, the audit trail and programmes."""

    def add_tenant(self, tenant: Tenant) -> None: ...
    def tenants(self) -> list[Tenant]: ...
    def tenant(self, tenant_id: str) -> Tenant | None: ...
    def reserve_account(self, user: User) -> None: ...
    def release_account(self, user: User) -> None: ...
    def activate_account(self, user: User, audit: AuditEntry | None) -> None: ...
    def audit_entries(self, tenant_id: str) -> list[AuditEntry]: ...
    def add_programme(self, programme: Programme) -> Programme: ...
    def programme(self, tenant_id: str, programme_id: str) -> Programme | None: ...
    def programmes(self, tenant_id: str) -> list[Programme]: ...
    def replace_programme(self, programme: Programme) -> Programme: ...
    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]: ...


@dataclass(frozen=True)
class NewAccount:
    """A sign-in to make in a municipality's directory: who, in which role, under which person id."""

    email: str
    role: str
    tenant_id: str
    person_id: str
    given_name: str
    family_name: str
    language: str


@dataclass(frozen=True)
class ApplicationQuery:
    """Which applications a manager lists (all of the tenant's by default), and which page of them."""

    programme_id: str | None = None
    status: str | None = None
    role: str | None = None
    limit: int = 25
    next_token: str | None = None


class Directory(Protocol):
    """The sign-in directory (Cognito in the cloud)."""

    def create_account(self, account: NewAccount) -> str: ...

    def ensure_account(self, account: NewAccount) -> tuple[str, str]: ...

    def add_role(self, *, email: str, tenant_id: str, role: str) -> None: ...


class ApplicationsPort(Protocol):
    """The public face of a programme: what a form needs, and storing an application."""

    def tenant_by_slug(self, slug: str) -> Tenant | None: ...
    def programme(self, tenant_id: str, programme_id: str) -> Programme | None: ...
    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None: ...
    def add_application(self, application: Application, *, idempotency: Answer | None) -> None: ...


class ScreeningPort(Protocol):
    """A manager reading, annotating and deciding applications."""

    def application(self, tenant_id: str, application_id: str) -> Application | None: ...
    def applications(
        self, tenant_id: str, query: ApplicationQuery
    ) -> tuple[list[ApplicationSummary], str | None]: ...
    def add_note(self, tenant_id: str, note: InterviewNote) -> None: ...
    def notes(self, tenant_id: str, application_id: str) -> list[InterviewNote]: ...
    def programme(self, tenant_id: str, programme_id: str) -> Programme | None: ...
    def decide(
        self, decided: Application, *, previous_status: str, participant: Participant | None
    ) -> None: ...
    def add_link(self, link: AccountLink) -> None: ...
    def remove_link(self, link: AccountLink) -> None: ...


class ParticipantsPort(Protocol):
    """Participants and their mentor training."""

    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...
    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]: ...
    def replace_participant(self, participant: Participant) -> Participant: ...
    def programme(self, tenant_id: str, programme_id: str) -> Programme | None: ...


class LinksPort(Protocol):
    """A participation waiting for the owner of an existing account to say it is theirs."""

    def link(self, tenant_id: str, link_id: str) -> AccountLink | None: ...
    def links_of(self, tenant_id: str, account_person_id: str) -> list[AccountLink]: ...
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...
    def application(self, tenant_id: str, application_id: str) -> Application | None: ...
    def confirm_link(self, link: AccountLink, participant: Participant) -> None: ...
