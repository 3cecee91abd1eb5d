"""Intake's projection of matching's matches on moto: whichever order the events arrive in, an ended match
stays ended, and a replayed confirmation changes nothing."""

from __future__ import annotations

from types import ModuleType

from services.intake.models import MatchState

TENANT = "t_1"


def _state(status: str, match_id: str = "match_1") -> MatchState:
    return MatchState(
        match_id=match_id, programme_id="prg_1", mentor_id="pt_a", mentee_ids=["pt_b", "pt_c"], status=status
    )


def test_a_confirmed_match_is_listed_under_its_programme(intake_store: ModuleType):
    store = intake_store.IntakeStore()
    store.match_confirmed(_state("confirmed"), TENANT)
    store.match_confirmed(_state("confirmed"), TENANT)  # a replay

    assert store.matches(TENANT, "prg_1") == [_state("confirmed")]
    assert store.matches(TENANT, "prg_other") == []
    assert store.matches("t_2", "prg_1") == []


def test_an_end_wins_whether_it_comes_before_or_after_the_confirmation(intake_store: ModuleType):
    store = intake_store.IntakeStore()
    store.match_confirmed(_state("confirmed", "match_1"), TENANT)
    store.match_ended(_state("ended", "match_1"), TENANT)
    store.match_ended(_state("ended", "match_2"), TENANT)  # overtook its confirmation
    store.match_confirmed(_state("confirmed", "match_2"), TENANT)

    assert {m.match_id: m.status for m in store.matches(TENANT, "prg_1")} == {
        "match_1": "ended",
        "match_2": "ended",
    }


def test_a_risk_and_its_clearing_count_in_the_order_they_happened_not_arrived(intake_store: ModuleType):
    from datetime import UTC, datetime, timedelta

    store = intake_store.IntakeStore()
    t0 = datetime(2027, 3, 1, 9, tzinfo=UTC)
    store.risk_changed(TENANT, "prg_1", "match_1", at_risk=True, as_of=t0)
    store.risk_changed(TENANT, "prg_1", "match_2", at_risk=True, as_of=t0)
    store.risk_changed(TENANT, "prg_1", "match_2", at_risk=False, as_of=t0 + timedelta(days=1))
    store.risk_changed(TENANT, "prg_1", "match_2", at_risk=True, as_of=t0)  # a late replay of the flag

    assert store.matches_at_risk(TENANT, "prg_1") == {"match_1"}
    assert store.matches_at_risk("t_2", "prg_1") == set()
