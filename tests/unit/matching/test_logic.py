"""Matching's use cases over in-memory fakes (tests/fakes/matching.py), Given / When / Then."""

from __future__ import annotations

from datetime import date

import pytest

from services.matching import logic
from services.matching.models import Exclusion
from services.matching.schemas import EndMatch, MatchCreate, PublishRequest, RunCreate
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.events.catalog import ProgrammeChanged, RelationshipClosed
from tests.fakes.matching import (
    InMemoryMatchingRecords,
    RecordingPublisher,
    manager,
    member,
    meta,
    participant,
    programme,
    run_requested,
    seeded,
)


@pytest.fixture
def store() -> InMemoryMatchingRecords:
    return InMemoryMatchingRecords()


@pytest.fixture
def bus() -> RecordingPublisher:
    return RecordingPublisher()


def start_and_compute(store, bus, programme_id="prg_1", **body):
    run = logic.request_run(manager(), programme_id, RunCreate(**body), store, bus)
    return logic.compute_run(meta(), run_requested(run), store, bus)


# --- runs -------------------------------------------------------------------------------------------


def test_a_second_run_while_one_is_running_is_refused_and_publishes_nothing(store, bus):
    seeded(store, programme(), participant("m1", "mentor"), participant("e1", "mentee"))
    first = logic.request_run(manager(), "prg_1", RunCreate(), store, bus)

    with pytest.raises(Conflict) as refused:
        logic.request_run(manager(), "prg_1", RunCreate(), store, bus)

    assert refused.value.extensions["rule"] == "run_in_progress"
    assert bus.types() == ["MatchingRunRequested"]
    assert [r.run_id for r in store.runs.values()] == [first.run_id]


def test_once_the_run_completes_a_new_run_is_allowed(store, bus):
    seeded(store, programme(), participant("m1", "mentor"), participant("e1", "mentee"))
    done = start_and_compute(store, bus)
    assert done is not None and done.status == "completed"

    again = logic.request_run(manager(), "prg_1", RunCreate(), store, bus)

    assert again.status == "running"


def test_once_the_run_fails_a_new_run_is_allowed(store, bus):
    seeded(store, programme(), participant("m1", "mentor"))
    run = logic.request_run(manager(), "prg_1", RunCreate(), store, bus)

    def broken(*args, **kwargs):
        raise ArithmeticError("boom")

    failed = logic.compute_run(meta(), run_requested(run), store, bus, solve=broken)

    assert failed is not None and failed.status == "failed"
    assert logic.request_run(manager(), "prg_1", RunCreate(), store, bus).status == "running"


def test_another_programme_may_run_at_the_same_time(store, bus):
    seeded(store, programme("prg_1"))
    seeded(store, programme("prg_2"))
    logic.request_run(manager(), "prg_1", RunCreate(), store, bus)
    assert logic.request_run(manager(), "prg_2", RunCreate(), store, bus).status == "running"


def test_a_pair_programme_refuses_groups(store, bus):
    seeded(store, programme(kind="pair"))
    with pytest.raises(RuleViolation) as refused:
        logic.request_run(manager(), "prg_1", RunCreate(grouping="groups"), store, bus)
    assert refused.value.extensions["rule"] == "pair_programme"
    assert bus.sent == []


def test_a_run_gives_each_mentor_only_the_room_left(store, bus):
    # Given a mentor of capacity 3 who already has two mentees, and three free mentees
    seeded(
        store,
        programme(max_group_size=3),
        participant("m1", "mentor", capacity=3),
        *(participant(f"e{k}", "mentee") for k in range(3)),
    )
    store.participants[("t-town", "prg_1", "m1")] = store.profile("t-town", "prg_1", "m1").model_copy(
        update={"load": 2}
    )
    # When a run is computed, Then one mentee is proposed and two are left out for capacity
    done = start_and_compute(store, bus)
    assert done is not None
    assert [len(p.mentee_ids) for p in done.proposals] == [1]
    assert {u.reason for u in done.unmatched} == {"capacity_exhausted"}
    assert done.proposals[0].proposal_id == f"{done.run_id}-00000"
    assert bus.types() == ["MatchingRunRequested", "MatchingRunCompleted"]


def test_runs_are_for_managers_of_the_tenant(store, bus):
    seeded(store, programme())
    with pytest.raises(Forbidden):
        logic.request_run(member("p", "mentor"), "prg_1", RunCreate(), store, bus)
    with pytest.raises(NotFound):
        logic.request_run(manager("t-other"), "prg_1", RunCreate(), store, bus)


