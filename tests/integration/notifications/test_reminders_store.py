"""Reminders' items on moto: live schedules found by relationship and subject, held sessions and
questionnaires whatever order their events arrive in, and the daily risk digest frozen once sent."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

from services.notifications.models import MatchInfo, ProgrammeInfo
from services.notifications.reminders.models import Assignment, HeldSession, Reminder

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def store(notifications_store: ModuleType) -> Any:
    return importlib.import_module("services.notifications.reminders.store").RemindersStore()


def reminder(subject: str, name: str, match_id: str = "mat_1", tenant_id: str = "t_1") -> Reminder:
    return Reminder(tenant_id=tenant_id, match_id=match_id, subject=subject, name=name, at=NOW)


def test_schedules_are_found_by_relationship_and_subject_and_forgotten(store: Any) -> None:
    for r in (
        reminder("session:s1", "a"),
        reminder("session:s10", "b"),
        reminder("diary:s1", "c"),
        reminder("session:s1", "d", match_id="mat_2"),
        reminder("session:s1", "e", tenant_id="t_2"),
    ):
        store.save_reminder(r)
    assert [r.name for r in store.reminders("t_1", "mat_1", "session:s1")] == ["a"]
    assert sorted(r.name for r in store.reminders("t_1", "mat_1")) == ["a", "b", "c"]
    store.forget_reminder(reminder("session:s1", "a"))
    assert store.reminders("t_1", "mat_1", "session:s1") == []
    assert [r.name for r in store.reminders("t_2", "mat_1")] == ["e"]


def test_a_diary_written_before_its_held_event_arrives_stays_written(store: Any) -> None:
    store.diary_written("t_1", "s1")
    assert store.held("t_1", "s1") is None
    held = HeldSession(
        tenant_id="t_1",
        session_id="s1",
        match_id="mat_1",
        programme_id="prg_1",
        held_at=NOW,
        writer_id="par_1",
    )
    store.save_held(held)
    assert store.held("t_1", "s1") == held.model_copy(update={"diary_written": True})
    assert [h.session_id for h in store.held_sessions("t_1")] == ["s1"]


def test_a_questionnaire_submitted_before_its_assignment_arrives_stays_submitted(store: Any) -> None:
    store.assignment_submitted("t_1", "asg_1")
    assignment = Assignment(
        tenant_id="t_1",
        assignment_id="asg_1",
        match_id="mat_1",
        programme_id="prg_1",
        participant_id="par_1",
        kind="midterm",
        due_on=date(2027, 2, 10),
    )
    store.save_assignment(assignment)
    assert store.assignment("t_1", "asg_1") == assignment.model_copy(update={"submitted": True})
    assert len(store.assignments("t_1")) == 1 and store.assignments("t_2") == []


def test_ended_relationships_matches_and_programmes_per_tenant(store: Any) -> None:
    store.save_match(
        MatchInfo(tenant_id="t_1", match_id="mat_1", programme_id="prg_1", mentor_id="m", mentee_ids=[])
    )
    store.match_ended("t_1", "mat_1")
    assert store.ended("t_1", "mat_1") and not store.ended("t_2", "mat_1")
    assert store.ended_matches("t_1") == {"mat_1"}
    assert [m.match_id for m in store.matches_of("t_1")] == ["mat_1"]
    store.save_programme(
        ProgrammeInfo(
            tenant_id="t_1", programme_id="prg_1", name="P", tenant_slug="demo", timezone="Europe/Warsaw"
        )
    )
    [programme] = store.programmes_of("t_1")
    assert programme.timezone == "Europe/Warsaw" and programme.session_reminder_hours == 24


def test_the_risk_digest_collects_until_sent_and_then_refuses(store: Any) -> None:
    day = date(2026, 12, 2)
    first = store.add_to_risk_digest("t_1", "prg_1", day, {"mat_1:no_diary"})
    assert first.entries == {"mat_1:no_diary"} and not first.scheduled
    store.risk_digest_scheduled("t_1", "prg_1", day)
    second = store.add_to_risk_digest("t_1", "prg_1", day, {"mat_2:rating_fell", "mat_1:no_diary"})
    assert second.scheduled and second.by_relationship() == {"mat_1": ["no_diary"], "mat_2": ["rating_fell"]}
    assert store.close_risk_digest("t_1", "prg_1", day).sent
    assert store.add_to_risk_digest("t_1", "prg_1", day, {"mat_3:no_session"}) is None
    assert store.close_risk_digest("t_1", "prg_1", day + timedelta(days=1)) is None
