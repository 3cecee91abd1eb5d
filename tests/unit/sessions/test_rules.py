"""Sessions' rules over the in-memory table (tests/unit/sessions/fakes.py), Given / When / Then."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from services.sessions import logic
from services.sessions.schemas import (
    AbsenceNotice,
    AgreementTemplateWrite,
    AgreementWrite,
    Attendance,
    DiaryRemark,
    DiaryWrite,
    GoalsWrite,
    SessionChange,
    SessionCreate,
    SignatureRequest,
)
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.events.catalog import MatchConfirmed, MatchEnded, ProgrammeChanged, RelationshipClosed
from tests.fakes.publisher import RecordingPublisher
from tests.unit.sessions.fakes import (
    OTHER,
    TENANT,
    InMemorySessionsRecords,
    accepted,
    manager,
    member,
    meta,
    programme_opened,
    relationship,
    trainer,
)

NOW = datetime.now(UTC)


@pytest.fixture
def store() -> InMemorySessionsRecords:
    return InMemorySessionsRecords()


@pytest.fixture
def bus() -> RecordingPublisher:
    return RecordingPublisher()


def rule_of(refused: pytest.ExceptionInfo[Exception]) -> str:
    return str(refused.value.extensions["rule"])  # type: ignore[attr-defined]


def agreement(**changes: object) -> AgreementWrite:
    return AgreementWrite.model_validate({"starts_on": "2027-02-01", "ends_on": "2027-07-31", **changes})


def session(days: float, mode: str = "in_person") -> SessionCreate:
    starts = NOW + timedelta(days=days)
    return SessionCreate(starts_at=starts, duration_minutes=60, topic="Plan", mode=mode)  # type: ignore[arg-type]


def planned(store, bus, *sessions: tuple[float, str], by: str = "mtr") -> list[str]:
    return [
        logic.plan_session(member(by), "match_1", session(d, m), store, bus).session_id for d, m in sessions
    ]


# --- the relationship projection ------------------------------------------------------------------------


def test_a_match_confirmed_before_its_participants_are_known_is_retried(store):
    logic.project_programme(meta(), programme_opened(), store)
    confirmed = MatchConfirmed(
        match_id="m", programme_id="prg_1", kind="pair", mentor_id="mtr", mentee_ids=["e1"]
    )
    with pytest.raises(LookupError):
        logic.open_relationship(meta(), confirmed, store)
    for participant_id, role in (("mtr", "mentor"), ("e1", "mentee")):
        logic.project_participant(meta(), accepted(participant_id, role), store)
    logic.open_relationship(meta(), confirmed, store)
    known = store.relationship("t-town", "m")
    assert known is not None and known.persons == {"mtr": "p_mtr", "e1": "p_e1"}


def test_an_older_programme_change_does_not_undo_a_newer_one(store):
    newer = ProgrammeChanged(
        **programme_opened("in_person").model_dump(exclude={"opened_by"}), programme_version=3
    )
    older = ProgrammeChanged(
        **programme_opened("blended").model_dump(exclude={"opened_by"}), programme_version=2
    )
    logic.project_programme(meta(), newer, store, version=3)
    logic.project_programme(meta(), older, store, version=2)
    assert store.programme("t-town", "prg_1").mode == "in_person"  # type: ignore[union-attr]


def test_only_members_and_managers_of_the_municipality_reach_a_relationship(store):
    relationship(store, "e1")
    assert logic.read_agreement(member("e1"), "match_1", store).version == 0
    assert logic.read_agreement(manager(), "match_1", store).version == 0
    with pytest.raises(Forbidden):
        logic.read_agreement(trainer(), "match_1", store)
    with pytest.raises(NotFound):
        logic.read_agreement(manager(OTHER), "match_1", store)
    with pytest.raises(NotFound):
        logic.read_agreement(member("mtr_other"), "match_1", store)


# --- the agreement ----------------------------------------------------------------------------------------


def test_the_draft_agreement_is_pre_filled_from_the_programme_and_the_seeds(store):
    relationship(store, "e1", languages=("de", "en"))
    draft = logic.read_agreement(member("e1"), "match_1", store)
    assert (draft.starts_on, draft.ends_on, draft.meeting_every_days) == (
        date(2027, 2, 1),
        date(2027, 8, 1),
        14,
    )
    assert len(draft.ethics) == 9 and draft.ethics[0] == "Wir respektieren die Zeit aller."
    assert any("nach dem Ende des Programms" in term for term in draft.terms)


def test_a_programmes_own_code_of_ethics_pre_fills_its_agreements_not_yet_written(store):
    relationship(store, "e1", languages=("de", "en"))
    written = logic.write_agreement(member("mtr"), "match_1", agreement(), store)
    seeds = logic.read_agreement_template(manager(), "prg_1", store)
    assert seeds.version == 0 and seeds.ethics == written.ethics  # the seeds', in the programme's languages

    own = AgreementTemplateWrite(
        ethics=["Pünktlich sein.", "Vertraulich bleiben."], terms=["Rat ist Orientierung."],
        communication_rules="Signal, nicht WhatsApp.",
    )  # fmt: skip
    saved = logic.write_agreement_template(manager(), "prg_1", own, store)
    assert (saved.version, saved.ethics) == (1, ["Pünktlich sein.", "Vertraulich bleiben."])

    relationship(store, "e2", match_id="match_2")
    draft = logic.read_agreement(member("e2"), "match_2", store)
    assert (draft.ethics, draft.terms, draft.communication_rules) == (
        ["Pünktlich sein.", "Vertraulich bleiben."], ["Rat ist Orientierung."], "Signal, nicht WhatsApp."
    )  # fmt: skip
    assert logic.read_agreement(member("e1"), "match_1", store).ethics == written.ethics  # kept its own


def test_only_the_municipalitys_managers_write_a_programmes_code_of_ethics(store):
    relationship(store, "e1")
    own = AgreementTemplateWrite(ethics=["Be kind."])
    for caller in (member("mtr"), member("e1"), trainer()):
        with pytest.raises(Forbidden):
            logic.write_agreement_template(caller, "prg_1", own, store)
    with pytest.raises(NotFound):
        logic.write_agreement_template(manager(OTHER), "prg_1", own, store)
    assert store.agreement_template(TENANT, "prg_1") is None


def test_the_agreement_lies_within_the_programmes_dates(store):
    relationship(store, "e1")
    with pytest.raises(RuleViolation) as refused:
        logic.write_agreement(member("mtr"), "match_1", agreement(starts_on="2027-01-15"), store)
    assert rule_of(refused) == "agreement_within_programme"
    assert store.agreement("t-town", "match_1") is None


def test_a_mentee_cannot_write_the_agreement(store):
    relationship(store, "e1")
    with pytest.raises(Forbidden):
        logic.write_agreement(member("e1"), "match_1", agreement(), store)


def test_a_change_after_a_signature_clears_every_signature_and_an_old_version_cannot_be_signed(store, bus):
    relationship(store, "e1")
    logic.write_agreement(member("mtr"), "match_1", agreement(), store)
    logic.sign_agreement(member("mtr"), "match_1", SignatureRequest(version=1), store, bus)
    changed = logic.write_agreement(manager(), "match_1", agreement(meeting_every_days=7), store)
    assert (changed.version, changed.signatures, changed.meeting_every_days) == (2, [], 7)
    with pytest.raises(Conflict) as refused:
        logic.sign_agreement(member("e1"), "match_1", SignatureRequest(version=1), store, bus)
    assert rule_of(refused) == "agreement_version_outdated"


def test_the_last_signature_publishes_agreement_signed_once(store, bus):
    relationship(store, "e1", "e2")
    logic.write_agreement(member("mtr"), "match_1", agreement(), store)
    for caller in (member("mtr"), member("e1"), manager(), manager()):
        logic.sign_agreement(caller, "match_1", SignatureRequest(version=1), store, bus)
    assert bus.types() == []
    signed = logic.sign_agreement(member("e2"), "match_1", SignatureRequest(version=1), store, bus)
    logic.sign_agreement(member("e2"), "match_1", SignatureRequest(version=1), store, bus)
    assert signed.signed and [s.role for s in signed.signatures] == ["mentor", "mentee", "manager", "mentee"]
    assert bus.types() == ["AgreementSigned"]


# --- goals ------------------------------------------------------------------------------------------------


def test_only_the_mentee_writes_their_goals_and_history_is_kept(store, bus):
    relationship(store)
    goals = GoalsWrite.model_validate({"goals": [{"title": "Open a shop", "tasks": ["Find a place"]}]})
    with pytest.raises(Forbidden):
        logic.write_goals(member("e2"), "match_1", "e1", goals, store, bus)
    with pytest.raises(Forbidden):
        logic.write_goals(manager(), "match_1", "e1", goals, store, bus)
    logic.write_goals(member("e1"), "match_1", "e1", goals, store, bus)
    again = GoalsWrite.model_validate({"goals": [{"title": "Open a café", "status": "achieved"}]})
    logic.write_goals(member("e1"), "match_1", "e1", again, store, bus)
    read = logic.read_goals(member("e3"), "match_1", store)
    assert read.mentees[0].version == 2 and read.mentees[0].goals[0].title == "Open a café"
    assert [h.goals[0].title for h in read.mentees[0].history] == ["Open a shop"]
    assert bus.types() == ["GoalsSet", "GoalsSet"]


def test_group_goals_are_the_mentors_and_only_in_a_group(store, bus):
    relationship(store, "e1")
    goals = GoalsWrite.model_validate({"goals": [{"title": "Meet monthly"}]})
    with pytest.raises(RuleViolation) as refused:
        logic.write_group_goals(member("mtr"), "match_1", goals, store, bus)
    assert rule_of(refused) == "group_only"
    with pytest.raises(Forbidden):
        logic.write_group_goals(member("e1"), "match_1", goals, store, bus)


# --- the plan ---------------------------------------------------------------------------------------------


def test_in_a_blended_programme_the_first_and_last_sessions_are_face_to_face(store, bus):
    relationship(store)
    with pytest.raises(RuleViolation) as refused:
        planned(store, bus, (10, "online"))
    assert rule_of(refused) == "face_to_face_required"
    _, last = planned(store, bus, (10, "in_person"), (40, "in_person"))
    planned(store, bus, (20, "online"))
    with pytest.raises(RuleViolation):
        planned(store, bus, (50, "online"))
    with pytest.raises(RuleViolation):
        logic.change_session(member("mtr"), last, SessionChange(mode="online"), store, bus)
    assert len(store.plan("t-town", "match_1").sessions) == 3
    assert bus.types() == ["SessionScheduled"] * 3


def test_a_plan_without_a_face_to_face_session_in_the_middle_third_is_flagged(store, bus):
    relationship(store)
    planned(store, bus, (10, "in_person"), (40, "in_person"), (20, "online"), (30, "online"))
    check = logic.list_sessions(manager(), "match_1", store).check
    assert check.first_face_to_face and check.last_face_to_face and not check.middle_face_to_face
    assert check.flags == ["middle_face_to_face_missing", "fewer_than_three_face_to_face"]
    planned(store, bus, (25, "in_person"))
    assert logic.list_sessions(manager(), "match_1", store).check.flags == []


def test_in_a_face_to_face_programme_every_session_is_in_person(store, bus):
    relationship(store, mode="in_person")
    with pytest.raises(RuleViolation) as refused:
        planned(store, bus, (10, "in_person"), (20, "online"))
    assert rule_of(refused) == "face_to_face_required"


def test_an_e_mentoring_plan_may_be_online(store, bus):
    relationship(store, mode="e_mentoring")
    planned(store, bus, (10, "online"))
    assert logic.list_sessions(member("e1"), "match_1", store).check.applies is False


def test_the_plan_is_kept_by_the_mentor_or_a_manager(store, bus):
    relationship(store)
    with pytest.raises(Forbidden):
        planned(store, bus, (10, "in_person"), by="e1")
    (sid,) = planned(store, bus, (10, "in_person"))
    moved = logic.change_session(
        manager(), sid, SessionChange(starts_at=NOW + timedelta(days=11)), store, bus
    )
    cancelled = logic.change_session(member("mtr"), sid, SessionChange(status="cancelled"), store, bus)
    assert (moved.sequence, cancelled.status) == (1, "cancelled")
    assert bus.types() == ["SessionScheduled", "SessionRescheduled", "SessionCancelled"]
    with pytest.raises(RuleViolation) as refused:
        logic.change_session(member("mtr"), sid, SessionChange(topic="x"), store, bus)
    assert rule_of(refused) == "session_not_planned"


def test_another_municipalitys_session_is_not_found(store, bus):
    relationship(store)
    (sid,) = planned(store, bus, (10, "in_person"))
    with pytest.raises(NotFound):
        logic.change_session(manager(OTHER), sid, SessionChange(topic="x"), store, bus)


# --- absence ----------------------------------------------------------------------------------------------


def test_a_mentors_absence_must_name_another_date_and_nothing_happens_without_it(store, bus):
    relationship(store)
    (sid,) = planned(store, bus, (10, "in_person"))
    with pytest.raises(RuleViolation) as refused:
        logic.notice_absence(member("mtr"), sid, AbsenceNotice(reason="Ill"), store, bus)
    assert rule_of(refused) == "proposed_starts_at_required"
    assert store.plan("t-town", "match_1").sessions[0].absences == []
    assert bus.types() == ["SessionScheduled"]


@pytest.mark.parametrize(("days_ahead", "late"), [(1.9, True), (2.1, False)])
def test_a_mentors_notice_under_48_hours_before_the_start_is_late(store, bus, days_ahead, late):
    relationship(store)
    (sid,) = planned(store, bus, (days_ahead, "in_person"))
    new_date = NOW + timedelta(days=9)
    notice = AbsenceNotice(reason="Ill", proposed_starts_at=new_date)
    moved = logic.notice_absence(member("mtr"), sid, notice, store, bus, now=NOW)
    assert moved.starts_at == new_date and moved.absences[0].late is late
    noticed = [e for e in bus.events() if e.event_type() == "AbsenceNoticed"]
    assert noticed[0].late is late  # type: ignore[attr-defined]
    assert bus.types()[1:] == ["AbsenceNoticed", "SessionRescheduled"]


def test_a_mentees_absence_informs_without_moving_the_session_and_others_see_no_reason(store, bus):
    relationship(store)
    (sid,) = planned(store, bus, (1, "in_person"))
    seen = logic.notice_absence(member("e1"), sid, AbsenceNotice(reason="Exam"), store, bus)
    assert seen.starts_at == store.plan("t-town", "match_1").sessions[0].starts_at
    assert seen.absences[0].reason == "Exam" and seen.absences[0].late is False
    assert logic.list_sessions(member("e2"), "match_1", store).items[0].absences[0].reason == ""
    assert logic.list_sessions(member("mtr"), "match_1", store).items[0].absences[0].reason == "Exam"
    with pytest.raises(Forbidden):
        logic.notice_absence(manager(), sid, AbsenceNotice(reason="x"), store, bus)


def test_no_absence_is_noticed_once_the_session_started(store, bus):
    relationship(store)
    (sid,) = planned(store, bus, (-0.01, "in_person"))
    with pytest.raises(RuleViolation) as refused:
        logic.notice_absence(member("e1"), sid, AbsenceNotice(reason="x"), store, bus)
    assert rule_of(refused) == "session_started"


# --- attendance and the diary -----------------------------------------------------------------------------


def test_attendance_is_recorded_after_the_start_by_the_mentor_only(store, bus):
    relationship(store)
    (ahead,) = planned(store, bus, (1, "in_person"))
    with pytest.raises(RuleViolation) as refused:
        logic.record_attendance(member("mtr"), ahead, Attendance(present=["e1"]), store, bus)
    assert rule_of(refused) == "session_not_started"
    (past,) = planned(store, bus, (-1, "in_person"))
    with pytest.raises(Forbidden):
        logic.record_attendance(manager(), past, Attendance(present=["e1"]), store, bus)
    with pytest.raises(RuleViolation):
        logic.record_attendance(member("mtr"), past, Attendance(present=["stranger"]), store, bus)
    held = logic.record_attendance(member("mtr"), past, Attendance(present=["e2", "e1"]), store, bus)
    assert (held.status, held.present, held.diary_writer_id) == ("held", ["e1", "e2"], "e1")
    with pytest.raises(Conflict):
        logic.record_attendance(member("mtr"), past, Attendance(present=["e1"]), store, bus)
    assert bus.types()[-1] == "SessionHeld"


def test_the_diary_writer_rotates_over_present_mentees_unless_the_mentor_chooses(store, bus):
    relationship(store)
    ids = planned(store, bus, (-5, "in_person"), (-4, "in_person"), (-3, "in_person"), (-2, "in_person"))
    writers = [
        logic.record_attendance(member("mtr"), ids[0], Attendance(present=["e1", "e2", "e3"]), store, bus),
        logic.record_attendance(member("mtr"), ids[1], Attendance(present=["e1", "e3"]), store, bus),
        logic.record_attendance(
            member("mtr"), ids[2], Attendance(present=["e1", "e2", "e3"], diary_writer_id="e2"), store, bus
        ),
        logic.record_attendance(member("mtr"), ids[3], Attendance(present=["e1", "e2", "e3"]), store, bus),
    ]
    assert [s.diary_writer_id for s in writers] == ["e1", "e3", "e2", "e3"]
    with pytest.raises(RuleViolation) as refused:
        logic.record_attendance(
            member("mtr"), planned(store, bus, (-1, "in_person"))[0],
            Attendance(present=["e1"], diary_writer_id="e2"), store, bus,
        )  # fmt: skip
    assert rule_of(refused) == "writer_not_present"


ENTRY = DiaryWrite(summary="We met.", topics=["pricing"], learned="Costs", next_steps="Call the bank")


def test_only_the_mentee_whose_turn_it_is_writes_the_diary_and_the_event_carries_ids_only(store, bus):
    relationship(store)
    (sid,) = planned(store, bus, (-1, "in_person"))
    with pytest.raises(RuleViolation) as refused:
        logic.write_diary(member("e1"), sid, ENTRY, store, bus)
    assert rule_of(refused) == "session_not_held"
    logic.record_attendance(member("mtr"), sid, Attendance(present=["e1", "e2"]), store, bus)
    for someone_else in (member("e2"), member("mtr"), manager()):
        with pytest.raises(Forbidden):
            logic.write_diary(someone_else, sid, ENTRY, store, bus)
    diary = logic.write_diary(member("e1"), sid, ENTRY, store, bus)
    assert diary.entry is not None and diary.entry.summary == "We met."
    submitted = bus.events()[-1]
    ids = {"session_id": sid, "match_id": "match_1", "programme_id": "prg_1", "writer_id": "e1"}
    assert submitted.model_dump() == {**ids, "entry_version": 1}


def test_remarks_are_the_mentors_under_a_written_entry_and_trainers_never_read(store, bus):
    relationship(store)
    (sid,) = planned(store, bus, (-1, "in_person"))
    logic.record_attendance(member("mtr"), sid, Attendance(present=["e1"]), store, bus)
    with pytest.raises(RuleViolation) as refused:
        logic.add_remark(member("mtr"), sid, DiaryRemark(text="Good."), store)
    assert rule_of(refused) == "diary_missing"
    logic.write_diary(member("e1"), sid, ENTRY, store, bus)
    with pytest.raises(Forbidden):
        logic.add_remark(member("e1"), sid, DiaryRemark(text="Good."), store)
    remarked = logic.add_remark(member("mtr"), sid, DiaryRemark(text="Good."), store)
    assert [r.text for r in remarked.remarks] == ["Good."]
    assert logic.read_diary(manager(), sid, store).entry is not None
    with pytest.raises(Forbidden):
        logic.read_diary(trainer(), sid, store)


# --- the end ----------------------------------------------------------------------------------------------


def test_an_ended_relationship_cancels_what_lies_ahead_and_takes_no_more_writes(store, bus):
    relationship(store)
    past, ahead = planned(store, bus, (-1, "in_person"), (10, "in_person"))
    ended = MatchEnded(
        match_id="match_1", programme_id="prg_1", mentor_id="mtr", mentee_ids=["e1", "e2", "e3"]
    )
    logic.close_relationship(meta(), ended, store, bus)
    logic.close_relationship(meta(), ended, store, bus)  # a replay changes nothing
    statuses = {s.session_id: s.status for s in logic.list_sessions(member("e1"), "match_1", store).items}
    assert statuses == {past: "planned", ahead: "cancelled"}
    assert bus.types()[-1:] == ["SessionCancelled"] and bus.types().count("SessionCancelled") == 1
    for write in (
        lambda: logic.write_agreement(member("mtr"), "match_1", agreement(), store),
        lambda: planned(store, bus, (20, "in_person")),
        lambda: logic.record_attendance(member("mtr"), past, Attendance(present=["e1"]), store, bus),
    ):
        with pytest.raises(RuleViolation) as refused:
            write()
        assert rule_of(refused) == "relationship_closed"
    assert logic.read_agreement(manager(), "match_1", store).version == 0


def closed_by_review() -> RelationshipClosed:
    return RelationshipClosed(
        match_id="match_1",
        programme_id="prg_1",
        mentor_id="mtr",
        mentee_ids=["e1", "e2", "e3"],
        closed_on=date(2027, 7, 31),
    )


def test_the_final_review_completes_the_relationship_and_a_later_match_ended_changes_nothing(store, bus):
    relationship(store)
    _, ahead = planned(store, bus, (-1, "in_person"), (10, "in_person"))
    logic.close_relationship(meta(event_type="RelationshipClosed"), closed_by_review(), store, bus)
    ended = MatchEnded(
        match_id="match_1",
        programme_id="prg_1",
        mentor_id="mtr",
        mentee_ids=["e1", "e2", "e3"],
        completed=True,
    )
    logic.close_relationship(meta(event_type="MatchEnded"), ended, store, bus)
    assert store.relationship("t-town", "match_1").status == "completed"  # type: ignore[union-attr]
    assert bus.types().count("SessionCancelled") == 1
    listed = logic.list_sessions(member("e2"), "match_1", store).items
    assert next(s for s in listed if s.session_id == ahead).status == "cancelled"
    with pytest.raises(RuleViolation) as refused:
        logic.write_goals(member("e1"), "match_1", "e1", GoalsWrite(goals=[]), store, bus)
    assert rule_of(refused) == "relationship_closed"


def test_matching_completing_a_match_first_completes_the_relationship_too(store, bus):
    relationship(store)
    ended = MatchEnded(
        match_id="match_1",
        programme_id="prg_1",
        mentor_id="mtr",
        mentee_ids=["e1", "e2", "e3"],
        completed=True,
    )
    logic.close_relationship(meta(event_type="MatchEnded"), ended, store, bus)
    logic.close_relationship(meta(event_type="RelationshipClosed"), closed_by_review(), store, bus)
    assert store.relationship("t-town", "match_1").status == "completed"  # type: ignore[union-attr]


def test_a_relationship_ended_early_stays_ended_when_a_final_review_follows(store, bus):
    relationship(store)
    early = MatchEnded(
        match_id="match_1", programme_id="prg_1", mentor_id="mtr", mentee_ids=["e1", "e2", "e3"]
    )
    logic.close_relationship(meta(event_type="MatchEnded"), early, store, bus)
    logic.close_relationship(meta(event_type="RelationshipClosed"), closed_by_review(), store, bus)
    assert store.relationship("t-town", "match_1").status == "ended"  # type: ignore[union-attr]


# --- the calendar -----------------------------------------------------------------------------------------


def test_the_calendar_keeps_uids_raises_sequence_marks_cancellations_and_names_the_zone(store, bus):
    relationship(store)
    first, second = planned(store, bus, (10, "in_person"), (20, "in_person"))
    before = Calendar.from_ical(logic.member_calendar(member("e1"), "match_1", store))
    logic.change_session(member("mtr"), first, SessionChange(topic="Pricing"), store, bus)
    logic.change_session(member("mtr"), first, SessionChange(status="cancelled"), store, bus)
    after = Calendar.from_ical(logic.member_calendar(member("mtr"), "match_1", store))

    def events(feed: Calendar) -> dict[str, Any]:
        return {str(e["UID"]): e for e in feed.walk("VEVENT")}

    assert set(events(before)) == set(events(after)) == {f"{first}@tandem", f"{second}@tandem"}
    moved = events(after)[f"{first}@tandem"]
    assert (int(moved["SEQUENCE"]), str(moved["STATUS"]), str(moved["SUMMARY"])) == (
        2,
        "CANCELLED",
        "Pricing",
    )
    assert str(events(after)[f"{second}@tandem"]["STATUS"]) == "CONFIRMED"
    assert moved["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [str(z["TZID"]) for z in after.walk("VTIMEZONE")] == ["Europe/Berlin"]
    with pytest.raises(Forbidden):
        logic.member_calendar(manager(), "match_1", store)


@pytest.mark.parametrize("zone", ["Europe/Warsaw", "Europe/Lisbon"])
def test_the_calendar_is_in_the_municipalitys_zone(store, bus, zone):
    opened = programme_opened().model_copy(update={"timezone": zone})
    logic.project_programme(meta(), opened, store)
    relationship(store, programme=opened)
    planned(store, bus, (10, "in_person"))
    feed = Calendar.from_ical(logic.member_calendar(member("e1"), "match_1", store))
    [event] = feed.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == zone
    assert [str(z["TZID"]) for z in feed.walk("VTIMEZONE")] == [zone]
