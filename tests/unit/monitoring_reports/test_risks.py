"""Relationships at risk: each reason, and RiskFlagRaised when a relationship newly is at risk or gains a
reason (never again for the same reasons, never on a read)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.monitoring.reports.logic import report
from services.monitoring.reports.logic.risks import reasons
from services.monitoring.reports.models import RelationshipRow
from shared.events.catalog import (
    AbsenceNoticed,
    AgreementSigned,
    DiaryEntrySubmitted,
    MidtermReviewRecorded,
    QuestionnaireAssigned,
    RelationshipClosed,
    RiskFlagCleared,
    RiskFlagRaised,
    RiskSweepDue,
)
from shared.events.catalog.monitoring import MenteeRating
from tests.fakes.principals import signed_in
from tests.fakes.reports import START, Feeder

P = "prg_1"
MANAGER = signed_in("u-mgr", "manager", tenant_id="t-town")
TODAY = date(2027, 2, 1)


def row(**changes: object) -> RelationshipRow:
    fields: dict[str, object] = {
        "match_id": "mat_1",
        "programme_id": P,
        "mentor_id": "par_m",
        "mentee_ids": ["par_a", "par_b"],
        "started_on": date(2027, 1, 20),
        "last_held_on": date(2027, 1, 30),
        "last_diary_on": date(2027, 1, 30),
    }
    return RelationshipRow.model_validate({**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"missed_in_a_row": {"par_a": 2}}, ["missed_sessions"]),
        ({"missed_in_a_row": {"par_a": 1, "par_b": 1}}, []),
        ({"late_mentor_absences": 2}, ["late_mentor_absences"]),
        ({"last_diary_on": date(2027, 1, 3), "started_on": date(2027, 1, 1)}, ["no_diary"]),
        (
            {"last_held_on": None, "last_diary_on": None, "started_on": date(2027, 1, 2)},
            ["no_diary", "no_session"],
        ),
        ({"last_held_on": date(2027, 1, 3), "started_on": date(2027, 1, 1)}, ["no_session"]),
        ({"ratings": {"par_a": (7, 6), "par_b": (5, 8)}}, ["rating_fell"]),
        ({"open_questionnaires": {"asg": date(2027, 1, 18)}}, []),
        ({"open_questionnaires": {"asg": date(2027, 1, 17)}}, ["questionnaire_overdue"]),
        ({"status": "completed", "late_mentor_absences": 5}, []),
        ({"started_on": date(2027, 3, 1), "last_held_on": None, "last_diary_on": None}, []),
    ],
)
def test_each_reason(changes: dict[str, object], expected: list[str]):
    assert reasons(row(**changes), 14, TODAY) == expected


def flags(feeder: Feeder) -> list[RiskFlagRaised]:
    return [e for e in feeder.publisher.events() if isinstance(e, RiskFlagRaised)]


def pair() -> Feeder:
    f = Feeder()
    f.municipality()
    f.programme(P, cadence_days=14)
    f.relationship(P, "mat_1", f.participant(P, "m", "mentor"), [f.participant(P, "a")])
    return f


def test_two_sessions_missed_without_notice_raise_one_flag_and_a_new_reason_another():
    f = pair()
    f.held(P, "mat_1", "s1", [], days=1)
    assert flags(f) == []
    f.held(P, "mat_1", "s2", [], days=8)
    assert [x.reasons for x in flags(f)] == [["missed_sessions"]]
    f.held(P, "mat_1", "s3", [], days=15)
    assert len(flags(f)) == 1  # the same reason again: no new flag
    for session in ("s3", "s4"):
        f.play(
            AbsenceNoticed(
                session_id=session,
                match_id="mat_1",
                programme_id=P,
                participant_id="par_m",
                role="mentor",
                late=True,
            ),
            at=START + timedelta(days=16),
        )
    assert [x.reasons for x in flags(f)] == [["missed_sessions"], ["missed_sessions", "late_mentor_absences"]]
    assert flags(f)[-1].match_id == "mat_1"


def test_a_session_missed_with_notice_does_not_count():
    f = pair()
    f.play(
        AbsenceNoticed(
            session_id="s2",
            match_id="mat_1",
            programme_id=P,
            participant_id="par_a",
            role="mentee",
            late=False,
        )
    )
    f.held(P, "mat_1", "s1", [], days=1)
    f.held(P, "mat_1", "s2", [], days=15)
    assert flags(f) == []


def test_a_rating_that_fell_raises_a_flag():
    f = pair()
    f.play(
        MidtermReviewRecorded(
            match_id="mat_1",
            programme_id=P,
            ratings=[MenteeRating(mentee_id="par_a", rating_start=8, rating_now=6)],
            recorded_on=START.date(),
        )
    )
    assert [x.reasons for x in flags(f)] == [["rating_fell"]]


def test_reading_the_risks_shows_quiet_relationships_but_raises_nothing():
    f = pair()
    f.play(AgreementSigned(match_id="mat_1", programme_id=P, agreement_version=1, starts_on=date(2027, 1, 4)))
    f.held(P, "mat_1", "s1", ["par_a"], days=0)
    f.play(
        DiaryEntrySubmitted(
            session_id="s1", match_id="mat_1", programme_id=P, writer_id="par_a", entry_version=1
        )
    )
    f.play(
        QuestionnaireAssigned(
            assignment_id="asg_1",
            match_id="mat_1",
            programme_id=P,
            participant_id="par_a",
            kind="initial",
            template_id="t",
            template_version=1,
            due_on=date(2027, 1, 11),
        )
    )
    sent = len(f.publisher.sent)

    soon = report.programme_risks(MANAGER, P, f.store, now=datetime(2027, 1, 10, tzinfo=UTC))
    later = report.programme_risks(MANAGER, P, f.store, now=datetime(2027, 2, 20, tzinfo=UTC))

    assert soon.relationships == []
    assert later.relationships[0].reasons == ["no_diary", "no_session", "questionnaire_overdue"]
    assert len(f.publisher.sent) == sent


def test_a_silent_relationship_is_flagged_by_the_days_first_event_of_its_municipality():
    f = pair()
    f.relationship(P, "mat_2", f.participant(P, "m2", "mentor"), [f.participant(P, "b")])
    f.held(P, "mat_1", "s1", ["par_a"], days=0)
    f.held(P, "mat_2", "s2", ["par_b"], days=0)
    assert flags(f) == []

    # Six weeks on, only the second relationship meets: its event sweeps the municipality once that day.
    f.held(P, "mat_2", "s3", ["par_b"], days=42)
    f.held(P, "mat_2", "s4", ["par_b"], days=42)

    silent = [x for x in flags(f) if x.match_id == "mat_1"]
    assert [x.reasons for x in silent] == [["no_diary", "no_session"]]


def test_a_risk_that_passes_or_a_relationship_that_closes_clears_the_flag_once():
    f = pair()
    for held_on, session in ((1, "s1"), (8, "s2")):
        f.held(P, "mat_1", session, [], days=held_on)
    assert [x.reasons for x in flags(f)] == [["missed_sessions"]]
    f.held(P, "mat_1", "s3", ["par_a", "par_b"], days=15)  # everyone came: the reason passed
    f.held(P, "mat_1", "s4", ["par_a", "par_b"], days=22)
    cleared = [e for e in f.publisher.events() if isinstance(e, RiskFlagCleared)]
    assert [(c.match_id, c.programme_id) for c in cleared] == [("mat_1", P)]

    f.play(
        MidtermReviewRecorded(
            match_id="mat_1",
            programme_id=P,
            ratings=[MenteeRating(mentee_id="par_a", rating_start=8, rating_now=6)],
            recorded_on=START.date(),
        )
    )
    closed = RelationshipClosed(
        match_id="mat_1", programme_id=P, mentor_id="par_m", mentee_ids=["par_a", "par_b"], closed_on=TODAY
    )
    f.play(closed)
    cleared = [e for e in f.publisher.events() if isinstance(e, RiskFlagCleared)]
    assert len(cleared) == 2 and len(flags(f)) == 2


def test_a_daily_schedule_sweeps_a_quiet_municipality_and_each_sweep_arms_the_next():
    from services.monitoring.reports.logic.sweep import schedule_name
    from tests.unit.monitoring.fakes import RecordingScheduler

    f = pair()
    clock = RecordingScheduler()
    f.projector.scheduler = clock
    f.held(P, "mat_1", "s1", ["par_a"], days=1)  # the day's first event claims the day and arms tomorrow
    tomorrow = START.date() + timedelta(days=2)
    at, tenant, due = clock.scheduled[schedule_name("t-town", tomorrow)]
    assert (at.date(), tenant, due) == (tomorrow, "t-town", RiskSweepDue(day=tomorrow))

    # Nothing happens in the municipality for six weeks: only the schedule's deliveries come, one a day.
    day = tomorrow
    for _ in range(42):
        at, _, due = clock.scheduled[schedule_name("t-town", day)]
        f.play(due, at=at)
        day += timedelta(days=1)
    assert [x.reasons for x in flags(f)] == [["no_diary"], ["no_diary", "no_session"]]
    assert schedule_name("t-town", day) in clock.scheduled
    swept = len(clock.scheduled)
    f.play(RiskSweepDue(day=day - timedelta(days=1)), at=at)  # a repeated delivery: no second sweep
    assert len(clock.scheduled) == swept and len(flags(f)) == 2
