from datetime import UTC, date, datetime

import pytest

from services.notifications import logic
from services.notifications.templates import render, template_names
from shared.events.catalog import ProgrammeOpened
from shared.events.envelope import Metadata
from shared.languages import SHIPPED


class FakeStore:
    def __init__(self, contacts):
        self.contacts, self.log = contacts, {}

    def save_contact(self, c):
        self.contacts.append(c)

    def contacts_with_role(self, tenant_id, role):
        return [c for c in self.contacts if c.tenant_id == tenant_id and c.role == role]

    def log_delivery(self, d):
        self.log[d.delivery_id] = d

    def delivered(self, tenant_id, delivery_id):
        return delivery_id in self.log


class FlakyMailer:
    def __init__(self, fail_for=()):
        self.sent, self.fail_for = [], set(fail_for)

    def send(self, email):
        if email.to in self.fail_for:
            raise ConnectionError("SES down")
        self.sent.append(email)
        return f"m{len(self.sent)}"


META = Metadata(
    event_id="e1",
    event_type="ProgrammeOpened",
    version=1,
    tenant_id="t_1",
    occurred_at=datetime.now(UTC),
    correlation_id="c",
    producer="intake",
)
OPENED = ProgrammeOpened(
    programme_id="prg_1",
    tenant_slug="demo",
    name="Start",
    kind="pair",
    mode="blended",
    languages=["de"],
    starts_on=date(2027, 1, 1),
    ends_on=date(2027, 6, 1),
    intake_open=True,
    opened_by="p_m",
)


def contacts():
    from services.notifications.schemas import Contact

    return [
        Contact(
            tenant_id="t_1",
            person_id=f"p_{lang}",
            role="manager",
            email=f"{lang}@x.de",
            given_name=lang,
            family_name="M",
            language=lang,
        )
        for lang in ("de", "pl", "uk")
    ] + [
        Contact(
            tenant_id="t_2",
            person_id="p_other",
            role="manager",
            email="o@x.de",
            given_name="O",
            family_name="M",
            language="en",
        )
    ]


def test_each_manager_of_the_tenant_gets_the_links_in_their_language():
    store, mailer = FakeStore(contacts()), FlakyMailer()
    logic.announce_programme(META, OPENED, store, mailer, "http://h")
    by_to = {m.to: m for m in mailer.sent}
    assert set(by_to) == {"de@x.de", "pl@x.de", "uk@x.de"}  # never the other tenant's manager
    assert by_to["de@x.de"].subject.startswith("Neues Programm")
    assert by_to["pl@x.de"].subject.startswith("Nowy program")
    assert by_to["uk@x.de"].subject.startswith("New programme")  # not shipped in Ukrainian: English
    assert "http://h/forms/demo/prg_1?role=mentee&lang=de" in by_to["de@x.de"].body


def test_a_retry_after_a_failure_mails_nobody_twice():
    store = FakeStore(contacts())
    with pytest.raises(ConnectionError):
        logic.announce_programme(META, OPENED, store, FlakyMailer(fail_for={"pl@x.de"}), "http://h")
    retry = FlakyMailer()
    logic.announce_programme(META, OPENED, store, retry, "http://h")
    assert [m.to for m in retry.sent] == ["pl@x.de", "uk@x.de"]


def test_every_template_exists_in_every_shipped_language():
    context = {
        "given_name": "A",
        "programme_name": "P",
        "starts_on": "s",
        "ends_on": "e",
        "intake_open": True,
        "links": {"mentee": "x", "mentor": "y"},
        "application_id": "app_1",
        "link": "l",
        "new_manager": "N",
    }
    for name in template_names():
        for language in SHIPPED:
            for role in ("mentee", "mentor"):
                for decision in ("accepted", "rejected", "waitlisted"):
                    subject, body = render(name, language, role=role, decision=decision, **context)
                    assert subject.strip() and body.strip()
