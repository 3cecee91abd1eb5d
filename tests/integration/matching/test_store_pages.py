"""Matching's table on moto, for what its pages read: people's names (newest kept), a person's profiles
across programmes, and a programme's runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.matching.models import PersonName
from tests.fakes.matching import TENANT, participant, programme
from tests.integration.matching.test_store import new_run

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(store_module):
    s = store_module.MatchingStore()
    s.save_programme(programme())
    s.save_programme(programme("prg_2"))
    return s


def name(person_id: str, family: str, at: datetime, tenant_id: str = TENANT) -> PersonName:
    return PersonName(
        tenant_id=tenant_id, person_id=person_id, given_name="Dana", family_name=family, recorded_at=at
    )


def test_the_newest_name_is_kept_and_an_older_one_arriving_late_is_ignored(store):
    store.save_name(name("p1", "Dorn", NOW))
    store.save_name(name("p1", "Maiden", NOW - timedelta(days=1)))
    store.save_name(name("p2", "Other", NOW, tenant_id="t-elsewhere"))

    assert {p: n.family_name for p, n in store.names(TENANT, ["p1", "p2", "p3"]).items()} == {"p1": "Dorn"}
    store.save_name(name("p1", "Weiss", NOW + timedelta(days=1)))
    assert store.names(TENANT, ["p1"])["p1"].family_name == "Weiss"
    assert store.names(TENANT, []) == {}


def test_a_persons_profiles_are_found_in_every_programme_and_a_programmes_runs_in_it_only(store):
    store.add_profile(participant("e1", "mentee"))
    store.add_profile(participant("e1", "mentee", programme_id="prg_2"))
    store.add_profile(participant("e2", "mentee"))
    store.add_run(new_run("run_a"))
    store.add_run(new_run("run_b", programme_id="prg_2"))

    found = store.profiles_of_person(TENANT, "person-e1")

    assert sorted(p.programme_id for p in found) == ["prg_1", "prg_2"]
    assert [r.run_id for r in store.runs_of_programme(TENANT, "prg_1")] == ["run_a"]
    assert [r.run_id for r in store.runs_of_programme(TENANT, "prg_2")] == ["run_b"]
