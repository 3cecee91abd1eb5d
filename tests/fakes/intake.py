"""Intake's stores in memory: the registry (tenants, users, programmes) and the applications."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.intake.models import AccountLink, Application, Participant, Programme, Tenant, User
from shared.errors import Conflict
from shared.idempotency import Answer
from tests.fakes.idempotency import AnswerBook


class InMemoryRegistry:
    """Tenants, accounts and programmes; a stale programme version is a Conflict, as in the table."""

    def __init__(self) -> None:
        self.tenants_by_id: dict[str, Tenant] = {}
        self.users: dict[tuple[str, str], User] = {}
        self.progs: dict[tuple[str, str], Programme] = {}
        self.audits: list[Any] = []

    def add_tenant(self, tenant: Tenant) -> None:
        if any(t.slug == tenant.slug for t in self.tenants_by_id.values()):
            raise Conflict("taken")
        self.tenants_by_id[tenant.tenant_id] = tenant

    def tenants(self) -> list[Tenant]:
        return list(self.tenants_by_id.values())

    def tenant(self, tenant_id: str) -> Tenant | None:
        return self.tenants_by_id.get(tenant_id)

    def add_user(self, user: User) -> None:
        self.users[(user.tenant_id, user.person_id)] = user

    def reserve_account(self, user: User) -> None:
        taken = {(u.tenant_id, u.email.lower()) for u in self.users.values()}
        if (user.tenant_id, user.email.lower()) in taken or (user.tenant_id, user.person_id) in self.users:
            raise Conflict("taken", field="email")
        self.users[(user.tenant_id, user.person_id)] = user

    def release_account(self, user: User) -> None:
        del self.users[(user.tenant_id, user.person_id)]

    def accounts(self, tenant_id: str, role: str) -> list[User]:
        return [u for u in self.users.values() if u.tenant_id == tenant_id and u.role == role and u.user_id]

    def activate_account(self, user: User, audit: Any) -> None:
        self.users[(user.tenant_id, user.person_id)] = user
        if audit is not None:
            self.audits.append(audit)

    def audit_entries(self, tenant_id: str) -> list[Any]:
        return [a for a in self.audits if a.tenant_id == tenant_id]

    def add_programme(self, p: Programme) -> Programme:
        p = p.model_copy(update={"version": 1})
        self.progs[(p.tenant_id, p.programme_id)] = p
        return p

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        return self.progs.get((tenant_id, programme_id))

    def programmes(self, tenant_id: str) -> list[Programme]:
        return [p for (t, _), p in self.progs.items() if t == tenant_id]

    def participants(
        self, tenant_id: str, *, programme_id: Any, role: Any, person_id: Any = None
    ) -> list[Any]:
        return []

    def replace_programme(self, p: Programme) -> Programme:
        if self.progs[(p.tenant_id, p.programme_id)].version != p.version:
            raise Conflict("stale")
        p = p.model_copy(update={"version": p.version + 1})
        self.progs[(p.tenant_id, p.programme_id)] = p
        return p


class InMemoryApplications:
    """One tenant's one programme, its applications (one per e-mail and role), decisions and participants."""

    def __init__(self, tenant: Tenant, programme: Programme) -> None:
        self.the_tenant = tenant
        self.prog = programme
        self.applications: dict[str, Application] = {}
        self.participants: dict[str, Participant] = {}
        self.answers = AnswerBook()

    def tenant(self, tenant_id: str) -> Tenant | None:
        return self.the_tenant if tenant_id == self.the_tenant.tenant_id else None

    def tenant_by_slug(self, slug: str) -> Tenant | None:
        return self.the_tenant if slug == self.the_tenant.slug else None

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        known = (self.the_tenant.tenant_id, self.prog.programme_id)
        return self.prog if (tenant_id, programme_id) == known else None

    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return self.answers.idempotent_answer(tenant_id, scope)

    def add_application(self, application: Application, *, idempotency: Answer | None) -> None:
        # All or nothing, as the store's transaction: the answer is kept first so a lost race keeps nothing.
        if idempotency is not None and self.answers.racing_answer is not None:
            self.answers.keep(application.tenant_id, idempotency)
        emails = {(a.programme_id, a.role, a.person.email.lower()) for a in self.applications.values()}
        if (application.programme_id, application.role, application.person.email.lower()) in emails:
            raise Conflict("dup", rule="duplicate_application")
        if idempotency is not None:
            self.answers.keep(application.tenant_id, idempotency)
        self.applications[application.application_id] = application

    def application(self, tenant_id: str, application_id: str) -> Application | None:
        return self.applications.get(application_id) if tenant_id == self.the_tenant.tenant_id else None

    def notes(self, tenant_id: str, application_id: str) -> list[Any]:
        return []

    def decide(self, decided: Application, *, previous_status: str, participant: Participant | None) -> None:
        if self.applications[decided.application_id].status != previous_status:
            raise Conflict("decided", rule="already_decided")
        self.applications[decided.application_id] = decided
        if participant:
            self.participants[participant.participant_id] = participant

    def participant(self, tenant_id: str, participant_id: str) -> Participant | None:
        return self.participants.get(participant_id)

    def replace_participant(self, participant: Participant) -> Participant:
        saved = participant.model_copy(update={"version": participant.version + 1})
        self.participants[participant.participant_id] = saved
        return saved


