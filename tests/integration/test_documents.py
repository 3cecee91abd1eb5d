"""shared/storage on moto: versioned documents, pages under a tenant and a parent, remembered answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import TransactWriteError

from infra.local import cloud as local_cloud
from shared.errors import Conflict, RuleViolation
from shared.events.claims import EventInProgress
from shared.events.consumer import EventInProgress as ConsumersEventInProgress
from shared.idempotency import Answer
from shared.manifest import GlobalIndex, ServiceSpec, TableSpec
from shared.storage import (
    BY_PARENT_INDEX,
    ChildItem,
    DynamoProcessedEvents,
    RememberedAnswer,
    TenantModel,
    VersionedDocument,
    condition_failed_at,
    transaction,
)

DOCS = ServiceSpec(
    name="docs",
    api_handler=None,
    events_handler=None,
    tables=(
        TableSpec(
            logical_name="DocsTable",
            env_var="DOCS_TABLE_NAME",
            indexes=(GlobalIndex(name=BY_PARENT_INDEX, partition_key="gsi1pk", sort_key="gsi1sk"),),
        ),
    ),
)
TABLE = "tandem-local-docs-DocsTable"  # the name the local runtime gives it


class DocsItem(TenantModel):
    class Meta:
        table_name = TABLE


class Agreement(DocsItem, VersionedDocument):
    KIND = "AGREEMENT"


class Session(DocsItem, ChildItem):
    KIND = "SESSION"  # parent: a programme
    title = UnicodeAttribute()


class Note(DocsItem):
    KIND = "NOTE"


class Answered(DocsItem, RememberedAnswer):
    pass


@pytest.fixture(autouse=True)
def cloud() -> Iterator[Any]:
    c = local_cloud.start([DOCS], "http://localhost")
    yield c
    c.stop()


def test_a_stale_version_is_a_conflict_and_changes_nothing():
    first = Agreement.new_in("t_1", "agr_1", document={"goal": "work"}).save_versioned(None, conflict="taken")
    assert first.document_version == 1
    mine = Agreement.new_in("t_1", "agr_1", document={"goal": "a flat"}).save_versioned(1, conflict="stale")
    assert mine.document_version == 2
    with pytest.raises(Conflict) as stale:
        Agreement.new_in("t_1", "agr_1", document={"goal": "lost"}).save_versioned(
            1, conflict="read it again"
        )
    assert stale.value.status == 409 and stale.value.detail == "read it again"
    with pytest.raises(Conflict):  # "new" means new: an existing document is not overwritten
        Agreement.new_in("t_1", "agr_1", document={"goal": "lost"}).save_versioned(None, conflict="exists")
    stored = Agreement.get_in("t_1", "agr_1")
    assert stored is not None and stored.document == {"goal": "a flat"} and stored.document_version == 2


def test_pages_of_a_tenants_items_follow_each_other_and_stay_in_the_tenant():
    for n in range(5):
        Note.new_in("t_1", f"n_{n}").save()
        Note.new_in("t_2", f"n_{n}").save()
    seen: list[str] = []
    items, token = Note.page_in("t_1", limit=2, next_token=None)
    while True:
        seen += [i.sk for i in items]
        assert all(i.tenant_id == "t_1" for i in items)
        if token is None:
            break
        items, token = Note.page_in("t_1", limit=2, next_token=token)
    assert seen == [f"n_{n}" for n in range(5)]
    _, token = Note.page_in("t_1", limit=2, next_token=None)
    with pytest.raises(RuleViolation):  # t_1's position handed to t_2's list
        Note.page_in("t_2", limit=2, next_token=token)


def test_children_are_listed_under_their_parent_newest_first_page_by_page():
    for n in range(4):
        Session.new_under("t_1", "prg_1", f"s_{n}", title=f"S{n}").save()
    Session.new_under("t_1", "prg_2", "s_9", title="other programme").save()
    Session.new_under("t_2", "prg_1", "s_8", title="other tenant").save()
    first, token = Session.page_under("t_1", "prg_1", limit=3, next_token=None, newest_first=True)
    assert [s.sk for s in first] == ["s_3", "s_2", "s_1"] and token
    rest, last = Session.page_under("t_1", "prg_1", limit=3, next_token=token, newest_first=True)
    assert [s.sk for s in rest] == ["s_0"] and last is None
    with pytest.raises(RuleViolation):  # a token of prg_1's list does not page prg_2's
        Session.page_under("t_1", "prg_2", limit=3, next_token=token)
    assert [s.title for s in Session.query_under("t_2", "prg_1")] == ["other tenant"]


def test_an_answer_is_kept_once_per_tenant_and_key_in_the_writes_transaction():
    answer = Answer("prg_1#k", "hash", {"application_id": "app_1"})
    with transaction() as tx:
        tx.save(Note.new_in("t_1", "n_1"), condition=Note.pk.does_not_exist())
        Answered.remember(tx, "t_1", answer)
    assert Answered.recall("t_1", "prg_1#k") == answer
    assert Answered.recall("t_2", "prg_1#k") is None
    record = Answered.get_in("t_1", "prg_1#k")
    assert record is not None and record.ttl is not None  # the answer expires
    with pytest.raises(TransactWriteError) as raced, transaction() as tx:
        tx.save(Note.new_in("t_1", "n_2"), condition=Note.pk.does_not_exist())
        Answered.remember(tx, "t_1", Answer("prg_1#k", "other", {}))
    assert condition_failed_at(raced.value, 1) and not condition_failed_at(raced.value, 0)
    assert Note.get_in("t_1", "n_2") is None  # all or nothing


def test_a_claimed_event_in_hand_elsewhere_raises_the_consumers_in_progress():
    assert EventInProgress is ConsumersEventInProgress
    processed = DynamoProcessedEvents(TABLE)
    assert processed.claim("t_1", "e_1") is True
    with pytest.raises(EventInProgress):
        processed.claim("t_1", "e_1")
    processed.complete("t_1", "e_1")
    assert processed.claim("t_1", "e_1") is False
