"""Impulse workshops (seed 000): planned by a manager for a programme's mentors or its mentees; seen and
joined only by that audience; attendance after it began; a mentor's attendance completes the impulse
workshop module."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from services.intake.models import MatchingSettings, Participant, Programme, TrainingRecord
from services.intake.workshops import logic
from services.intake.workshops.models import AttendanceWrite, WorkshopPlan
from shared.auth import Principal
from shared.errors import NotFound, RuleViolation
from tests.fakes.intake import InMemoryWorkshops, accepted_person
from tests.fakes.principals import signed_in
from tests.fakes.publisher import RecordingPublisher

TENANT = "t_1"
NOW = datetime.now(UTC)


def programme(**changes: Any) -> Programme:
    values: dict[str, Any] = {
        "programme_id": "prg_1",
        "tenant_id": TENANT,
        "tenant_slug": "town",
        "name": "socialmentoring",
        "kind": "pair",
        "max_group_size": 5,
        "mode": "in_person",
        "cadence_days": 14,
        "starts_on": date(2027, 3, 1),
        "ends_on": date(2027, 9, 1),
        "languages": ["de"],
        "mentor_training_required": True,
        "required_training_modules": ["mentoring_basics", "impulse_workshop"],
        "matching": MatchingSettings(),
        "intake_open": True,
        "created_at": datetime(2026, 11, 1, tzinfo=UTC),
        "version": 1,
    }
    return Programme(**{**values, **changes})


def person(participant_id: str, role: str, **changes: Any) -> Participant:
    return accepted_person(participant_id, role, tenant_id=TENANT, language="de", eligible=False, **changes)


MANAGER = signed_in("u_m", "manager", tenant_id=TENANT, person_id="per_mgr")


def member(participant_id: str, role: str) -> Principal:
    return signed_in(f"u_{participant_id}", role, tenant_id=TENANT, person_id=f"per_{participant_id}")


@pytest.fixture
def store() -> InMemoryWorkshops:
    return InMemoryWorkshops(
        programme(), person("anna", "mentor"), person("bernd", "mentor"), person("cem", "mentee")
    )


def plan(audience: str = "mentors", *, days: float = 7, **changes: Any) -> WorkshopPlan:
    starts = NOW + timedelta(days=days)
    body: dict[str, Any] = {
        "title": "Impuls-Workshop: Beziehung auf Augenhöhe",
        "audience": audience,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "place": "Rathaus, Saal 2",
    }
    return WorkshopPlan(**{**body, **changes})


def test_a_workshop_needs_a_place_or_online_and_an_end_after_its_start():
    with pytest.raises(ValidationError):
        plan(place=None)
    with pytest.raises(ValidationError):
        plan(online=True)  # a place and online both
    with pytest.raises(ValidationError):
        plan(ends_at=NOW)
    assert plan(place=None, online=True).online


def test_a_plan_retried_with_its_idempotency_key_plans_one_workshop_and_another_body_is_refused(store):
    publisher = RecordingPublisher()
    first = logic.plan_workshop(MANAGER, "prg_1", plan(capacity=2), store, publisher, idempotency_key="k-1")
    again = logic.plan_workshop(MANAGER, "prg_1", plan(capacity=2), store, publisher, idempotency_key="k-1")
    assert again == first and len(store.kept) == 1 and len(publisher.events()) == 1
    with pytest.raises(RuleViolation) as refused:
        logic.plan_workshop(MANAGER, "prg_1", plan(capacity=3), store, publisher, idempotency_key="k-1")
    assert refused.value.extensions["rule"] == "idempotency_key_reused"
    logic.plan_workshop(MANAGER, "prg_1", plan(capacity=2), store, publisher, idempotency_key="k-2")
    assert len(store.kept) == 2


def test_two_plans_racing_with_one_key_plan_one_workshop(store):
    publisher = RecordingPublisher()
    winner = logic.plan_workshop(MANAGER, "prg_1", plan(), store, RecordingPublisher())
    store.kept.clear()
    store.answers.answers.clear()
    store.answers.racing_answer = winner.model_dump(mode="json")
    answered = logic.plan_workshop(MANAGER, "prg_1", plan(), store, publisher, idempotency_key="k-1")
    assert answered == winner and store.kept == {} and publisher.events() == []


def test_the_manager_plans_and_the_event_carries_no_title_or_place(store):
    publisher = RecordingPublisher()
    planned = logic.plan_workshop(MANAGER, "prg_1", plan(capacity=2), store, publisher)
    assert planned.places_left == 2 and planned.status == "planned"
    [event] = publisher.events()
    assert event.event_type() == "WorkshopPlanned"
    dumped = event.model_dump_json()
    assert "Rathaus" not in dumped and "Augenhöhe" not in dumped
    with pytest.raises(NotFound):
        logic.plan_workshop(MANAGER, "prg_other", plan(), store, publisher)


def test_each_audience_sees_only_its_own_workshops(store):
    publisher = RecordingPublisher()
    for_mentors = logic.plan_workshop(MANAGER, "prg_1", plan("mentors"), store, publisher)
    for_mentees = logic.plan_workshop(MANAGER, "prg_1", plan("mentees"), store, publisher)
    assert [w.workshop_id for w in logic.list_workshops(member("anna", "mentor"), "prg_1", store)] == [
        for_mentors.workshop_id
    ]
    assert [w.workshop_id for w in logic.list_workshops(member("cem", "mentee"), "prg_1", store)] == [
        for_mentees.workshop_id
    ]
    with pytest.raises(NotFound):
        logic.sign_up(member("cem", "mentee"), for_mentors.workshop_id, store)
    with pytest.raises(NotFound):
        logic.list_workshops(member("zoe", "mentee"), "prg_1", store)  # no part in the programme


def test_signing_up_fills_places_and_a_participant_never_sees_who_else_comes(store):
    workshop = logic.plan_workshop(MANAGER, "prg_1", plan(capacity=1), store, RecordingPublisher())
    anna = logic.sign_up(member("anna", "mentor"), workshop.workshop_id, store)
    assert anna.signed_up and anna.places_left == 0 and anna.sign_ups == []
    assert logic.sign_up(member("anna", "mentor"), workshop.workshop_id, store).signed_up_count == 1
    with pytest.raises(RuleViolation) as full:
        logic.sign_up(member("bernd", "mentor"), workshop.workshop_id, store)
    assert full.value.extensions["rule"] == "workshop_full"
    left = logic.withdraw(member("anna", "mentor"), workshop.workshop_id, store)
    assert not left.signed_up and left.places_left == 1
    assert logic.sign_up(member("bernd", "mentor"), workshop.workshop_id, store).signed_up
    seen = logic.read_workshop(MANAGER, workshop.workshop_id, store)
    assert [s.participant_id for s in seen.sign_ups] == ["bernd"]


def test_a_cancelled_or_begun_workshop_takes_no_sign_ups(store):
    publisher = RecordingPublisher()
    workshop = logic.plan_workshop(MANAGER, "prg_1", plan(), store, publisher)
    logic.sign_up(member("anna", "mentor"), workshop.workshop_id, store)
    cancelled = logic.cancel_workshop(MANAGER, workshop.workshop_id, store, publisher)
    assert cancelled.status == "cancelled"
    assert publisher.events()[-1].model_dump()["signed_up"] == ["anna"]
    with pytest.raises(RuleViolation):
        logic.sign_up(member("bernd", "mentor"), workshop.workshop_id, store)
    begun = logic.plan_workshop(MANAGER, "prg_1", plan(days=-0.01), store, publisher)
    with pytest.raises(RuleViolation) as late:
        logic.sign_up(member("anna", "mentor"), begun.workshop_id, store)
    assert late.value.extensions["rule"] == "workshop_begun"


def test_attendance_after_it_began_completes_the_mentors_impulse_module_once(store):
    publisher = RecordingPublisher()
    ahead = logic.plan_workshop(MANAGER, "prg_1", plan(), store, publisher)
    with pytest.raises(RuleViolation):
        logic.record_attendance(
            MANAGER, ahead.workshop_id, AttendanceWrite(attended=["anna"]), store, publisher
        )
    held = logic.plan_workshop(MANAGER, "prg_1", plan(days=-1), store, publisher)
    marks = AttendanceWrite(attended=["anna"], absent=["bernd"])
    recorded = logic.record_attendance(MANAGER, held.workshop_id, marks, store, publisher)
    assert {(a.participant_id, a.mark) for a in recorded.attendance} == {
        ("anna", "attended"),
        ("bernd", "absent"),
    }
    anna = store.people["anna"]
    assert [(t.module, t.assessment_passed) for t in anna.training] == [("impulse_workshop", True)]
    assert store.people["bernd"].training == []
    logic.record_attendance(MANAGER, held.workshop_id, AttendanceWrite(attended=["anna"]), store, publisher)
    assert len(store.people["anna"].training) == 1
    assert "WorkshopAttendanceRecorded" in publisher.types()
    with pytest.raises(RuleViolation) as stranger:
        logic.record_attendance(
            MANAGER, held.workshop_id, AttendanceWrite(attended=["cem"]), store, publisher
        )
    assert stranger.value.extensions["rule"] == "not_in_audience"


def test_attending_qualifies_a_mentor_whose_last_missing_module_it_was():
    basics = TrainingRecord(
        module="mentoring_basics",
        completed_on=date(2026, 11, 3),
        assessment_passed=True,
        recorded_by="per_t",
        recorded_at=datetime(2026, 11, 3, tzinfo=UTC),
    )
    trained = person("anna", "mentor", training=[basics])
    store = InMemoryWorkshops(programme(), trained)
    publisher = RecordingPublisher()
    held = logic.plan_workshop(MANAGER, "prg_1", plan(days=-1), store, publisher)
    logic.record_attendance(MANAGER, held.workshop_id, AttendanceWrite(attended=["anna"]), store, publisher)
    assert store.people["anna"].eligible
    assert "MentorQualified" in publisher.types()


def test_a_programme_without_the_module_records_no_training():
    store = InMemoryWorkshops(
        programme(required_training_modules=["mentoring_basics"]), person("anna", "mentor")
    )
    publisher = RecordingPublisher()
    held = logic.plan_workshop(MANAGER, "prg_1", plan(days=-1), store, publisher)
    logic.record_attendance(MANAGER, held.workshop_id, AttendanceWrite(attended=["anna"]), store, publisher)
    assert store.people["anna"].training == []


def test_only_managers_plan_cancel_and_mark(store):
    from shared.errors import Forbidden

    for who in (member("anna", "mentor"), signed_in("u_t", "trainer", tenant_id=TENANT, person_id="per_t")):
        with pytest.raises(Forbidden):
            logic.plan_workshop(who, "prg_1", plan(), store, RecordingPublisher())
