"""Consent in notifications: a withdrawn SMS consent stops the next text and drops a held one (the log says
why); a withdrawn e-mail consent stops what is not transactional; a withdrawn processing consent is told to
the municipality's managers, ids and a link only."""

from __future__ import annotations

from services.notifications import logic as mail
from services.notifications.people import consent
from services.notifications.people import logic as people
from shared.events.catalog import ConsentChanged, ProcessingConsentWithdrawn
from tests.fakes import metadata
from tests.fakes.notifications import FakeScheduler, FakeTexter, FlakyMailer, PeopleStore
from tests.fakes.notifications import contact as fake_contact
from tests.unit.notifications.test_people_sms import LATE, NOON, TOWN, _moved


def withdrawn(purpose: str) -> ConsentChanged:
    return ConsentChanged(person_id="p_ola", purpose=purpose, granted=False, privacy_notice_version="2026-11")


def ola(**changes):
    return fake_contact("p_ola", role="mentee", phone="+4915123456789", contact_sms=True, **changes)


def test_a_withdrawn_sms_consent_stops_the_next_text_and_the_log_says_why():
    store, texter = PeopleStore([ola()], [TOWN]), FakeTexter()
    consent.record_consent(metadata("ConsentChanged"), withdrawn("sms"), store)
    [person] = store.contacts
    people.text_session_change(
        metadata("SessionRescheduled"),
        _moved(),
        [person],
        store,
        texter,
        FakeScheduler(),
        "https://t",
        now=NOON,
    )
    assert texter.sent == []
    [entry] = store.log_of("t_1", "p_ola")
    assert (entry.channel, entry.status, entry.reason) == ("sms", "withheld", "consent_withdrawn")


def test_a_held_text_is_dropped_when_sms_consent_is_withdrawn_overnight():
    store, texter, holder = PeopleStore([ola()], [TOWN]), FakeTexter(), FakeScheduler()
    people.text_session_change(
        metadata("SessionRescheduled"),
        _moved(),
        list(store.contacts),
        store,
        texter,
        holder,
        "https://t",
        now=LATE,
    )
    consent.record_consent(metadata("ConsentChanged"), withdrawn("sms"), store)
    [(at, _tenant, data)] = holder.schedules.values()
    dropped = people.send_held(metadata("SmsDue"), data, store, texter, "https://t", now=at)
    assert texter.sent == []
    assert dropped is not None and (dropped.status, dropped.reason) == ("withheld", "consent_withdrawn")


def test_a_withdrawn_email_consent_stops_news_but_not_what_is_transactional():
    store, mailer = PeopleStore([ola(contact_email=True)], [TOWN]), FlakyMailer()
    consent.record_consent(metadata("ConsentChanged"), withdrawn("email"), store)
    [person] = store.contacts
    assert (
        mail.send_email(metadata("X"), person, "diary_reminder", store, mailer, transactional=False) is None
    )
    assert person.contact_email is False


def test_a_withdrawn_processing_consent_is_told_to_each_manager_with_ids_only():
    managers = [
        fake_contact("p_m1", role="manager", email="m1@x.de", language="de", given_name="Mia"),
        fake_contact("p_m2", role="manager", email="m2@x.de", language="pl", given_name="Jan"),
    ]
    store, mailer = PeopleStore([ola(), *managers], [TOWN]), FlakyMailer()
    told = ProcessingConsentWithdrawn(
        person_id="p_ola", participant_id="pt_1", programme_id="prg_1", erasure_request_id="er_1"
    )
    sent = consent.tell_managers(metadata("ProcessingConsentWithdrawn"), told, store, mailer, "https://t")
    assert sorted(m.to for m in mailer.sent) == ["m1@x.de", "m2@x.de"]
    assert len(sent) == 2
    for message in mailer.sent:
        assert "https://t/app/demo/participants/pt_1" in message.body
        assert "Ola" not in message.body  # who it is, the manager reads in Tandem, not in a mail
