"""A person's private calendar feed: every session of every relationship of theirs, nobody else's; the
secret is stored only as a hash; a new URL or a revocation stops the old one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from services.sessions import logic
from services.sessions.schemas import SessionChange, SessionCreate
from shared.errors import Forbidden, NotFound
from shared.events.catalog import MatchConfirmed
from tests.fakes.publisher import RecordingPublisher
from tests.unit.sessions.fakes import (
    InMemorySessionsRecords,
    accepted,
    manager,
    member,
    meta,
    relationship,
)

NOW = datetime.now(UTC)


def plan(store, match_id: str, days: float, by: str = "mtr") -> str:
    body = SessionCreate(
        starts_at=NOW + timedelta(days=days), duration_minutes=60, topic="T", mode="in_person"
    )
    return logic.plan_session(member(by), match_id, body, store, RecordingPublisher()).session_id


@pytest.fixture
def store() -> InMemorySessionsRecords:
    """Mentor `mtr` in three relationships: a group (e1, e2) and pairs with e3 and e4."""
    store = InMemorySessionsRecords()
    relationship(store, "e1", "e2")
    for n, mentee in ((2, "e3"), (3, "e4")):
        logic.project_participant(meta(), accepted(mentee, "mentee"), store)
        confirmed = MatchConfirmed(
            match_id=f"match_{n}", programme_id="prg_1", kind="pair", mentor_id="mtr", mentee_ids=[mentee]
        )
        logic.open_relationship(meta(), confirmed, store)
    return store


def uids(feed: bytes) -> dict[str, str]:
    return {str(e["uid"]): str(e["status"]) for e in Calendar.from_ical(feed).walk("VEVENT")}


def test_a_persons_feed_holds_every_relationship_of_theirs_and_nobody_elses(store):
    sessions = [plan(store, m, d) for m, d in (("match_1", 3), ("match_2", 4), ("match_3", 5))]
    token, record = logic.make_feed(member("mtr"), store)
    assert len(token) >= 43 and token not in record.token_hash  # 256 bits; only the hash is kept
    assert set(uids(logic.person_feed(f"{token}.ics", store))) == {f"{s}@tandem" for s in sessions}

    e3_token, _ = logic.make_feed(member("e3"), store)
    assert set(uids(logic.person_feed(f"{e3_token}.ics", store))) == {f"{sessions[1]}@tandem"}


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(store):
    session_id = plan(store, "match_2", 4)
    cancel = SessionChange.model_validate({"status": "cancelled"})
    logic.change_session(member("mtr"), session_id, cancel, store, RecordingPublisher())
    token, _ = logic.make_feed(member("e3"), store)
    assert uids(logic.person_feed(f"{token}.ics", store)) == {f"{session_id}@tandem": "CANCELLED"}


def test_a_new_url_and_a_revocation_stop_the_old_one(store):
    old, _ = logic.make_feed(member("e1"), store)
    new, _ = logic.make_feed(member("e1"), store)
    with pytest.raises(NotFound):
        logic.person_feed(f"{old}.ics", store)
    logic.person_feed(f"{new}.ics", store)
    logic.revoke_feed(member("e1"), store)
    with pytest.raises(NotFound):
        logic.person_feed(f"{new}.ics", store)
    with pytest.raises(NotFound):
        logic.person_feed(new, store)  # without .ics


def test_only_members_make_a_feed(store):
    with pytest.raises(Forbidden):
        logic.make_feed(manager(), store)


def test_a_change_to_a_plan_shows_in_the_next_read_of_the_feed(store):
    session_id = plan(store, "match_2", 4)
    token, _ = logic.make_feed(member("e3"), store)
    assert uids(logic.person_feed(f"{token}.ics", store)) == {f"{session_id}@tandem": "CONFIRMED"}
    cancel = SessionChange.model_validate({"status": "cancelled"})
    logic.change_session(member("mtr"), session_id, cancel, store, RecordingPublisher())
    assert uids(logic.person_feed(f"{token}.ics", store)) == {f"{session_id}@tandem": "CANCELLED"}
