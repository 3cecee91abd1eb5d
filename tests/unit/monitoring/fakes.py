"""An in-memory stand-in for the questionnaires' part of the monitoring table, a recording scheduler, and
builders of a relationship whose agreement was signed (tests/integration checks the store on moto)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services.monitoring.questionnaires import logic
from services.monitoring.questionnaires.models import (
    Assignment,
    FinalReview,
    MidtermReview,
    OutcomeHistory,
    Participant,
    Programme,
    Relationship,
    Template,
    TemplateUse,
)
from shared.auth import Principal
from shared.errors import Conflict
from shared.events.catalog import AgreementSigned, MatchConfirmed, ParticipantAccepted, ProgrammeOpened
from shared.events.envelope import EventData, Metadata
from shared.idempotency import Answer, IdempotencyRace
from tests.fakes.principals import signed_in
from tests.fakes.publisher import RecordingPublisher

TENANT, OTHER = "t-town", "t-other"


class InMemoryQuestionnaires:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], Any] = {}
        self.answers: dict[tuple[str, str], Answer] = {}

    def _get(self, kind: str, tenant_id: str, key: str) -> Any:
        found = self.items.get((kind, tenant_id, key))
        return found.model_copy(deep=True) if found is not None else None

    def _put(self, kind: str, tenant_id: str, key: str, doc: Any) -> None:
        self.items[(kind, tenant_id, key)] = doc.model_copy(deep=True)

    def _new(self, kind: str, tenant_id: str, key: str, doc: Any) -> bool:
        if (kind, tenant_id, key) in self.items:
            return False
        self._put(kind, tenant_id, key, doc)
        return True

    def save_programme(self, programme: Programme) -> None:
        self._put("programme", programme.tenant_id, programme.programme_id, programme)

    def programme(self, tenant_id: str, programme_id: str) -> Programme | None:
        return self._get("programme", tenant_id, programme_id)  # type: ignore[no-any-return]

    def save_participant(self, participant: Participant) -> None:
        self._put("participant", participant.tenant_id, participant.participant_id, participant)

    def participant(self, tenant_id: str, participant_id: str) -> Participant | None:
        return self._get("participant", tenant_id, participant_id)  # type: ignore[no-any-return]

    def save_relationship(self, relationship: Relationship) -> None:
        self._put("relationship", relationship.tenant_id, relationship.match_id, relationship)

    def relationship(self, tenant_id: str, match_id: str) -> Relationship | None:
        return self._get("relationship", tenant_id, match_id)  # type: ignore[no-any-return]

    def template_use(self, tenant_id: str, programme_id: str, kind: str) -> TemplateUse | None:
        return self._get("use", tenant_id, f"{programme_id}#{kind}")  # type: ignore[no-any-return]

    def save_template_use(self, use: TemplateUse) -> None:
        self._put("use", use.tenant_id, f"{use.programme_id}#{use.kind}", use)

    def template(self, tenant_id: str, programme_id: str, kind: str, version: int) -> Template | None:
        return self._get("template", tenant_id, f"{programme_id}#{kind}#{version}")  # type: ignore[no-any-return]

    def publish_template(self, tenant_id: str, programme_id: str, template: Template) -> None:
        if not self._new(
            "template", tenant_id, f"{programme_id}#{template.kind}#{template.version}", template
        ):
            raise Conflict("taken")

    def add_assignment(self, assignment: Assignment) -> bool:
        return self._new(
            "assignment",
            assignment.tenant_id,
            assignment.assignment_id,
            assignment.model_copy(update={"revision": 1}),
        )

    def assignment(self, tenant_id: str, assignment_id: str) -> Assignment | None:
        return self._get("assignment", tenant_id, assignment_id)  # type: ignore[no-any-return]

    def save_assignment(self, assignment: Assignment, *, idempotency: Answer | None = None) -> Assignment:
        known = self._get("assignment", assignment.tenant_id, assignment.assignment_id)
        if known is None or known.revision != assignment.revision:
            raise Conflict("stale")
        self._remember(assignment.tenant_id, idempotency)
        saved = assignment.model_copy(update={"revision": assignment.revision + 1})
        self._put("assignment", assignment.tenant_id, assignment.assignment_id, saved)
        return saved

    def _remember(self, tenant_id: str, idempotency: Answer | None) -> None:
        if idempotency is not None:
            if (tenant_id, idempotency.scope) in self.answers:
                raise IdempotencyRace(idempotency.scope)
            self.answers[(tenant_id, idempotency.scope)] = idempotency

    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None:
        return self.answers.get((tenant_id, scope))

    def assignments_of(self, tenant_id: str, person_id: str) -> list[Assignment]:
        return [
            a.model_copy(deep=True)
            for (kind, t, _), a in self.items.items()
            if kind == "assignment" and t == tenant_id and a.person_id == person_id
        ]

    def add_midterm_review(
        self, tenant_id: str, review: MidtermReview, *, idempotency: Answer | None = None
    ) -> bool:
        if ("midterm", tenant_id, review.match_id) in self.items:
            return False
        self._remember(tenant_id, idempotency)
        return self._new("midterm", tenant_id, review.match_id, review)

    def midterm_review(self, tenant_id: str, match_id: str) -> MidtermReview | None:
        return self._get("midterm", tenant_id, match_id)  # type: ignore[no-any-return]

    def add_final_review(
        self, tenant_id: str, review: FinalReview, *, idempotency: Answer | None = None
    ) -> bool:
        if ("final", tenant_id, review.match_id) in self.items:
            return False
        self._remember(tenant_id, idempotency)
        return self._new("final", tenant_id, review.match_id, review)

    def final_review(self, tenant_id: str, match_id: str) -> FinalReview | None:
        return self._get("final", tenant_id, match_id)  # type: ignore[no-any-return]

    def outcomes(self, tenant_id: str, participant_id: str) -> OutcomeHistory | None:
        return self._get("outcomes", tenant_id, participant_id)  # type: ignore[no-any-return]

    def save_outcomes(self, tenant_id: str, history: OutcomeHistory) -> OutcomeHistory:
        known = self._get("outcomes", tenant_id, history.participant_id)
        if (known.revision if known is not None else 0) != history.revision:
            raise Conflict("stale")
        saved = history.model_copy(update={"revision": history.revision + 1})
        self._put("outcomes", tenant_id, history.participant_id, saved)
        return saved


class RecordingScheduler:
    def __init__(self) -> None:
        self.scheduled: dict[str, tuple[datetime, str, EventData]] = {}

    def send_at(self, name: str, at: datetime, tenant_id: str, data: EventData, correlation_id: str) -> None:
        self.scheduled.setdefault(name, (at, tenant_id, data))


def meta(tenant_id: str = TENANT, event_type: str = "MatchConfirmed", at: datetime | None = None) -> Metadata:
    return Metadata(
        event_id=f"evt-{datetime.now(UTC).timestamp()}",
        event_type=event_type,
        version=1,
        tenant_id=tenant_id,
        occurred_at=at or datetime.now(UTC),
        correlation_id="corr",
        producer="matching",
    )


def member(participant_id: str, tenant_id: str = TENANT) -> Principal:
    role = "mentor" if participant_id.startswith("mtr") else "mentee"
    return signed_in(f"u_{participant_id}", role, tenant_id=tenant_id, person_id=f"p_{participant_id}")


def manager(tenant_id: str = TENANT) -> Principal:
    return signed_in(f"u_manager_{tenant_id}", "manager", tenant_id=tenant_id, person_id=f"p_mgr_{tenant_id}")


def relationship(store: InMemoryQuestionnaires, *mentees: str) -> str:
    """Mentor `mtr` with these mentees (default e1, e2) in programme prg_1: match `match_1`."""
    mentees = mentees or ("e1", "e2")
    logic.project_programme(
        meta(),
        ProgrammeOpened(
            programme_id="prg_1",
            tenant_slug="town",
            name="Start",
            kind="group",
            mode="blended",
            languages=["en", "de"],
            starts_on=date(2027, 2, 1),
            ends_on=date(2027, 8, 1),
            intake_open=True,
            opened_by="p_mgr",
        ),
        store,
    )
    for participant_id, role in (("mtr", "mentor"), *((m, "mentee") for m in mentees)):
        logic.project_participant(
            meta(),
            ParticipantAccepted.model_validate(
                {
                    "participant_id": participant_id,
                    "person_id": f"p_{participant_id}",
                    "programme_id": "prg_1",
                    "application_id": f"app_{participant_id}",
                    "role": role,
                    "eligible": True,
                    "profile": {"birth_year": 1990, "languages": ["en"]},
                }
            ),
            store,
        )
    confirmed = MatchConfirmed(
        match_id="match_1", programme_id="prg_1", kind="group", mentor_id="mtr", mentee_ids=list(mentees)
    )
    logic.open_relationship(meta(), confirmed, store)
    return "match_1"


def signed(
    store: InMemoryQuestionnaires,
    bus: RecordingPublisher,
    clock: RecordingScheduler,
    *,
    version: int = 1,
    starts_on: date = date(2027, 2, 1),
    ends_on: date = date(2027, 7, 31),
    today: date = date(2027, 2, 1),
) -> None:
    signed_event = AgreementSigned(
        match_id="match_1",
        programme_id="prg_1",
        agreement_version=version,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    logic.agreement_signed(meta(event_type="AgreementSigned"), signed_event, store, bus, clock, today=today)
