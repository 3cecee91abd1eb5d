"""Notifications' store on moto: the contact directory, the delivery log and the hourly digests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

from services.notifications.models import Contact, Delivery, ProgrammeInfo
from tests.fakes.notifications import contact

HOUR = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _contact(person_id: str, role: str = "manager", tenant_id: str = "t_1") -> Contact:
    return contact(person_id, role=role, tenant_id=tenant_id, contact_email=False)


@pytest.fixture
def store(notifications_store: ModuleType) -> Any:
    return notifications_store.NotificationsStore()


def test_contacts_are_kept_per_tenant_replaced_on_a_new_write_and_listed_by_role(
    store: Any, notifications_store: ModuleType
) -> None:
    store.save_contact(_contact("p_1"))
    store.save_contact(_contact("p_2", role="mentee"))
    store.save_contact(_contact("p_3", tenant_id="t_2"))
    store.save_contact(_contact("p_1").model_copy(update={"language": "de"}))
    assert store.contact("t_1", "p_1") == _contact("p_1").model_copy(update={"language": "de"})
    assert store.contact("t_2", "p_1") is None
    assert [c.person_id for c in store.contacts_with_role("t_1", "manager")] == ["p_1"]
    assert [c.person_id for c in store.contacts_with_role("t_2", "manager")] == ["p_3"]
    # Each write sets when DynamoDB's TTL may delete the record (retention).
    record = notifications_store.ContactRecord.get_in("t_1", "p_1")
    assert record is not None and record.ttl > datetime.now(UTC) + timedelta(days=700)


def test_a_logged_delivery_is_known_so_a_retry_does_not_send_again(store: Any) -> None:
    delivery = Delivery(
        tenant_id="t_1",
        delivery_id="e1:p_1:manager_added",
        person_id="p_1",
        channel="email",
        template="manager_added",
        language="pl",
        status="sent",
        provider_message_id="m1",
        sent_at=datetime.now(UTC),
        event_id="e1",
    )
    assert not store.delivered("t_1", delivery.delivery_id)
    store.log_delivery(delivery)
    assert store.delivered("t_1", delivery.delivery_id)
    assert not store.delivered("t_2", delivery.delivery_id)
    assert store.deliveries("t_1") == [delivery]


def test_a_programme_is_remembered_for_the_messages_about_it(store: Any) -> None:
    info = ProgrammeInfo(tenant_id="t_1", programme_id="prg_1", name="P", tenant_slug="kiel")
    store.save_programme(info)
    assert store.programme("t_1", "prg_1") == info
    assert store.programme("t_2", "prg_1") is None


def test_a_programmes_zone_and_version_are_kept_and_an_older_item_reads_as_berlin(store: Any) -> None:
    lisbon = ProgrammeInfo(
        tenant_id="t_1",
        programme_id="prg_9",
        name="P",
        tenant_slug="kiel",
        timezone="Europe/Lisbon",
        version=3,
    )
    store.save_programme(lisbon)
    assert store.programme("t_1", "prg_9") == lisbon
    store.save_programme(ProgrammeInfo(tenant_id="t_1", programme_id="prg_8", name="P", tenant_slug="kiel"))
    assert store.programme("t_1", "prg_8").timezone == "Europe/Berlin"


def test_a_digest_counts_each_application_once_and_freezes_when_sent(store: Any) -> None:
    assert store.close_digest("t_1", "prg_1", HOUR) is None  # nothing counted: nothing to send
    store.add_to_digest("t_1", "prg_1", HOUR, "mentee:app_1")
    again = store.add_to_digest("t_1", "prg_1", HOUR, "mentee:app_1")  # a retried event
    assert again is not None and again.entries == {"mentee:app_1"}
    counted = store.add_to_digest("t_1", "prg_1", HOUR, "mentor:app_2")
    assert counted is not None and counted.count("mentee") == 1 and counted.count("mentor") == 1
    store.add_to_digest("t_1", "prg_2", HOUR, "mentee:app_3")  # another programme's digest

    store.digest_scheduled("t_1", "prg_1", HOUR)
    sent = store.close_digest("t_1", "prg_1", HOUR)
    assert (
        sent is not None and sent.sent and sent.scheduled and sent.entries == {"mentee:app_1", "mentor:app_2"}
    )
    # A late application does not change a sent digest; a repeated schedule gets the same digest back.
    assert store.add_to_digest("t_1", "prg_1", HOUR, "mentee:app_4") is None
    repeated = store.close_digest("t_1", "prg_1", HOUR)
    assert repeated is not None and repeated.entries == sent.entries
    later = store.add_to_digest("t_1", "prg_1", HOUR + timedelta(hours=1), "mentee:app_4")
    assert later is not None and later.entries == {"mentee:app_4"}


def test_contact_details_arriving_after_the_persons_erasure_are_not_kept(
    store: Any, notifications_store: ModuleType
) -> None:
    """The erasure's tombstone (services/notifications/privacy.py): details sent before it and delivered
    after it do not bring the address back; another person's are kept as ever."""
    notifications_store.ErasedRecord.new_in("t_1", "p_1", erased_at=HOUR.isoformat()).save()
    store.save_contact(_contact("p_1"))
    store.save_contact(_contact("p_2"))
    assert store.contact("t_1", "p_1") is None and store.erased("t_1", "p_1")
    assert store.contact("t_1", "p_2") is not None and not store.erased("t_1", "p_2")
    assert not store.erased("t_2", "p_1")  # per municipality
