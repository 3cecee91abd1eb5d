"""Sessions' table on moto: each document is saved only at the revision it was read, a new session's id
finds its relationship, and the whole runs through logic as on the in-memory table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.sessions import logic
from services.sessions.models import Plan, Session
from services.sessions.schemas import AgreementWrite, Attendance, DiaryWrite, SessionCreate, SignatureRequest
from shared.errors import Conflict
from tests.fakes.publisher import RecordingPublisher
from tests.unit.sessions.fakes import TENANT, manager, member, relationship


@pytest.fixture
def store(store_module):
    return store_module.SessionsStore()


def a_session(session_id: str, days: int) -> Session:
    starts = datetime.now(UTC) + timedelta(days=days)
    return Session(
        session_id=session_id, match_id="m1", starts_at=starts, duration_minutes=60, topic="t", mode="online"
    )


def test_a_plan_saved_at_a_stale_revision_is_refused_and_its_new_session_not_registered(store):
    store.save_plan(TENANT, Plan(match_id="m1", sessions=[a_session("s1", 1)]), new_session_id="s1")
    read_once, read_twice = store.plan(TENANT, "m1"), store.plan(TENANT, "m1")
    read_once.sessions.append(a_session("s2", 2))
    store.save_plan(TENANT, read_once, new_session_id="s2")
    read_twice.sessions.append(a_session("s3", 3))
    with pytest.raises(Conflict):
        store.save_plan(TENANT, read_twice, new_session_id="s3")
    assert [s.session_id for s in store.plan(TENANT, "m1").sessions] == ["s1", "s2"]
    assert (store.match_of_session(TENANT, "s2"), store.match_of_session(TENANT, "s3")) == ("m1", None)
    assert store.match_of_session("t-other", "s1") is None


def test_a_second_new_plan_for_the_same_relationship_is_refused(store):
    store.save_plan(TENANT, Plan(match_id="m1", sessions=[a_session("s1", 1)]), new_session_id="s1")
    with pytest.raises(Conflict):
        store.save_plan(TENANT, Plan(match_id="m1", sessions=[a_session("s9", 1)]), new_session_id="s9")


def test_the_agreement_signing_and_the_diary_run_on_the_table(store):
    bus = RecordingPublisher()
    relationship(store, "e1")
    agreement = AgreementWrite.model_validate({"starts_on": "2027-02-01", "ends_on": "2027-07-31"})
    logic.write_agreement(member("mtr"), "match_1", agreement, store)
    stale = store.agreement(TENANT, "match_1")
    for caller in (member("mtr"), member("e1"), manager()):
        logic.sign_agreement(caller, "match_1", SignatureRequest(version=1), store, bus)
    assert store.agreement(TENANT, "match_1").signed  # type: ignore[union-attr]
    with pytest.raises(Conflict):
        store.save_agreement(TENANT, stale)  # type: ignore[arg-type]

    starts = datetime.now(UTC) - timedelta(hours=1)
    body = SessionCreate(starts_at=starts, duration_minutes=60, topic="Plan", mode="in_person")
    sid = logic.plan_session(member("mtr"), "match_1", body, store, bus).session_id
    logic.record_attendance(member("mtr"), sid, Attendance(present=["e1"]), store, bus)
    entry = DiaryWrite(summary="We met.", topics=[], learned="", next_steps="")
    logic.write_diary(member("e1"), sid, entry, store, bus)
    assert logic.read_diary(manager(), sid, store).entry.summary == "We met."  # type: ignore[union-attr]
    assert bus.types() == ["AgreementSigned", "SessionScheduled", "SessionHeld", "DiaryEntrySubmitted"]


def test_a_persons_current_feed_is_found_until_it_is_replaced_or_revoked(store):
    relationship(store, "e1")
    assert logic.current_feed(member("e1"), store) is None
    first, _ = logic.make_feed(member("e1"), store)
    found = logic.current_feed(member("e1"), store)
    assert found is not None and found.token_hash == logic.feeds.token_hash(first)
    second, _ = logic.make_feed(member("e1"), store)
    assert logic.current_feed(member("e1"), store).token_hash == logic.feeds.token_hash(second)
    assert logic.current_feed(member("mtr"), store) is None  # one person's feed is not another's
    logic.revoke_feed(member("e1"), store)
    assert logic.current_feed(member("e1"), store) is None
