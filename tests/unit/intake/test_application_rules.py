"""Intake's application rules on in-memory fakes: honeypot, closed intake, idempotency, decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.intake import logic
from services.intake.schemas import (
    Application,
    ApplicationCreate,
    DecisionCreate,
    MatchingSettings,
    Programme,
    Tenant,
    TrainingCreate,
)
from services.intake.store_errors import IdempotencyRace
from shared.auth import Principal
from shared.errors import Conflict, NotFound, RuleViolation

TENANT = Tenant(
    tenant_id="t_1",
    slug="kiel",
    name="Kiel",
    default_language="de",
    languages=["de", "pl"],
    timezone="Europe/Berlin",
    created_at=datetime.now(UTC),
)
MANAGER = Principal.from_claims(
    {"sub": "m", "cognito:groups": "manager", "custom:tenant_id": "t_1", "custom:person_id": "p_m"}
    | {"token_use": "id", "aud": "c"},
    audience="c",
)


def programme(**changes: Any) -> Programme:
    fields = {
        "programme_id": "prg_1",
        "tenant_id": "t_1",
        "tenant_slug": "kiel",
        "name": "P",
        "kind": "group",
        "max_group_size": 5,
        "mode": "blended",
        "cadence_days": 14,
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 6, 1),
        "languages": ["de"],
        "mentor_training_required": True,
        "required_training_modules": ["basics", "ethics"],
        "matching": MatchingSettings(),
        "intake_open": True,
        "created_at": datetime.now(UTC),
        "version": 1,
    }
    return Programme(**{**fields, **changes})


class FakeStore:
    def __init__(self, prog: Programme | None = None) -> None:
        self.prog = prog or programme()
        self.applications: dict[str, Application] = {}
        self.answers: dict[str, tuple[str, dict[str, Any]]] = {}
        self.participants: dict[str, Any] = {}
        self.race = False

    def tenant_by_slug(self, slug):
        return TENANT if slug == "kiel" else None

    def programme(self, tenant_id, programme_id):
        return self.prog if (tenant_id, programme_id) == ("t_1", self.prog.programme_id) else None

    def idempotent_answer(self, tenant_id, scope):
        return self.answers.get(scope)

    def add_application(self, application, *, idempotency):
        if self.race:
            self.answers[idempotency[0]] = (
                idempotency[1],
                {"application_id": "app_first", "status": "submitted"},
            )
            raise IdempotencyRace(idempotency[0])
        emails = {(a.programme_id, a.role, a.person.email.lower()) for a in self.applications.values()}
        if (application.programme_id, application.role, application.person.email.lower()) in emails:
            raise Conflict("dup", rule="duplicate_application")
        self.applications[application.application_id] = application
        if idempotency:
            self.answers[idempotency[0]] = (idempotency[1], idempotency[2])

    def application(self, tenant_id, application_id):
        return self.applications.get(application_id) if tenant_id == "t_1" else None

    def notes(self, tenant_id, application_id):
        return []

    def decide(self, decided, *, previous_status, participant):
        if self.applications[decided.application_id].status != previous_status:
            raise Conflict("decided", rule="already_decided")
        self.applications[decided.application_id] = decided
        if participant:
            self.participants[participant.participant_id] = participant

    def participant(self, tenant_id, participant_id):
        return self.participants.get(participant_id)

    def replace_participant(self, participant):
        saved = participant.model_copy(update={"version": participant.version + 1})
        self.participants[participant.participant_id] = saved
        return saved


class FakeDirectory:
    def ensure_account(self, **kw):
        return "sub-1", kw["person_id"]


class FakeBus:
    def __init__(self) -> None:
        self.sent: list[Any] = []

    def publish(self, events):
        self.sent += [e.data for e in events]

    def publish_one(self, tenant_id, data):
        self.sent.append(data)

    def types(self) -> list[str]:
        return [e.event_type() for e in self.sent]


def application(role: str = "mentee", email: str = "ola@example.org", **changes: Any) -> ApplicationCreate:
    body: dict[str, Any] = {
        "role": role,
        "person": {
            "given_name": "Ola",
            "family_name": "N",
            "email": email,
            "birth_year": 1990,
            "languages": ["pl"],
        },
        "profile": {"motivation": "m", "expectations": "e"},
        "consent": {"privacy_notice_version": "2026-11", "processing": True},
    }
    if role == "mentee":
        body["needs"] = "n"
    else:
        body.update(skills=["IT"], capacity=2)
    return ApplicationCreate.model_validate({**body, **changes})


def test_a_filled_honeypot_answers_as_usual_and_keeps_nothing():
    store, bus = FakeStore(), FakeBus()
    receipt = logic.submit_application("kiel", "prg_1", application(website="x"), store, bus)
    assert receipt.status == "submitted"
    assert store.applications == {} and bus.sent == []


def test_a_closed_programme_or_unknown_place_takes_nothing():
    store, bus = FakeStore(programme(intake_open=False)), FakeBus()
    with pytest.raises(Conflict) as closed:
        logic.submit_application("kiel", "prg_1", application(), store, bus)
    assert closed.value.extensions["rule"] == "intake_closed"
    for slug, programme_id in (("nowhere", "prg_1"), ("kiel", "prg_2")):
        with pytest.raises(NotFound):
            logic.submit_application(slug, programme_id, application(), store, bus)
    assert store.applications == {} and bus.sent == []


def test_an_application_records_consent_and_publishes_contact_and_submission():
    store, bus = FakeStore(), FakeBus()
    receipt = logic.submit_application("kiel", "prg_1", application(), store, bus)
    stored = store.applications[receipt.application_id]
    assert stored.consent.privacy_notice_version == "2026-11" and stored.consent.given_at
    assert stored.language == "pl"  # the first shipped language of the applicant's
    assert bus.types() == ["ContactDetailsRecorded", "ApplicationSubmitted"]
    assert bus.sent[0].visibility == "internal"


def test_idempotency_key_replays_the_answer_and_refuses_another_body():
    store, bus = FakeStore(), FakeBus()
    first = logic.submit_application("kiel", "prg_1", application(), store, bus, idempotency_key="k")
    again = logic.submit_application("kiel", "prg_1", application(), store, bus, idempotency_key="k")
    assert first == again and len(store.applications) == 1 and len(bus.sent) == 2
    with pytest.raises(RuleViolation) as other:
        logic.submit_application(
            "kiel", "prg_1", application(email="x@example.org"), store, bus, idempotency_key="k"
        )
    assert other.value.extensions["rule"] == "idempotency_key_reused"


def test_a_lost_idempotency_race_answers_with_the_winners_receipt():
    store, bus = FakeStore(), FakeBus()
    store.race = True  # another request with the same key stores its answer first
    receipt = logic.submit_application("kiel", "prg_1", application(), store, bus, idempotency_key="k")
    assert receipt.application_id == "app_first"
    assert store.applications == {} and bus.sent == []


def test_accepting_creates_a_participant_and_deciding_again_is_a_conflict():
    store, bus = FakeStore(), FakeBus()
    application_id = logic.submit_application(
        "kiel", "prg_1", application(role="mentor"), store, bus
    ).application_id
    decided = logic.decide_application(
        MANAGER, application_id, DecisionCreate(decision="accepted"), store, FakeDirectory(), bus
    )
    participant = store.participants[decided.participant_id]
    assert participant.eligible is False  # this programme requires the training first
    assert bus.types()[-3:] == ["ApplicationDecided", "ParticipantAccepted", "ContactDetailsRecorded"]
    with pytest.raises(Conflict):
        logic.decide_application(
            MANAGER, application_id, DecisionCreate(decision="rejected"), store, FakeDirectory(), bus
        )


def test_a_waitlisted_application_can_be_accepted_later():
    store, bus = FakeStore(), FakeBus()
    application_id = logic.submit_application("kiel", "prg_1", application(), store, bus).application_id
    logic.decide_application(
        MANAGER, application_id, DecisionCreate(decision="waitlisted"), store, FakeDirectory(), bus
    )
    with pytest.raises(Conflict):
        logic.decide_application(
            MANAGER, application_id, DecisionCreate(decision="waitlisted"), store, FakeDirectory(), bus
        )
    accepted = logic.decide_application(
        MANAGER, application_id, DecisionCreate(decision="accepted"), store, FakeDirectory(), bus
    )
    assert accepted.status == "accepted"


def test_a_mentor_qualifies_once_every_module_is_passed():
    store, bus = FakeStore(), FakeBus()
    application_id = logic.submit_application(
        "kiel", "prg_1", application(role="mentor"), store, bus
    ).application_id
    participant_id = logic.decide_application(
        MANAGER, application_id, DecisionCreate(decision="accepted"), store, FakeDirectory(), bus
    ).participant_id
    assert participant_id

    def train(module: str, passed: bool):
        return logic.record_training(
            MANAGER,
            participant_id,
            TrainingCreate(module=module, completed_on=date(2026, 10, 1), assessment_passed=passed),
            store,
            bus,
        )

    assert train("basics", True).eligible is False
    assert train("ethics", False).eligible is False
    assert "MentorQualified" not in bus.types()
    assert train("ethics", True).eligible is True
    assert bus.types().count("MentorQualified") == 1
    train("basics", True)
    assert bus.types().count("MentorQualified") == 1  # qualified once, not again
    with pytest.raises(RuleViolation):
        logic.record_training(
            MANAGER,
            participant_id,
            TrainingCreate(module="x", completed_on=date(2999, 1, 1), assessment_passed=True),
            store,
            bus,
        )


def test_mentees_need_no_training():
    assert logic.mentor_eligible("mentee", programme(), []) is True
    assert logic.mentor_eligible("mentor", programme(mentor_training_required=False), []) is True
