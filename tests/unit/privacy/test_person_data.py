"""Each service's rules for a person's data: every kind of item has one, and the rules do what they say
(on moto's DynamoDB: the person's own diary goes, another member's stays; a pair's goals go; a pseudonym
keeps the item; erasing twice is harmless)."""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pytest
from moto import mock_aws

#: What the services' settings need here. Set for this module only, and every service module imported under
#: them is forgotten afterwards, so later tests (a local cloud on moto) import them under their own.
ENVIRONMENT = {
    "INTAKE_TABLE_NAME": "t-intake",
    "MATCHING_TABLE_NAME": "t-matching",
    "SESSIONS_TABLE_NAME": "t-sessions",
    "MONITORING_TABLE_NAME": "t-monitoring",
    "NOTIFICATIONS_TABLE_NAME": "t-notifications",
    "EVENT_BUS_NAME": "bus",
    "USER_POOL_ID": "pool",
    "USER_POOL_CLIENT_ID": "client",
    "SENDER_EMAIL": "no-reply@example.org",
    "SCHEDULE_GROUP_NAME": "g",
    "SCHEDULER_ROLE_ARN": "arn:aws:iam::123456789012:role/r",
    "SCHEDULE_TARGET_ARN": "arn:aws:sqs:eu-central-1:123456789012:q",
}


@pytest.fixture(scope="module", autouse=True)
def _own_environment() -> Iterator[None]:
    before_modules = set(sys.modules)
    before_env = {k: os.environ.get(k) for k in ENVIRONMENT}
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    yield
    for name in [m for m in sys.modules if m not in before_modules and m.startswith("services")]:
        module = sys.modules.pop(name, None)
        # `from services.x import y` reads the package's attribute first: it must go too.
        parent, _, child = name.rpartition(".")
        if parent in sys.modules and getattr(sys.modules[parent], child, None) is module:
            delattr(sys.modules[parent], child)
    for name, value in before_env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


#: The modules whose models make up each service's table.
MODELS = {
    "intake": (
        "services.intake.records",
        "services.intake.privacy.store",
        "services.intake.audit.store",
        "services.intake.assessments.store",
        "shared.storage.processed",
    ),
    "matching": ("services.matching.records",),
    "sessions": ("services.sessions.store",),
    "monitoring": ("services.monitoring.questionnaires.store", "services.monitoring.reports.store"),
    "notifications": (
        "services.notifications.store",
        "services.notifications.people.store",
        "services.notifications.reminders.store",
        "services.notifications.partners.store",
    ),
}


def person_data(service: str):  # type: ignore[no-untyped-def]
    module = "services.intake.privacy.data" if service == "intake" else f"services.{service}.privacy"
    return importlib.import_module(module).PERSON_DATA


@pytest.mark.parametrize("service", sorted(MODELS))
def test_every_kind_of_item_has_a_rule(service: str) -> None:
    from shared.privacy import kinds_of
    from shared.storage import TenantModel

    for module in MODELS[service]:
        importlib.import_module(module)
    data = person_data(service)
    kinds = kinds_of(data.table_name(), TenantModel)
    assert kinds, service
    assert kinds - set(data.rules) == set(), f"{service}: no rule for {sorted(kinds - set(data.rules))}"


@contextmanager
def _table_of(data) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A service's table in moto, empty, for its PERSON_DATA to erase from."""
    with mock_aws():
        from shared import privacy

        privacy._dynamodb.cache_clear()
        table = boto3.resource("dynamodb").create_table(
            TableName=data.table_name(),
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk")],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
        )
        yield table
        privacy._dynamodb.cache_clear()


@pytest.fixture
def sessions_table() -> Iterator[object]:
    from services.sessions.privacy import PERSON_DATA

    with _table_of(PERSON_DATA) as table:
        yield table


def _put(table, kind: str, sk: str, document: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    table.put_item(Item={"pk": f"t_1#{kind}", "sk": sk, "document": json.dumps(document)})


def _keys(table) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(i["pk"].split("#", 1)[1], i["sk"]) for i in table.scan()["Items"]}


