"""Matching's table on moto: the conditions its store promises logic (tests/fakes/matching.py keeps
the same promises in memory)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.matching.models import Exclusion, Match
from services.matching.run_models import MatchingRun, RunProposal, UnmatchedParticipant
from shared.errors import Conflict
from tests.fakes.matching import TENANT, participant, programme

#: A run as `logic.request_run` stores it, before it is computed.
RUNNING = {"status": "running", "objective": "max_total", "grouping": "groups", "language": "en"}


def new_run(run_id: str, programme_id: str = "prg_1", at: datetime | None = None) -> MatchingRun:
    requested_at = at or datetime.now(UTC)
    return MatchingRun.model_validate(
        {
            "run_id": run_id,
            "tenant_id": TENANT,
            "programme_id": programme_id,
            "requested_at": requested_at,
            **RUNNING,
        }
    )


@pytest.fixture
def store(store_module):
    s = store_module.MatchingStore()
    s.save_programme(programme())
    return s


def test_a_second_running_run_of_a_programme_is_refused_until_the_first_finishes(store):
    store.add_run(new_run("run_a"))
    with pytest.raises(Conflict) as refused:
        store.add_run(new_run("run_b"))
    assert refused.value.extensions["rule"] == "run_in_progress"
    assert store.run(TENANT, "run_b") is None
    store.add_run(new_run("run_c", programme_id="prg_2"))  # another programme is not held up

    store.finish_run(new_run("run_a").model_copy(update={"status": "failed"}))
    assert store.running_run(TENANT, "prg_1") is None
    store.add_run(new_run("run_d"))
    assert store.running_run(TENANT, "prg_1") is not None
    assert store.running_run(TENANT, "prg_1")[0] == "run_d"


def test_a_stale_marker_gives_way_and_its_late_run_does_not_clear_the_new_one(store_module, store):
    long_ago = datetime.now(UTC) - store_module.RUNNING_RUN_EXPIRY - timedelta(minutes=1)
    store.add_run(new_run("run_lost", at=long_ago))
    store.add_run(new_run("run_new"))
    store.finish_run(new_run("run_lost", at=long_ago).model_copy(update={"status": "failed"}))
    assert store.running_run(TENANT, "prg_1")[0] == "run_new"


def test_a_finished_run_comes_back_whole_from_its_parts(store_module, store):
    store.add_run(new_run("run_big"))
    many = store_module.PART_SIZE + 3
    proposals = [
        RunProposal(
            proposal_id=f"run_big-{k:05d}",
            mentor_id=f"m{k}",
            mentee_ids=[f"e{k}"],
            score=50.0,
            breakdown={"values": 50.0},
            reasons=["Same age"],
            mentees=[],
        )
        for k in range(many)
    ]
    unmatched = [UnmatchedParticipant(participant_id="lost", reason="no_shared_language")]
    done = new_run("run_big").model_copy(
        update={"status": "completed", "proposals": proposals, "unmatched": unmatched, "snapshot": {"e1": 3}}
    )
    store.finish_run(done)
    back = store.run(TENANT, "run_big")
    assert back is not None and back.status == "completed"
    assert back.proposals == proposals and back.unmatched == unmatched and back.snapshot == {"e1": 3}
    assert store.run(TENANT, "run_big", with_results=False).proposals == []
    store.mark_published(TENANT, "run_big", ["run_big-00001"])
    assert store.run(TENANT, "run_big").published_proposals == ["run_big-00001"]


def test_profiles_are_added_once_and_replaced_only_at_their_version(store):
    assert store.add_profile(participant("m1", "mentor")) is True
    assert store.add_profile(participant("m1", "mentor")) is False
    known = store.profile(TENANT, "prg_1", "m1")
    assert known is not None and known.version == 1
    changed = known.model_copy(update={"profile": known.profile.model_copy(update={"eligible": False})})
    store.replace_profile_document(changed)
    with pytest.raises(Conflict):
        store.replace_profile_document(changed)  # read at version 1, now 2
    assert store.profile(TENANT, "prg_1", "m1").profile.eligible is False
    assert [p.participant_id for p in store.profiles(TENANT, "prg_1")] == ["m1"]


def match_of(match_id: str, mentor_id: str, *mentee_ids: str) -> Match:
    return Match(
        match_id=match_id,
        tenant_id=TENANT,
        programme_id="prg_1",
        kind="pair" if len(mentee_ids) == 1 else "group",
        mentor_id=mentor_id,
        mentee_ids=list(mentee_ids),
        created_at=datetime.now(UTC),
        source="manual",
        member_person_ids=[f"person-{mentor_id}", *(f"person-{m}" for m in mentee_ids)],
    )


def test_confirming_is_refused_as_a_whole_when_someone_was_matched_meanwhile(store):
    for p in (
        participant("m1", "mentor", capacity=2),
        participant("e1", "mentee"),
        participant("e2", "mentee"),
    ):
        store.add_profile(p)
    mentor = store.profile(TENANT, "prg_1", "m1")
    e1, e2 = store.profile(TENANT, "prg_1", "e1"), store.profile(TENANT, "prg_1", "e2")
    store.confirm_match(match_of("match_1", "m1", "e1"), mentor=mentor, mentees=[e1], slots=2)

    with pytest.raises(Conflict):
        store.confirm_match(match_of("match_2", "m1", "e1", "e2"), mentor=mentor, mentees=[e1, e2], slots=2)

    assert store.match(TENANT, "match_2") is None
    assert store.profile(TENANT, "prg_1", "e2").status == "available"
    assert store.profile(TENANT, "prg_1", "m1").load == 1
    with pytest.raises(Conflict):  # a full mentor: load 1 of 1 slot
        store.confirm_match(match_of("match_3", "m1", "e2"), mentor=mentor, mentees=[e2], slots=1)


def test_ending_frees_the_people_once_and_members_find_their_matches(store):
    for p in (participant("m1", "mentor"), participant("e1", "mentee")):
        store.add_profile(p)
    mentor, e1 = store.profile(TENANT, "prg_1", "m1"), store.profile(TENANT, "prg_1", "e1")
    match = match_of("match_1", "m1", "e1")
    store.confirm_match(match, mentor=mentor, mentees=[e1], slots=1)
    assert [m.match_id for m in store.matches(TENANT, "prg_1")] == ["match_1"]
    assert [m.match_id for m in store.matches_of_person(TENANT, "person-e1")] == ["match_1"]

    ended = match.model_copy(update={"status": "ended", "ended_at": datetime.now(UTC), "end_reason": "moved"})
    store.end_match(ended)
    with pytest.raises(Conflict):
        store.end_match(ended)
    assert store.profile(TENANT, "prg_1", "e1").status == "available"
    assert store.profile(TENANT, "prg_1", "m1").load == 0
    kept = store.match(TENANT, "match_1")
    assert (
        kept is not None and kept.end_reason == "moved" and kept.member_person_ids == match.member_person_ids
    )


def test_exclusions_are_kept_per_programme(store):
    store.add_exclusion(TENANT, "prg_1", Exclusion(mentor_id="m1", mentee_id="e1"))
    store.add_exclusion(TENANT, "prg_2", Exclusion(mentor_id="m9", mentee_id="e9"))
    assert store.exclusions(TENANT, "prg_1") == [Exclusion(mentor_id="m1", mentee_id="e1")]


def test_confirming_and_ending_change_each_profiles_version_so_a_runs_snapshot_sees_it(store):
    for p in (participant("m1", "mentor"), participant("e1", "mentee")):
        store.add_profile(p)
    mentor, e1 = store.profile(TENANT, "prg_1", "m1"), store.profile(TENANT, "prg_1", "e1")
    assert (mentor.version, e1.version) == (1, 1)
    match = match_of("match_1", "m1", "e1")
    store.confirm_match(match, mentor=mentor, mentees=[e1], slots=1)
    assert [store.profile(TENANT, "prg_1", p).version for p in ("m1", "e1")] == [2, 2]
    store.end_match(match.model_copy(update={"status": "ended", "ended_at": datetime.now(UTC)}))
    assert [store.profile(TENANT, "prg_1", p).version for p in ("m1", "e1")] == [3, 3]
    with pytest.raises(Conflict):  # the mentee's document read at version 1 is stale now
        store.replace_profile_document(e1)


def test_matches_of_a_programme_are_listed_in_the_order_they_were_made(store):
    for p in (participant("m1", "mentor", capacity=3), *(participant(f"e{n}", "mentee") for n in (1, 2, 3))):
        store.add_profile(p)
    start = datetime.now(UTC)
    for n, match_id in enumerate(("match_c", "match_a", "match_b"), start=1):
        made = match_of(match_id, "m1", f"e{n}").model_copy(
            update={"created_at": start + timedelta(seconds=n)}
        )
        mentor = store.profile(TENANT, "prg_1", "m1")
        store.confirm_match(made, mentor=mentor, mentees=[store.profile(TENANT, "prg_1", f"e{n}")], slots=3)
    assert [m.match_id for m in store.matches(TENANT, "prg_1")] == ["match_c", "match_a", "match_b"]
    assert store.matches(TENANT, "prg_2") == []
