"""The people part's items on moto: preferences that outlive a new copy of the application's details, a
bounce mark a new address clears, each person's log (newest first) and the feedback pointer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

from services.notifications.models import Delivery, TenantInfo
from tests.fakes.notifications import contact

SENT = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def store(notifications_store: ModuleType) -> Any:
    return notifications_store.NotificationsStore()


def _delivery(n: int, person_id: str = "p_1", message_id: str | None = None) -> Delivery:
    return Delivery(
        tenant_id="t_1", delivery_id=f"e{n}:{person_id}:session_planned", person_id=person_id,
        channel="email",
        template="session_planned", language="en", status="sent", provider_message_id=message_id,
        sent_at=SENT + timedelta(minutes=n), event_id=f"e{n}", to_masked="o***@e***.org",
    )  # fmt: skip


def test_a_persons_choice_outlives_the_applications_details_sent_again(store: Any) -> None:
    store.save_contact(contact("p_1", contact_email=False, contact_sms=True, phone="+4915123456789"))
    store.save_preferences("t_1", "p_1", True, False, "de")
    store.save_contact(contact("p_1", contact_email=False, contact_sms=True, phone="+4915123456789"))
    found = store.contact("t_1", "p_1")
    assert (found.contact_email, found.contact_sms, found.language, found.preferences_set) == (
        True,
        False,
        "de",
        True,
    )
    assert found.phone == "+4915123456789"


def test_a_bounce_marks_the_address_until_a_new_one_is_given(store: Any) -> None:
    store.save_contact(contact("p_1"))
    store.mark_bounced("t_1", "p_1")
    store.save_contact(contact("p_1"))
    assert store.contact("t_1", "p_1").email_bounced
    store.save_contact(contact("p_1", email="new@example.org"))
    assert not store.contact("t_1", "p_1").email_bounced


def test_preferences_of_nobody_known_are_refused(store: Any) -> None:
    from pynamodb.exceptions import UpdateError

    with pytest.raises(UpdateError):
        store.save_preferences("t_1", "p_nobody", True, True, "en")


def test_each_persons_log_newest_first_and_the_feedback_finds_its_entry(store: Any) -> None:
    for n in (1, 2):
        store.log_delivery(_delivery(n, message_id=f"m{n}"))
    store.log_delivery(_delivery(3, person_id="p_2"))
    assert [d.delivery_id for d in store.log_of("t_1", "p_1")] == [
        "e2:p_1:session_planned",
        "e1:p_1:session_planned",
    ]
    entry = store.entry_by_message("m1")
    assert entry is not None and entry.delivery_id == "e1:p_1:session_planned"
    store.set_status(entry, "bounced", "permanent_bounce")
    [_, first] = store.log_of("t_1", "p_1")
    assert (first.status, first.reason) == ("bounced", "permanent_bounce")
    assert store.delivered("t_1", "e1:p_1:session_planned")


def test_the_municipality_and_the_unsubscribe_key_are_kept(store: Any) -> None:
    store.save_tenant(TenantInfo(tenant_id="t_1", slug="demo", name="Stadt Łódź", languages=["pl", "en"]))
    assert store.tenant("t_1") == TenantInfo(
        tenant_id="t_1", slug="demo", name="Stadt Łódź", languages=["pl", "en"]
    )
    assert store.unsubscribe_key() == store.unsubscribe_key() and len(store.unsubscribe_key()) == 32