# --- publishing -------------------------------------------------------------------------------------


def test_publishing_makes_matches_once_and_refuses_a_stale_run(store, bus):
    seeded(store, programme(), participant("m1", "mentor", capacity=2), participant("e1", "mentee"))
    done = start_and_compute(store, bus)
    assert done is not None
    published = logic.publish_run(manager(), done.run_id, PublishRequest(), store, bus)
    assert [m.mentee_ids for m in published.matches] == [["e1"]]
    with pytest.raises(Conflict):
        logic.publish_run(manager(), done.run_id, PublishRequest(), store, bus)

    store.add_profile(participant("e2", "mentee"))
    stale = start_and_compute(store, bus)
    store.add_profile(participant("e3", "mentee"))
    assert stale is not None
    with pytest.raises(Conflict) as refused:
        logic.publish_run(manager(), stale.run_id, PublishRequest(), store, bus)
    assert refused.value.extensions["changes"] == [{"participant_id": "e3", "change": "new_participant"}]


# --- manual matches ---------------------------------------------------------------------------------


def manual(store, bus, mentor_id, *mentee_ids):
    body = MatchCreate(programme_id="prg_1", mentor_id=mentor_id, mentee_ids=list(mentee_ids))
    return logic.create_match(manager(), body, store, bus)


@pytest.mark.parametrize(
    ("mentees", "rule"),
    [
        (("e1", "e1"), "duplicate_mentee"),
        (("e1", "e2", "e3"), "group_size"),
        (("far",), "no_shared_language"),
    ],
)
def test_manual_matches_follow_the_rules(store, bus, mentees, rule):
    seeded(
        store,
        programme(max_group_size=2),
        participant("m1", "mentor", capacity=2),
        participant("far", "mentee", languages=("zh",)),
        *(participant(f"e{k}", "mentee") for k in (1, 2, 3)),
    )
    with pytest.raises(RuleViolation) as refused:
        manual(store, bus, "m1", *mentees)
    assert refused.value.extensions["rule"] == rule
    assert store.matches_by_id == {} and bus.sent == []


def test_a_pair_programme_matches_one_mentee_and_a_full_mentor_has_no_room(store, bus):
    seeded(
        store,
        programme(kind="pair"),
        participant("m1", "mentor", capacity=3),
        participant("e1", "mentee"),
        participant("e2", "mentee"),
    )
    with pytest.raises(RuleViolation) as two:
        manual(store, bus, "m1", "e1", "e2")
    assert two.value.extensions["rule"] == "pair_programme"
    assert manual(store, bus, "m1", "e1").kind == "pair"
    with pytest.raises(RuleViolation) as full:
        manual(store, bus, "m1", "e2")
    assert full.value.extensions["rule"] == "capacity"


# --- reading and ending matches ---------------------------------------------------------------------


def test_members_see_that_their_match_ended_but_not_why(store, bus):
    seeded(store, programme(), participant("m1", "mentor"), participant("e1", "mentee"))
    match = manual(store, bus, "m1", "e1")
    logic.end_match(manager(), match.match_id, EndMatch(reason="conflict at home"), store, bus)

    for who in (member("person-m1", "mentor"), member("person-e1", "mentee")):
        seen = logic.read_match(who, match.match_id, store)
        listed = logic.list_matches(who, None, store)
        assert seen.status == "ended" and seen.ended_at is not None and seen.end_reason is None
        assert [(m.status, m.end_reason) for m in listed] == [("ended", None)]
    assert logic.read_match(manager(), match.match_id, store).end_reason == "conflict at home"
    assert logic.list_matches(manager(), "prg_1", store)[0].end_reason == "conflict at home"
    with pytest.raises(NotFound):
        logic.read_match(member("person-x", "mentee"), match.match_id, store)


def test_ending_with_rematch_proposes_another_mentor_with_room(store, bus):
    seeded(
        store,
        programme(),
        participant("m1", "mentor", capacity=1),
        participant("m2", "mentor", capacity=1),
        participant("e1", "mentee"),
    )
    match = manual(store, bus, "m1", "e1")
    ended = logic.end_match(manager(), match.match_id, EndMatch(reason="x", rematch=True), store, bus)
    assert [(p.mentee_id, p.candidate and p.candidate.mentor_id) for p in ended.rematch_proposals] == [
        ("e1", "m2")
    ]
    with pytest.raises(Conflict):
        logic.end_match(manager(), match.match_id, EndMatch(reason="again"), store, bus)


