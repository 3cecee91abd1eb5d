"""Intake's application rules on in-memory fakes: honeypot, closed intake, idempotency, decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from services.intake import logic
from services.intake.models import MatchingSettings, Programme, Tenant
from services.intake.schemas import ApplicationCreate, DecisionCreate, TrainingCreate
from shared.errors import Conflict, NotFound, RuleViolation
from tests.fakes import RecordingDirectory, RecordingPublisher
from tests.fakes.intake import InMemoryApplications
from tests.fakes.principals import signed_in

TENANT = Tenant(
    tenant_id="t_1",
    slug="kiel",
    name="Kiel",
    default_language="de",
    languages=["de", "pl"],
    timezone="Europe/Berlin",
    created_at=datetime.now(UTC),
)
MANAGER = signed_in("m", "manager", tenant_id="t_1", person_id="p_m")


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


def fake_store(prog: Programme | None = None) -> InMemoryApplications:
    return InMemoryApplications(TENANT, prog or programme())


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
        body.update(skills=["it_skills"], capacity=2)
    return ApplicationCreate.model_validate({**body, **changes})


def test_a_filled_honeypot_answers_as_usual_and_keeps_nothing():
    store, bus = fake_store(), RecordingPublisher()
    receipt = logic.submit_application("kiel", "prg_1", application(website="x"), store, bus)
    assert receipt.status == "submitted"
    assert store.applications == {} and bus.sent == []


def test_a_closed_programme_or_unknown_place_takes_nothing():
    store, bus = fake_store(programme(intake_open=False)), RecordingPublisher()
    with pytest.raises(Conflict) as closed:
        logic.submit_application("kiel", "prg_1", application(), store, bus)
    assert closed.value.extensions["rule"] == "intake_closed"
    for slug, programme_id in (("nowhere", "prg_1"), ("kiel", "prg_2")):
        with pytest.raises(NotFound):
            logic.submit_application(slug, programme_id, application(), store, bus)
    assert store.applications == {} and bus.sent == []


def test_an_application_records_consent_and_publishes_contact_and_submission():
    store, bus = fake_store(), RecordingPublisher()
    receipt = logic.submit_application("kiel", "prg_1", application(), store, bus)
    stored = store.applications[receipt.application_id]
    assert stored.consent.privacy_notice_version == "2026-11"
    assert stored.language == "pl"  # the first shipped language of the applicant's
    assert bus.types() == ["ContactDetailsRecorded", "ApplicationSubmitted"]
    assert bus.events()[0].visibility == "internal"


def test_consent_is_recorded_per_purpose_with_its_own_answer_notice_and_time():
    """Issue 8, item 9: processing, e-mail and SMS contact are each granted (or not) on their own."""
    store, bus = fake_store(), RecordingPublisher()
    consent = {
        "privacy_notice_version": "2026-11",
        "processing": True,
        "contact_email": False,
        "contact_sms": True,
    }
    receipt = logic.submit_application("kiel", "prg_1", application(consent=consent), store, bus)
    record = store.applications[receipt.application_id].consent
    answers = {p: getattr(record, p) for p in ("processing", "contact_email", "contact_sms")}
    assert {p: a.granted for p, a in answers.items()} == {
        "processing": True,
        "contact_email": False,
        "contact_sms": True,
    }
    assert {a.privacy_notice_version for a in answers.values()} == {"2026-11"}
    assert all(a.recorded_at.tzinfo is not None for a in answers.values())
    assert "matching" in record.processing_covers
    contact = bus.events()[0]
    assert (contact.contact_email, contact.contact_sms) == (False, True)


@pytest.mark.parametrize("version", ["2025-01", "2026-10", "x"])
def test_only_the_current_privacy_notice_is_accepted(version: str):
    """Issue 8, item 9: consent given to another notice than the one shown today is refused by name."""
    with pytest.raises(ValidationError) as refused:
        application(consent={"privacy_notice_version": version, "processing": True})
    assert [e["loc"] for e in refused.value.errors()] == [("consent", "privacy_notice_version")]


def test_idempotency_key_replays_the_answer_and_refuses_another_body():
    store, bus = fake_store(), RecordingPublisher()
    first = logic.submit_application("kiel", "prg_1", application(), store, bus, idempotency_key="k")
    again = logic.submit_application("kiel", "prg_1", application(), store, bus, idempotency_key="k")
    assert first == again and len(store.applications) == 1 and len(bus.sent) == 2
    with pytest.raises(RuleViolation) as other:
        logic.submit_application(
            "kiel", "prg_1", application(email="x@example.org"), store, bus, idempotency_key="k"
        )
    assert other.value.extensions["rule"] == "idempotency_key_reused"


def test_a_lost_idempotency_race_answers_with_the_winners_receipt():
    store, bus = fake_store(), RecordingPublisher()
    # another request with the same key stores its answer first
    store.answers.racing_answer = {"application_id": "app_first", "status": "submitted"}
    receipt = logic.submit_application("kiel", "prg_1", application(), store, bus, idempotency_key="k")
    assert receipt.application_id == "app_first"
    assert store.applications == {} and bus.sent == []


def submitted(store: Any, bus: RecordingPublisher, **changes: Any) -> str:
    """An application sent to Kiel's programme: its id."""
    return logic.submit_application("kiel", "prg_1", application(**changes), store, bus).application_id


def decide(application_id: str, decision: str, store: Any, bus: RecordingPublisher) -> Any:
    """The manager's decision on the application."""
    return logic.decide_application(
        MANAGER, application_id, DecisionCreate(decision=decision), store, RecordingDirectory(), bus
    )


def test_accepting_creates_a_participant_and_deciding_again_is_a_conflict():
    store, bus = fake_store(), RecordingPublisher()
    application_id = submitted(store, bus, role="mentor")
    decided = decide(application_id, "accepted", store, bus)
    participant = store.participants[decided.participant_id]
    assert participant.eligible is False  # this programme requires the training first
    assert bus.types()[-3:] == ["ApplicationDecided", "ParticipantAccepted", "ContactDetailsRecorded"]
    with pytest.raises(Conflict):
        decide(application_id, "rejected", store, bus)


def test_a_waitlisted_application_can_be_accepted_later():
    store, bus = fake_store(), RecordingPublisher()
    application_id = submitted(store, bus)
    decide(application_id, "waitlisted", store, bus)
    with pytest.raises(Conflict):
        decide(application_id, "waitlisted", store, bus)
    accepted = decide(application_id, "accepted", store, bus)
    assert accepted.status == "accepted"


def test_a_mentor_qualifies_once_every_module_is_passed():
    store, bus = fake_store(), RecordingPublisher()
    application_id = submitted(store, bus, role="mentor")
    participant_id = decide(application_id, "accepted", store, bus).participant_id
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
