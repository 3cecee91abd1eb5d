"""Notifications' business metric: e-mails sent, counted by the event handler, dimension = service only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import ModuleType

import pytest

from shared.events.catalog import ManagerAdded
from tests.fakes.events import metadata
from tests.fakes.metrics import directive, emitted
from tests.fakes.modules import imported_afresh
from tests.fakes.notifications import FlakyMailer, InMemoryContacts, contact


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The events module, imported with a test environment and forgotten afterwards (it reads settings)."""
    for name, value in {
        "NOTIFICATIONS_TABLE_NAME": "tandem-unit-notifications",
        "SENDER_EMAIL": "noreply@example.org",
        "SCHEDULE_GROUP_NAME": "unit",
        "SCHEDULER_ROLE_ARN": "arn:aws:iam::000000000000:role/unit",
        "SCHEDULE_TARGET_ARN": "arn:aws:sqs:eu-central-1:000000000000:unit",
        "POWERTOOLS_METRICS_DISABLED": "false",
    }.items():
        monkeypatch.setenv(name, value)
    with imported_afresh("services.notifications.handlers") as events:
        yield events


def test_a_notice_mailed_counts_one_email_sent_and_names_no_one(
    events: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ola = contact("p_ola", email="ola@example.org")
    contacts, mailer = InMemoryContacts([ola]), FlakyMailer()
    monkeypatch.setattr(events, "store", lambda: contacts)
    monkeypatch.setattr(events, "mailer", lambda: mailer)
    added = ManagerAdded(audit_id="aud_1", person_id="p_new", given_name="Jan", family_name="K")
    events.on_manager_added(metadata("ManagerAdded"), added)
    assert len(mailer.sent) == 1

    (doc,) = emitted(capsys)
    assert [m["Name"] for m in directive(doc)["Metrics"]] == ["EmailsSent"]
    assert directive(doc)["Dimensions"] == [["service"]] and doc["service"] == "notifications"
    assert doc["EmailsSent"] == [1.0]
    text = json.dumps(doc)
    assert "t_1" not in text and "p_ola" not in text and "ola@example.org" not in text


def test_nothing_sent_counts_nothing(
    events: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(events, "store", lambda: InMemoryContacts([]))
    monkeypatch.setattr(events, "mailer", FlakyMailer)
    added = ManagerAdded(audit_id="aud_1", person_id="p_new", given_name="Jan", family_name="K")
    events.on_manager_added(metadata("ManagerAdded"), added)  # no other manager to tell
    assert emitted(capsys) == []