class InMemoryParticipants:
    """Participants to read and list (the trainer's and the participant's views)."""

    def __init__(self, *people: Participant) -> None:
        self.people = {p.participant_id: p for p in people}

    def participant(self, tenant_id: str, participant_id: str) -> Participant | None:
        return self.people.get(participant_id)

    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]:
        return [
            p
            for p in self.people.values()
            if (role is None or p.role == role) and (person_id is None or p.person_id == person_id)
        ]


class OneLink:
    """A link store that knows one link (of its tenant), for who may confirm it."""

    def __init__(self, link: AccountLink) -> None:
        self.the_link = link

    def link(self, tenant_id: str, link_id: str) -> AccountLink | None:
        known = (self.the_link.tenant_id, self.the_link.link_id)
        return self.the_link if (tenant_id, link_id) == known else None


def account_link(**changes: Any) -> AccountLink:
    """A pending link of participant `pt_1` (programme `prg_1`, tenant `t_1`) to the account of `p_owner`."""
    fields: dict[str, Any] = {
        "link_id": "lnk_1",
        "tenant_id": "t_1",
        "account_person_id": "p_owner",
        "email": "ola@example.org",
        "participant_id": "pt_1",
        "programme_id": "prg_1",
        "application_id": "app_1",
        "role": "mentor",
        "status": "pending",
        "created_at": datetime.now(UTC),
    }
    return AccountLink(**{**fields, **changes})


class InMemoryWorkshops(InMemoryParticipants):
    """A programme's participants and workshops; a stale workshop version is a Conflict, as in the table."""

    def __init__(self, programme: Programme, *people: Participant) -> None:
        super().__init__(*people)
        self.the_programme = programme
        self.kept: dict[str, Any] = {}
        self.answers = AnswerBook()

    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return self.answers.idempotent_answer(tenant_id, scope)

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        p = self.the_programme
        return p if (tenant_id, programme_id) == (p.tenant_id, p.programme_id) else None

    def replace_participant(self, participant: Participant) -> Participant:
        saved = participant.model_copy(update={"version": participant.version + 1})
        self.people[participant.participant_id] = saved
        return saved

    def workshop(self, tenant_id: str, workshop_id: str) -> Any:
        w = self.kept.get(workshop_id)
        return w if w is not None and tenant_id == self.the_programme.tenant_id else None

    def workshops(self, tenant_id: str, programme_id: str) -> list[Any]:
        return [w for w in self.kept.values() if w.programme_id == programme_id]

    def save_workshop(self, tenant_id: str, workshop: Any, *, idempotency: Answer | None = None) -> Any:
        known = self.kept.get(workshop.workshop_id)
        if (known.version if known else 0) != workshop.version:
            raise Conflict("Someone changed the workshop meanwhile; read it again.")
        if idempotency is not None:
            self.answers.keep(tenant_id, idempotency)  # in the same transaction: a lost race saves nothing
        saved = workshop.model_copy(update={"version": workshop.version + 1})
        self.kept[workshop.workshop_id] = saved
        return saved


def accepted_person(participant_id: str, role: str, *, tenant_id: str, **changes: Any) -> Participant:
    """A participant of `prg_1` accepted on 2 November 2026, named after their id; `changes` override."""
    values: dict[str, Any] = {
        "participant_id": participant_id,
        "person_id": f"per_{participant_id}",
        "tenant_id": tenant_id,
        "programme_id": "prg_1",
        "application_id": f"app_{participant_id}",
        "role": role,
        "given_name": participant_id.title(),
        "family_name": "Test",
        "language": "en",
        "eligible": True,
        "accepted_at": datetime(2026, 11, 2, tzinfo=UTC),
    }
    return Participant(**{**values, **changes})
