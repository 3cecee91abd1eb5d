import pytest

from services.notifications import logic
from services.notifications.templates import render, template_names
from shared.languages import SHIPPED
from tests.fakes import metadata, programme_opened
from tests.fakes.notifications import FlakyMailer, InMemoryContacts

META = metadata("ProgrammeOpened")
OPENED = programme_opened(1, name="Start", opened_by="p_m")


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
    store, mailer = InMemoryContacts(contacts()), FlakyMailer()
    logic.announce_programme(META, OPENED, store, mailer, "http://h")
    by_to = {m.to: m for m in mailer.sent}
    assert set(by_to) == {"de@x.de", "pl@x.de", "uk@x.de"}  # never the other tenant's manager
    assert by_to["de@x.de"].subject.startswith("Neues Programm")
    assert by_to["pl@x.de"].subject.startswith("Nowy program")
    assert by_to["uk@x.de"].subject.startswith("New programme")  # not shipped in Ukrainian: English
    assert "http://h/forms/demo/prg_1?role=mentee&lang=de" in by_to["de@x.de"].body


def test_a_retry_after_a_failure_mails_nobody_twice():
    store = InMemoryContacts(contacts())
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
