"""The audit trail's hash chain on moto: appends chain per municipality and day, concurrent appends all
land without a gap (the head's conditional write), and the check names a changed or a missing entry."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import pytest

from services.intake.audit import logic
from services.intake.audit.chain import hash_of
from shared.events.catalog.audit import AccessedRecord, PersonalDataAccessed
from shared.events.envelope import Metadata
from tests.fakes.modules import imported_afresh

DAY = "2026-12-01"


@pytest.fixture
def trail() -> Iterator[Any]:
    from infra.local import cloud as local_cloud

    manifest = importlib.import_module("services.intake.manifest")
    cloud = local_cloud.start([manifest.SERVICE], "http://localhost")
    try:
        with imported_afresh("services.intake.audit.store") as store:
            yield store.TrailStore()
    finally:
        cloud.stop()


def event(subjects: list[str], tenant_id: str = "t_1", n: int = 0) -> tuple[Metadata, PersonalDataAccessed]:
    meta = Metadata(
        event_id=f"ev-{n}-{subjects[0]}",
        event_type="PersonalDataAccessed",
        version=1,
        tenant_id=tenant_id,
        occurred_at=datetime(2026, 12, 1, 10, 0, n % 60, tzinfo=UTC),
        correlation_id=f"corr-{n}",
        producer="audit",
        visibility="internal",
    )
    data = PersonalDataAccessed(
        service="sessions",
        actor_user_id="sub-1",
        actor_person_id="per_manager",
        actor_role="manager",
        action="read",
        kind="diary",
        records=[AccessedRecord(subject_participant_id=s, resource_id="ses_1") for s in subjects],
    )
    return meta, data


def stored(store_module: ModuleType, tenant_id: str = "t_1") -> list[Any]:
    return list(store_module.TrailRecord.query_in(tenant_id, sk_prefix=f"{DAY}#"))


def test_entries_chain_per_municipality_and_day_and_the_check_passes(trail):
    logic.keep(*event(["par_a", "par_b"]), trail)
    logic.keep(*event(["par_a"], n=1), trail)
    logic.keep(*event(["par_x"], tenant_id="t_2"), trail)
    records = stored(importlib.import_module("services.intake.audit.store"))
    assert [r.document["position"] for r in records] == [1, 2, 3]
    assert records[1].document["previous_hash"] == records[0].document["hash"]
    assert all(hash_of(r.document) == r.document["hash"] for r in records)
    assert trail.verify_day("t_1", DAY) == [] and trail.verify_day("t_2", DAY) == []
    about_a = trail.of_subjects("t_1", ["par_a"], limit=10, before=None)
    assert [e.correlation_id for _, e in about_a] == ["corr-1", "corr-0"]  # newest first


def test_concurrent_appends_all_land_in_one_chain_without_gaps(trail, monkeypatch):
    # Each call is atomic in DynamoDB but not in moto: one call at a time, interleaved as threads please.
    from botocore.client import BaseClient

    one_at_a_time, call = threading.Lock(), BaseClient._make_api_call

    def atomic(self: Any, *args: Any) -> Any:
        with one_at_a_time:
            return call(self, *args)

    monkeypatch.setattr(BaseClient, "_make_api_call", atomic)
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            logic.keep(*event([f"par_{n}"], n=n), trail)
        except BaseException as exc:  # a thread's error would otherwise vanish
            errors.append(exc)

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    records = stored(importlib.import_module("services.intake.audit.store"))
    assert sorted(r.document["position"] for r in records) == list(range(1, 9))
    assert trail.verify_day("t_1", DAY) == []


def test_the_check_names_a_changed_entry_and_finds_a_deleted_one(trail):
    for n in range(4):
        logic.keep(*event([f"par_{n}"], n=n), trail)
    store = importlib.import_module("services.intake.audit.store")
    records = stored(store)

    # Someone rewrites who read entry 2.
    changed = records[1]
    changed.document = {**changed.document, "actor_person_id": "per_someone_else"}
    changed.save()
    problems = trail.verify_day("t_1", DAY)
    assert [(p.entry_id, p.problem) for p in problems] == [(f"{DAY}#000000002", "changed")]

    # Rewriting its hash too only moves the break to the next link.
    changed.document = {**changed.document, "hash": hash_of(changed.document)}
    changed.save()
    problems = trail.verify_day("t_1", DAY)
    assert [(p.entry_id, p.problem) for p in problems] == [(f"{DAY}#000000003", "out_of_order")]

    # Someone deletes entry 3, and (separately) the last one: both gaps are found.
    records[2].delete()
    records[3].delete()
    problems = trail.verify_day("t_1", DAY)
    assert {(p.entry_id, p.problem) for p in problems} >= {
        (f"{DAY}#000000003", "missing"),
        (f"{DAY}#000000004", "missing"),
    }
