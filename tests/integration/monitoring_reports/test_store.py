"""The reports' table on moto: an event's change saves whole or not at all, at the revisions it read; the
programme's report read from it is the in-memory table's."""

from __future__ import annotations

import time

import pytest

from services.monitoring.reports.logic import report
from services.monitoring.reports.logic.ports import Write
from shared.errors import Conflict
from shared.events.catalog import MidtermReviewRecorded
from shared.events.catalog.monitoring import MenteeRating
from tests.fakes.principals import signed_in
from tests.fakes.reports import Feeder

P = "prg_1"
MANAGER = signed_in("u-mgr", "manager", tenant_id="t-town")


def test_a_change_with_a_stale_revision_saves_nothing(store_module):
    store = store_module.DynamoReportStore()
    store.commit([Write("t-town", "report#programme#p1", {"a": 1}, 0)])
    with pytest.raises(Conflict):
        store.commit(
            [
                Write("t-town", "report#person#p1#x", {"b": 1}, 0),
                Write("t-town", "report#programme#p1", {"a": 2}, 0),  # stored at revision 1 already
            ]
        )
    assert store.read("t-town", "report#person#p1#x") is None
    assert store.read("t-town", "report#programme#p1").document == {"a": 1}  # type: ignore[union-attr]
    store.commit([Write("t-town", "report#programme#p1", {"a": 3}, 1)])
    assert store.read("t-town", "report#programme#p1").revision == 2  # type: ignore[union-attr]
    assert store.read("t-other", "report#programme#p1") is None


def test_events_played_onto_the_table_give_the_report(store_module):
    feeder = Feeder(store_module.DynamoReportStore())
    feeder.municipality()
    feeder.programme(P)
    mentor = feeder.participant(P, "m", "mentor")
    mentees = [feeder.participant(P, n) for n in "ab"]
    feeder.relationship(P, "mat_1", mentor, mentees)
    feeder.held(P, "mat_1", "s1", mentees[:1])
    feeder.play(
        MidtermReviewRecorded(
            match_id="mat_1",
            programme_id=P,
            ratings=[MenteeRating(mentee_id=m, rating_start=5, rating_now=8) for m in mentees],
            recorded_on=feeder.now.date(),
        )
    )

    got = report.programme_report(MANAGER, P, feeder.store)

    assert (got.matched.mentees, got.sessions.held, got.attendance_rate) == (2, 1, 0.5)
    assert (got.ratings.mean_start, got.ratings.mean_now, got.ratings.improved) == (5.0, 8.0, 2)
    rows = report.programme_csv(MANAGER, P, feeder.store).splitlines()
    assert len(rows) == 3


def test_a_programmes_people_are_read_without_paging_through_its_sessions(store_module):
    """Each family of documents has its partition: 400 sessions do not slow the read of 20 people."""
    store = store_module.DynamoReportStore()
    for start in range(0, 400, 100):
        store.commit(
            [Write("t-town", f"report#session#{P}#s{n}", {"n": n}, 0) for n in range(start, start + 100)]
        )
    store.commit([Write("t-town", f"report#person#{P}#p{n}", {"n": n}, 0) for n in range(20)])

    began = time.perf_counter()
    people = store.query("t-town", f"report#person#{P}#")
    took = time.perf_counter() - began

    assert len(people) == 20
    print(f"\n20 people read beside 400 sessions in {took * 1000:.1f} ms")
