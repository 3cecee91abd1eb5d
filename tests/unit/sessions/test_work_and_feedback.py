"""Work plans, feedback on a talk and the peer board over the in-memory table, Given / When / Then."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.sessions import logic
from services.sessions.schemas import Attendance, FeedbackWrite, PeerPostWrite, SessionCreate, WorkPlanWrite
from shared.errors import Forbidden, NotFound, RuleViolation
from shared.events.catalog import MatchEnded, TalkFeedbackGiven, WorkPlanWritten
from tests.fakes.principals import signed_in
from tests.fakes.publisher import RecordingPublisher
from tests.unit.sessions.fakes import (
    OTHER,
    TENANT,
    InMemorySessionsRecords,
    accepted,
    manager,
    member,
    meta,
    relationship,
    trainer,
)


@pytest.fixture
def store() -> InMemorySessionsRecords:
    return InMemorySessionsRecords()


@pytest.fixture
def bus() -> RecordingPublisher:
    return RecordingPublisher()


def plan(*titles: str, done: int = 0) -> WorkPlanWrite:
    return WorkPlanWrite.model_validate(
        {"tasks": [{"title": t, "done": i < done} for i, t in enumerate(titles)]}
    )


def test_a_mentee_ticks_the_mentors_week_plan_and_the_event_counts_without_the_tasks(store, bus):
    match_id = relationship(store, "e1")
    logic.write_work_plan(
        member("mtr"), match_id, "2027-W09", plan("Shadow a shift", "Read the manual"), store, bus
    )
    ticked = logic.write_work_plan(
        member("e1"), match_id, "2027-W09", plan("Shadow a shift", "Read the manual", done=1), store, bus
    )
    assert ticked.version == 2 and ticked.kind == "week" and ticked.written_by == ["mtr", "e1"]
    events = [e for e in bus.events() if isinstance(e, WorkPlanWritten)]
    assert [(e.task_count, e.done_count) for e in events] == [(2, 0), (2, 1)]
    assert "Shadow" not in str([e.model_dump() for e in events])
    assert [p.period for p in logic.read_work_plans(manager(), match_id, store).plans] == ["2027-W09"]


def test_work_plans_are_for_a_day_or_a_week_written_by_members_only(store, bus):
    match_id = relationship(store, "e1")
    assert logic.write_work_plan(member("e1"), match_id, "2027-03-01", plan("Call"), store, bus).kind == "day"
    for period in ("2027-13-01", "2027-W60", "soon"):
        with pytest.raises(RuleViolation):
            logic.write_work_plan(member("e1"), match_id, period, plan("Call"), store, bus)
    with pytest.raises(Forbidden):
        logic.write_work_plan(manager(), match_id, "2027-W09", plan("Call"), store, bus)
    with pytest.raises(Forbidden):
        logic.read_work_plans(trainer(), match_id, store)
    with pytest.raises(NotFound):
        logic.read_work_plans(manager(OTHER), match_id, store)


def test_a_closed_relationship_keeps_its_plans_readable_not_writable(store, bus):
    match_id = relationship(store, "e1")
    logic.write_work_plan(member("e1"), match_id, "2027-W09", plan("Call"), store, bus)
    ended = MatchEnded(match_id=match_id, programme_id="prg_1", mentor_id="mtr", mentee_ids=["e1"])
    logic.close_relationship(meta(event_type="MatchEnded"), ended, store, bus)
    with pytest.raises(RuleViolation):
        logic.write_work_plan(member("e1"), match_id, "2027-W09", plan("Call"), store, bus)
    assert len(logic.read_work_plans(member("mtr"), match_id, store).plans) == 1


def held_session(store: InMemorySessionsRecords, bus: RecordingPublisher, match_id: str) -> str:
    ago = datetime.now(UTC) - timedelta(days=1)
    body = SessionCreate(starts_at=ago, duration_minutes=60, topic="Monthly talk", mode="in_person")
    session = logic.plan_session(member("mtr"), match_id, body, store, bus)
    logic.record_attendance(member("mtr"), session.session_id, Attendance(present=["e1"]), store, bus)
    return session.session_id


def test_both_sides_rate_a_held_talk_and_only_the_rating_travels(store, bus):
    match_id = relationship(store, "e1")
    session_id = held_session(store, bus, match_id)
    logic.give_feedback(member("e1"), session_id, FeedbackWrite(usefulness=4, keep="Examples"), store, bus)
    logic.give_feedback(
        member("mtr"), session_id, FeedbackWrite(usefulness=5, change="Less talk"), store, bus
    )
    again = logic.give_feedback(member("e1"), session_id, FeedbackWrite(usefulness=3), store, bus)
    assert again.version == 2
    read = logic.read_feedback(manager(), session_id, store)
    assert [(f.role, f.usefulness) for f in read.feedback] == [("mentor", 5), ("mentee", 3)]
    ratings = [e for e in bus.events() if isinstance(e, TalkFeedbackGiven)]
    assert [r.usefulness for r in ratings] == [4, 5, 3]
    assert "Examples" not in str([r.model_dump() for r in ratings])
    with pytest.raises(Forbidden):
        logic.give_feedback(manager(), session_id, FeedbackWrite(usefulness=2), store, bus)


def test_no_feedback_before_the_talk_is_held(store, bus):
    match_id = relationship(store, "e1")
    ahead = datetime.now(UTC) + timedelta(days=3)
    body = SessionCreate(starts_at=ahead, duration_minutes=60, topic="Next", mode="in_person")
    session = logic.plan_session(member("mtr"), match_id, body, store, bus)
    with pytest.raises(RuleViolation):
        logic.give_feedback(member("e1"), session.session_id, FeedbackWrite(usefulness=4), store, bus)


def test_the_board_is_for_the_programmes_mentors_even_unmatched_its_trainers_and_managers(store):
    relationship(store, "e1")
    logic.project_participant(meta(), accepted("mtr_free", "mentor"), store)
    post = PeerPostWrite(title="Starting out", text="What helped?")
    made = logic.write_to_board(member("mtr_free"), "prg_1", post, store)
    reply = PeerPostWrite(text="Listening first.", reply_to=made.post_id)
    logic.write_to_board(trainer(), "prg_1", reply, store)
    logic.write_to_board(manager(), "prg_1", reply, store)
    seen = logic.read_board(member("mtr"), "prg_1", store)
    assert [(r.author_role, r.mine) for r in seen.posts[0].replies] == [
        ("trainer", False),
        ("manager", False),
    ]
    assert seen.posts[0].mine is False and logic.read_board(member("mtr_free"), "prg_1", store).posts[0].mine
    with pytest.raises(Forbidden):
        logic.read_board(member("e1"), "prg_1", store)
    with pytest.raises(NotFound):
        logic.read_board(manager(OTHER), "prg_1", store)
    # A mentor of another programme of the municipality is not this board's.
    stranger = signed_in("u_x", "mentor", tenant_id=TENANT, person_id="p_nobody")
    with pytest.raises(Forbidden):
        logic.read_board(stranger, "prg_1", store)


def test_a_post_or_reply_retried_with_its_idempotency_key_is_written_once(store):
    relationship(store, "e1")
    logic.project_participant(meta(), accepted("mtr_free", "mentor"), store)
    post = PeerPostWrite(title="Starting out", text="What helped?")
    first = logic.write_to_board(member("mtr_free"), "prg_1", post, store, idempotency_key="k-1")
    again = logic.write_to_board(member("mtr_free"), "prg_1", post, store, idempotency_key="k-1")
    assert again == first and len(logic.read_board(manager(), "prg_1", store).posts) == 1
    with pytest.raises(RuleViolation):
        other = PeerPostWrite(title="Starting out", text="Something else")
        logic.write_to_board(member("mtr_free"), "prg_1", other, store, idempotency_key="k-1")
    # The same key from another writer is theirs: a post of its own.
    logic.write_to_board(trainer(), "prg_1", post, store, idempotency_key="k-1")
    assert len(logic.read_board(manager(), "prg_1", store).posts) == 2
    reply = PeerPostWrite(text="Listening first.", reply_to=first.post_id)
    logic.write_to_board(manager(), "prg_1", reply, store, idempotency_key="r-1")
    twice = logic.write_to_board(manager(), "prg_1", reply, store, idempotency_key="r-1")
    assert [r.text for r in twice.replies] == ["Listening first."]