def test_sessions_erases_the_persons_own_entries_and_keeps_the_others(sessions_table) -> None:  # type: ignore[no-untyped-def]
    from services.sessions.privacy import PERSON_DATA

    table = sessions_table
    group = {
        "match_id": "m_group",
        "kind": "group",
        "mentor_id": "pt_olga",
        "mentee_ids": ["pt_piotr", "pt_rosa"],
    }
    pair = {"match_id": "m_pair", "kind": "pair", "mentor_id": "pt_olga2", "mentee_ids": ["pt_piotr2"]}
    _put(table, "RELATIONSHIP", "m_group", group)
    _put(table, "RELATIONSHIP", "m_pair", pair)
    _put(
        table, "DIARY", "s_1", {"match_id": "m_group", "writer_id": "pt_piotr", "entry": {"summary": "mine"}}
    )
    _put(table, "DIARY", "s_2", {"match_id": "m_group", "writer_id": "pt_rosa", "entry": {"summary": "hers"}})
    _put(table, "GOALS", "m_group#pt_piotr", {"mentee_id": "pt_piotr"})
    _put(table, "GOALS", "m_group#pt_rosa", {"mentee_id": "pt_rosa"})
    _put(table, "GOALS", "m_pair#pt_piotr2", {"mentee_id": "pt_piotr2"})
    _put(table, "REFLECTION", "m_pair", {"match_id": "m_pair", "text": "private"})
    plan = {
        "sessions": [{"absences": [{"participant_id": "pt_piotr", "reason": "Ill"}], "present": ["pt_piotr"]}]
    }
    _put(table, "PLAN", "m_group", plan)

    PERSON_DATA.erase("t_1", ["u_piotr", "pt_piotr"])
    kept = _keys(table)
    assert ("DIARY", "s_1") not in kept and ("DIARY", "s_2") in kept
    assert ("GOALS", "m_group#pt_piotr") not in kept and ("GOALS", "m_group#pt_rosa") in kept
    stored_plan = json.loads(table.get_item(Key={"pk": "t_1#PLAN", "sk": "m_group"})["Item"]["document"])
    assert stored_plan["sessions"][0]["absences"][0]["reason"] == ""

    # The mentor of the pair: their private reflection goes, and the pair's goals (about the two of them).
    PERSON_DATA.erase("t_1", ["pt_olga2"])
    kept = _keys(table)
    assert ("REFLECTION", "m_pair") not in kept and ("GOALS", "m_pair#pt_piotr2") not in kept
    again = PERSON_DATA.erase("t_1", ["u_piotr", "pt_piotr"])  # twice: harmless
    assert again.deleted == 0 and _keys(table) == kept


def test_the_export_holds_the_persons_items_as_json(sessions_table) -> None:  # type: ignore[no-untyped-def]
    from services.sessions.privacy import PERSON_DATA

    _put(
        sessions_table,
        "DIARY",
        "s_1",
        {"match_id": "m", "writer_id": "pt_piotr", "entry": {"summary": "mine"}},
    )
    _put(
        sessions_table,
        "DIARY",
        "s_2",
        {"match_id": "m", "writer_id": "pt_rosa", "entry": {"summary": "hers"}},
    )
    part = PERSON_DATA.export("t_1", ["pt_piotr"])
    assert part["service"] == "sessions"
    assert [d["document"]["entry"]["summary"] for d in part["items"]["diary"]] == ["mine"]


def test_notifications_forgets_the_contact_and_marks_the_membership_erased() -> None:
    from services.notifications.privacy import PERSON_DATA

    with _table_of(PERSON_DATA) as table:
        table.put_item(Item={"pk": "t_1#CONTACT", "sk": "p_piotr", "email": "piotr@example.org"})
        table.put_item(Item={"pk": "t_1#MEMBER", "sk": "pt_piotr", "person_id": "p_piotr"})
        table.put_item(Item={"pk": "t_1#MEMBER", "sk": "pt_rosa", "person_id": "p_rosa"})
        PERSON_DATA.erase("t_1", ["p_piotr", "pt_piotr"])
        assert ("CONTACT", "p_piotr") not in _keys(table)
        members = {i["sk"]: i for i in table.scan()["Items"] if i["pk"] == "t_1#MEMBER"}
        assert "erased_at" in members["pt_piotr"] and "erased_at" not in members["pt_rosa"]
        again = PERSON_DATA.erase("t_1", ["p_piotr", "pt_piotr"])  # the ledger's reapply: harmless
        assert again.deleted == 0 and again.pseudonymised == 0
        # A tombstone of ids (tests/integration/notifications: late details are not kept again).
        assert {("ERASED", "p_piotr"), ("ERASED", "pt_piotr")} <= _keys(table)


def test_a_workshop_keeps_the_others_and_shows_a_person_only_their_own_part() -> None:
    """Intake's workshops (seed 000): the erased person's sign-up and attendance mark leave the workshop,
    which stays the programme's; a person's export shows the workshop with their own part only."""
    from services.intake.privacy.data import PERSON_DATA

    workshop = {
        "workshop_id": "ws_1",
        "title": "Impulse",
        "sign_ups": [{"participant_id": "pt_piotr"}, {"participant_id": "pt_rosa"}],
        "attendance": [
            {"participant_id": "pt_piotr", "attended": True},
            {"participant_id": "pt_rosa", "attended": False},
        ],
    }
    with _table_of(PERSON_DATA) as table:
        _put(table, "WORKSHOP", "ws_1", workshop)
        exported = PERSON_DATA.export("t_1", ["pt_piotr"])["items"]["workshop"]
        document = exported[0]["document"]  # the export shows documents as JSON objects
        assert document["sign_ups"] == [{"participant_id": "pt_piotr"}]
        assert document["attendance"] == [{"participant_id": "pt_piotr", "attended": True}]
        PERSON_DATA.erase("t_1", ["pt_piotr"])
        kept = json.loads(table.get_item(Key={"pk": "t_1#WORKSHOP", "sk": "ws_1"})["Item"]["document"])
        assert kept["title"] == "Impulse"
        assert [s["participant_id"] for s in kept["sign_ups"]] == ["pt_rosa"]
        assert [a["participant_id"] for a in kept["attendance"]] == ["pt_rosa"]
