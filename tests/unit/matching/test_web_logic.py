"""What matching's pages add to its logic: names projected from intake's event, a participant's home
and what comes next for them, a run reached under its own programme, a rematch proposal, and the running
run's page (which must say so and offer a reload, with no script)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.matching import logic
from services.matching.logic import views
from services.matching.models import Match, PersonName
from services.matching.schemas import EndMatch, MatchCreate, RunCreate
from shared.errors import Forbidden, NotFound
from shared.events.catalog import ContactDetailsRecorded, ProgrammeOpened
from shared.events.envelope import Metadata
from tests.fakes.matching import (
    TENANT,
    InMemoryMatchingRecords,
    RecordingPublisher,
    manager,
    member,
    participant,
    programme,
    seeded,
)


@pytest.fixture
def store() -> InMemoryMatchingRecords:
    return InMemoryMatchingRecords()


@pytest.fixture
def bus() -> RecordingPublisher:
    return RecordingPublisher()


def contact(
    person_id: str, given: str, family: str, at: datetime, event_id: str = "evt-1", role: str = "mentee"
) -> tuple:
    meta = Metadata(
        event_id=event_id,
        event_type="ContactDetailsRecorded",
        version=1,
        tenant_id=TENANT,
        occurred_at=at,
        correlation_id="corr",
        producer="intake",
        visibility="internal",
    )
    data = ContactDetailsRecorded(
        person_id=person_id,
        role=role,  # type: ignore[arg-type]
        email=f"{given.lower()}@example.org",
        given_name=given,
        family_name=family,
        language="de",
        phone="+49 170 0000000",
    )
    return meta, data


NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


# --- names --------------------------------------------------------------------------------------------


def test_a_name_is_kept_without_any_way_to_reach_the_person(store):
    logic.record_name(*contact("p1", "Dana", "Dorn", NOW), store)

    kept = store.names(TENANT, ["p1", "p2"])

    assert list(kept) == ["p1"] and kept["p1"].full == "Dana Dorn"
    assert set(PersonName.model_fields) == {
        "tenant_id",
        "person_id",
        "given_name",
        "family_name",
        "recorded_at",
    }
    assert "example.org" not in kept["p1"].model_dump_json() and "+49" not in kept["p1"].model_dump_json()


def test_only_mentors_and_mentees_names_are_kept(store):
    logic.record_name(*contact("p-mgr", "Maria", "Manager", NOW, role="manager"), store)
    logic.record_name(*contact("p-tr", "Tom", "Trainer", NOW, role="trainer"), store)
    logic.record_name(*contact("p-mtr", "Anna", "Adler", NOW, role="mentor"), store)

    assert list(store.names(TENANT, ["p-mgr", "p-tr", "p-mtr"])) == ["p-mtr"]


def test_a_replayed_event_changes_nothing_and_an_older_one_does_not_undo_a_newer(store):
    logic.record_name(*contact("p1", "Dana", "Dorn", NOW, "evt-new"), store)
    logic.record_name(*contact("p1", "Dana", "Dorn", NOW, "evt-new"), store)
    logic.record_name(*contact("p1", "Dana", "Maiden", NOW - timedelta(days=1), "evt-old"), store)

    assert store.names(TENANT, ["p1"])["p1"].family_name == "Dorn"
    logic.record_name(*contact("p1", "Dana", "Weiss", NOW + timedelta(days=1), "evt-later"), store)
    assert store.names(TENANT, ["p1"])["p1"].family_name == "Weiss"


def test_a_manager_sees_the_programmes_people_by_name_and_who_waits(store):
    seeded(
        store,
        programme(),
        participant("m1", "mentor"),
        participant("e1", "mentee"),
        participant("e2", "mentee"),
    )
    logic.record_name(*contact("person-e1", "Cem", "Celik", NOW), store)

    people = views.people(programme(), store)

    assert people["e1"].name == "Cem Celik" and people["e2"].name is None  # not arrived yet
    assert [p.participant_id for p in views.waiting_mentees(people)] == ["e2", "e1"]
    assert [p.participant_id for p in views.mentors(people)] == ["m1"]


# --- what comes next ----------------------------------------------------------------------------------


def a_match(status: str = "active", created: datetime = NOW, ended: datetime | None = None) -> Match:
    return Match(
        match_id=f"match_{created.timestamp()}",
        tenant_id=TENANT,
        programme_id="prg_1",
        kind="pair",
        mentor_id="m1",
        mentee_ids=["e1"],
        status=status,  # type: ignore[arg-type]
        created_at=created,
        ended_at=ended,
        source="manual",
    )


@pytest.mark.parametrize(
    ("status", "matches", "expected"),
    [
        ("available", [], views.NextStep("waiting")),
        ("matched", [a_match()], views.NextStep("matched", NOW)),
        (
            "available",
            [a_match("ended", NOW, NOW + timedelta(days=30))],
            views.NextStep("ended", NOW + timedelta(days=30)),
        ),
        # Matched again after an ending: matched, since the new match began.
        (
            "matched",
            [a_match("ended", NOW, NOW + timedelta(days=3)), a_match("active", NOW + timedelta(days=5))],
            views.NextStep("matched", NOW + timedelta(days=5)),
        ),
        ("withdrawn", [a_match()], views.NextStep("withdrawn")),
        # Completed after its final review (monitoring's RelationshipClosed): said so, not "ended".
        (
            "available",
            [
                a_match("ended", NOW, NOW + timedelta(days=3)),
                a_match("completed", NOW, NOW + timedelta(days=9)),
            ],
            views.NextStep("completed", NOW + timedelta(days=9)),
        ),
    ],
)
def test_what_comes_next_for_a_participant(status, matches, expected):
    assert views.next_step(status, matches) == expected


def test_a_mentee_sees_their_programme_and_their_mentors_first_name_only(store, bus):
    meta, opened = programme_opened()
    logic.project_programme(meta, opened, store)
    for p in (participant("m1", "mentor"), participant("e1", "mentee"), participant("e2", "mentee")):
        store.add_profile(p)
    logic.record_name(*contact("person-m1", "Anna", "Adler", NOW), store)
    logic.record_name(*contact("person-e1", "Dana", "Dorn", NOW), store)
    made = logic.create_match(
        manager(), MatchCreate(programme_id="prg_1", mentor_id="m1", mentee_ids=["e1"]), store, bus
    )

    (mine,) = views.home(member("person-e1", "mentee"), store)

    assert (mine.name, mine.starts_on, mine.ends_on, mine.role) == (
        "Start",
        date(2027, 2, 1),
        date(2027, 8, 1),
        "mentee",
    )
    assert mine.next.stage == "matched"
    assert [(o.first_name, o.role) for o in mine.matches[0].others] == [("Anna", "mentor")]
    (waiting,) = views.home(member("person-e2", "mentee"), store)
    assert waiting.next.stage == "waiting" and waiting.matches == []
    (mentor,) = views.home(member("person-m1", "mentor"), store)
    assert [(o.first_name, o.role) for o in mentor.matches[0].others] == [("Dana", "mentee")]

    logic.end_match(manager(), made.match_id, EndMatch(reason="confidential"), store, bus)
    (after,) = views.home(member("person-e1", "mentee"), store)
    assert after.next.stage == "ended" and not after.matches[0].active
    assert "confidential" not in repr(after)


def test_a_manager_has_no_home_of_their_own(store):
    with pytest.raises(Forbidden):
        views.home(manager(), store)


def test_a_member_sees_first_names_and_a_manager_full_names(store, bus):
    seeded(store, programme(), participant("m1", "mentor"), participant("e1", "mentee"))
    logic.record_name(*contact("person-m1", "Anna", "Adler", NOW), store)
    logic.record_name(*contact("person-e1", "Dana", "Dorn", NOW), store)
    made = logic.create_match(
        manager(), MatchCreate(programme_id="prg_1", mentor_id="m1", mentee_ids=["e1"]), store, bus
    )

    assert views.match_members(manager(), made, store) == ("Anna Adler", ["Dana Dorn"])
    assert views.match_members(member("person-e1", "mentee"), made, store) == ("Anna", ["Dana"])


# --- runs and rematch ---------------------------------------------------------------------------------


def test_a_run_is_found_under_its_own_programme_only(store, bus):
    seeded(store, programme(), participant("m1", "mentor"), participant("e1", "mentee"))
    store.save_programme(programme("prg_2"))
    run = logic.request_run(manager(), "prg_1", RunCreate(), store, bus)

    assert views.run_of_programme(manager(), "prg_1", run.run_id, store).run_id == run.run_id
    with pytest.raises(NotFound):
        views.run_of_programme(manager(), "prg_2", run.run_id, store)
    with pytest.raises(NotFound):
        views.run_of_programme(manager("t-other"), "prg_1", run.run_id, store)
    assert [r.run_id for r in views.runs_of(manager(), "prg_1", store)] == [run.run_id]
    assert views.runs_of(manager(), "prg_2", store) == []


def test_an_ended_match_proposes_another_mentor_with_room_never_the_same(store, bus):
    seeded(
        store,
        programme(),
        participant("m1", "mentor"),
        participant("m2", "mentor"),
        participant("e1", "mentee"),
    )
    made = logic.create_match(
        manager(), MatchCreate(programme_id="prg_1", mentor_id="m1", mentee_ids=["e1"]), store, bus
    )
    assert views.rematch(manager(), made.match_id, store, "en") == []  # still active: nothing to propose

    logic.end_match(manager(), made.match_id, EndMatch(reason="moved"), store, bus)
    (proposal,) = views.rematch(manager(), made.match_id, store, "de")

    assert proposal.mentee_id == "e1" and proposal.candidate is not None
    assert proposal.candidate.mentor_id == "m2"


# --- helpers ------------------------------------------------------------------------------------------


def programme_opened() -> tuple[Metadata, ProgrammeOpened]:
    meta = Metadata(
        event_id="evt-p",
        event_type="ProgrammeOpened",
        version=1,
        tenant_id=TENANT,
        occurred_at=NOW,
        correlation_id="corr",
        producer="intake",
    )
    opened = ProgrammeOpened(
        programme_id="prg_1",
        tenant_slug="town",
        name="Start",
        kind="pair",
        mode="blended",
        languages=["de"],
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 8, 1),
        intake_open=True,
        opened_by="mgr",
    )
    return meta, opened
