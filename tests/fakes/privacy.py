"""Intake's privacy parts in memory: consents, erasure requests and retention periods over participants,
programmes and applications; and an accepted application to start from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from services.intake.consents.models import Consents, ErasureRequest
from services.intake.employers.models import EmployerLink
from services.intake.logic.applications import consent_record
from services.intake.models import Application, Participant, Person, Profile, Programme, Tenant, User
from services.intake.retention.rules import RetentionPeriods
from services.intake.schemas import ApplicationCreate
from shared.errors import Conflict
from shared.idempotency import Answer
from tests.fakes.bodies import applicant

TENANT = "t_1"


def application(
    person_id: str = "p_ola", *, sms: bool = False, email: bool = True, **changes: Any
) -> Application:
    body = applicant("mentee", "Ola")
    body["consent"].update(contact_sms=sms, contact_email=email)
    create = ApplicationCreate.model_validate(body)
    fields: dict[str, Any] = {
        "application_id": f"app_{person_id}",
        "tenant_id": TENANT,
        "programme_id": "prg_1",
        "person_id": person_id,
        "role": "mentee",
        "language": "en",
        "status": "accepted",
        "submitted_at": datetime(2026, 11, 2, 9, tzinfo=UTC),
        "person": Person.model_validate(body["person"]),
        "profile": Profile.model_validate(body["profile"]),
        "needs": "n",
        "consent": consent_record(create, datetime(2026, 11, 2, 9, tzinfo=UTC)),
    }
    return Application(**{**fields, **changes})


def participant(person_id: str = "p_ola", programme_id: str = "prg_1", pid: str | None = None) -> Participant:
    return Participant(
        participant_id=pid or f"pt_{person_id}_{programme_id}",
        person_id=person_id,
        tenant_id=TENANT,
        programme_id=programme_id,
        application_id=f"app_{person_id}",
        role="mentee",
        given_name="Ola",
        family_name="Test",
        language="en",
        eligible=True,
        accepted_at=datetime(2026, 11, 3, tzinfo=UTC),
    )


def programme(programme_id: str = "prg_1", ends_on: date = date(2027, 8, 1)) -> Programme:
    return Programme(
        programme_id=programme_id, tenant_id=TENANT, tenant_slug="town", name="P", kind="pair",
        max_group_size=1, mode="blended", cadence_days=14, starts_on=date(2020, 1, 1), ends_on=ends_on,
        languages=["en"], mentor_training_required=False, matching={}, intake_open=True,
        created_at=datetime(2020, 1, 1, tzinfo=UTC), version=1,
    )  # fmt: skip


class InMemoryPrivacy:
    def __init__(
        self,
        participants: list[Participant] = (),  # type: ignore[assignment]
        applications: list[Application] = (),  # type: ignore[assignment]
        programmes: list[Programme] = (),  # type: ignore[assignment]
    ) -> None:
        self.people = {p.participant_id: p for p in participants}
        self.apps = {a.application_id: a for a in applications}
        self.progs = list(programmes)
        self.held: dict[str, Consents] = {}
        self.requests: dict[str, ErasureRequest] = {}
        self.periods = RetentionPeriods()
        self.expired_rejections = 0
        self.links: dict[str, EmployerLink] = {}  # link id → link (seed 002)
        self.employers: list[User] = []
        self.answers: dict[str, Answer] = {}

    # employers' links (seed 002)
    def employer_links(self, tenant_id: str, participant_id: str) -> list[EmployerLink]:
        return [x for x in self.links.values() if x.participant_id == participant_id]

    def links_of_employer(self, tenant_id: str, employer_user_id: str) -> list[EmployerLink]:
        return [
            x for x in self.links.values() if x.employer_user_id == employer_user_id and x.status == "active"
        ]

    def accounts(self, tenant_id: str, role: str) -> list[User]:
        return [u for u in self.employers if u.role == role]

    def add_employer_link(self, tenant_id: str, link: EmployerLink, *, idempotency: Answer | None) -> None:
        self.links[link.link_id] = link
        if idempotency is not None:
            self.answers[idempotency.scope] = idempotency

    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return self.answers.get(scope)

    def end_employer_links(self, tenant_id: str, ended: Sequence[EmployerLink]) -> None:
        self.links.update({x.link_id: x for x in ended})

    def save_consents_ending_links(self, consents: Consents, ended: Sequence[EmployerLink]) -> Consents:
        saved = self.save_consents(consents)  # one "transaction": the consent's conflict stops both
        self.end_employer_links(consents.tenant_id, ended)
        return saved

    # consents
    def consents(self, tenant_id: str, person_id: str) -> Consents | None:
        return self.held.get(person_id)

    def save_consents(self, consents: Consents) -> Consents:
        held = self.held.get(consents.person_id)
        if (held.version if held else 0) != consents.version:
            raise Conflict("changed")
        saved = consents.model_copy(update={"version": consents.version + 1})
        self.held[consents.person_id] = saved
        return saved

    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]:
        return [p for p in self.people.values() if person_id is None or p.person_id == person_id]

    def participant(self, tenant_id: str, participant_id: str) -> Participant | None:
        return self.people.get(participant_id)

    def application(self, tenant_id: str, application_id: str) -> Application | None:
        return self.apps.get(application_id)

    # erasure requests
    def add_erasure_request(self, request: ErasureRequest) -> bool:
        if request.participant_id in self.requests:
            return False
        self.requests[request.participant_id] = request
        return True

    def erasure_requested(self, tenant_id: str, participant_id: str) -> bool:
        return participant_id in self.requests

    # retention
    def retention(self, tenant_id: str) -> RetentionPeriods:
        return self.periods

    def save_retention(self, tenant_id: str, periods: RetentionPeriods) -> RetentionPeriods:
        self.periods = periods.model_copy(update={"version": periods.version + 1})
        return self.periods

    def tenants(self) -> list[Tenant]:
        return [
            Tenant(tenant_id=TENANT, slug="town", name="Town", default_language="en", languages=["en"],
                   timezone="Europe/Berlin", created_at=datetime(2020, 1, 1, tzinfo=UTC))
        ]  # fmt: skip

    def programmes(self, tenant_id: str) -> list[Programme]:
        return self.progs

    def delete_expired_rejections(self, tenant_id: str, now: datetime) -> int:
        return self.expired_rejections