def closed(match) -> RelationshipClosed:
    return RelationshipClosed(
        match_id=match.match_id,
        programme_id=match.programme_id,
        mentor_id=match.mentor_id,
        mentee_ids=match.mentee_ids,
        closed_on=date(2027, 7, 31),
    )


def test_the_final_review_completes_the_match_frees_its_people_and_says_so_once(store, bus):
    seeded(store, programme(), participant("m1", "mentor", capacity=1), participant("e1", "mentee"))
    match = manual(store, bus, "m1", "e1")
    logic.complete_match(meta(event_type="RelationshipClosed"), closed(match), store, bus)
    logic.complete_match(meta(event_type="RelationshipClosed"), closed(match), store, bus)  # a replay

    done = logic.read_match(manager(), match.match_id, store)
    assert done.status == "completed" and done.ended_at is not None and done.end_reason is None
    assert logic.read_match(member("person-e1", "mentee"), match.match_id, store).status == "completed"
    ended = [data for _, data in bus.sent if type(data).__name__ == "MatchEnded"]
    assert [(e.match_id, e.completed, e.rematch) for e in ended] == [(match.match_id, True, False)]
    assert manual(store, bus, "m1", "e1").status == "active"  # both free (and the mentor has room) again


def test_a_match_ended_early_stays_ended_when_a_final_review_follows(store, bus):
    seeded(store, programme(), participant("m1", "mentor"), participant("e1", "mentee"))
    match = manual(store, bus, "m1", "e1")
    logic.end_match(manager(), match.match_id, EndMatch(reason="moved"), store, bus)
    logic.complete_match(meta(event_type="RelationshipClosed"), closed(match), store, bus)
    assert logic.read_match(manager(), match.match_id, store).status == "ended"
    assert bus.types().count("MatchEnded") == 1


# --- candidates, exclusions, projections ------------------------------------------------------------


def test_candidates_put_feasible_mentors_first_and_count_free_slots(store, bus):
    seeded(
        store,
        programme(),
        participant("far", "mentor", languages=("zh",)),
        participant("near", "mentor", capacity=2),
        participant("e1", "mentee"),
    )
    before = logic.candidates(manager(), "prg_1", "e1", 5, "de", store)
    assert [(c.mentor_id, c.eligible, c.excluded_by) for c in before.items] == [
        ("near", True, None),
        ("far", False, "no_shared_language"),
    ]
    assert before.items[0].reasons and before.items[0].free_slots == 2 and before.items[0].has_room

    logic.add_exclusion(manager(), "prg_1", Exclusion(mentor_id="near", mentee_id="e1"), store)
    after = logic.candidates(manager(), "prg_1", "e1", 5, "de", store)
    assert {(c.mentor_id, c.excluded_by) for c in after.items} == {
        ("near", "excluded_by_manager"),
        ("far", "no_shared_language"),
    }
    assert logic.list_exclusions(manager(), "prg_1", store) == [Exclusion(mentor_id="near", mentee_id="e1")]


def programme_changed(
    version: int, programme_id: str = "prg_1", kind: str = "pair", **matching: int
) -> ProgrammeChanged:
    """Intake's event for a programme's settings, its matching rules as given (min_score 0 unless)."""
    return ProgrammeChanged(
        programme_id=programme_id,
        tenant_slug="town",
        name=f"v{version}",
        kind=kind,
        mode="blended",
        languages=["de"],
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 6, 1),
        intake_open=True,
        programme_version=version,
        matching={"weights": {}, "min_score": 0, **matching},
    )


def test_an_older_programme_change_does_not_undo_a_newer_one(store):
    def changed(version: int, min_score: int) -> ProgrammeChanged:
        return programme_changed(version, min_score=min_score)

    logic.project_programme(meta(), changed(3, 40), store, version=3)
    logic.project_programme(meta(), changed(2, 10), store, version=2)
    kept = store.programme("t-town", "prg_1")
    assert kept is not None and kept.version == 3 and kept.config.min_score == 40


def test_a_programme_sets_how_much_the_team_counts_and_leaving_it_out_keeps_the_default(store):
    opened = programme_changed(1, "prg_team", "group", team_weight=0, team_age_spread=5)
    logic.project_programme(meta(), opened, store, version=1)
    logic.project_programme(meta(), programme_changed(1, "prg_default", "group"), store, version=1)
    team, default = store.programme("t-town", "prg_team"), store.programme("t-town", "prg_default")
    assert team is not None and (team.config.team_weight, team.config.team_age_spread) == (0, 5)
    assert default is not None and (default.config.team_weight, default.config.team_age_spread) == (3, 10)
