from datetime import UTC, datetime

import pytest

from services.notifications import logic
from services.notifications.models import Contact
from services.notifications.templates import GREETINGS, render, template_names
from shared.events.catalog import AccountCreated, ApplicationDecided, ApplicationSubmitted
from shared.languages import SHIPPED
from tests.fakes import metadata, programme_opened
from tests.fakes.notifications import ApplicantStore, FakeScheduler, FlakyMailer, InMemoryContacts
from tests.fakes.notifications import contact as fake_contact

META = metadata("ProgrammeOpened")
OPENED = programme_opened(1, name="Start", opened_by="p_m")


def contacts():
    """Three managers of `t_1`, one per language, and one of another municipality."""
    return [
        fake_contact(f"p_{lang}", email=f"{lang}@x.de", given_name=lang, family_name="M", language=lang)
        for lang in ("de", "pl", "uk")
    ] + [
        fake_contact(
            "p_other", tenant_id="t_2", email="o@x.de", given_name="O", family_name="M", language="en"
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


CONTEXT = {
    "given_name": "Amina",
    "programme_name": "Mentoring für den Berufseinstieg",
    "starts_on": "s",
    "ends_on": "e",
    "intake_open": True,
    "links": {"mentee": "x", "mentor": "y"},
    "application_id": "app_1",
    "participant_id": "pt_1",
    "link": "l",
    "mentees": 2,
    "mentors": 1,
    "new_manager": "N",
    "sign_in_link": "http://h/app/demo/sign-in",
    "email": "a@example.org",
    "account_link_pending": True,
    "links_link": "http://h/app/demo/links",
    "account_role": "mentor",
    # the sessions' mail (tests/unit/notifications/test_relationships.py)
    "version": 2,
    "signatures_cleared": True,
    "starts": "Tuesday, January 5, 2027, 6:00 PM",
    "previous": "Monday, January 4, 2027, 6:00 PM",
    "duration": 60,
    "online": True,
    "late": True,
    "completed": True,
    "group": True,
    "relationship_ended": True,
    # reminders and the managers' digests (tests/unit/notifications/test_reminders.py)
    "overdue": True,
    "questionnaire": "midterm",
    "due": "February 10, 2027",
    "week_of": "January 4, 2027",
    "programmes": [{"name": "P", "relationships": 2, "held": 1, "upcoming": 3, "overdue": 0, "link": "l"}],
    "relationships": [{"reasons": ["no_diary", "rating_fell"], "link": "l"}],
}


def rendered_everywhere():
    for name in sorted(template_names()):
        for language in SHIPPED:
            for role in ("mentee", "mentor"):
                for decision in ("accepted", "rejected", "waitlisted"):
                    yield name, language, render(name, language, role=role, decision=decision, **CONTEXT)


def test_every_template_exists_in_every_shipped_language():
    names = template_names()
    assert {"application_received", "application_decided", "new_applications", "programme_opened"} <= names
    for name, language, (subject, body) in rendered_everywhere():
        assert subject.strip() and body.strip(), (name, language)


def test_every_message_has_a_one_line_subject_without_greeting_and_a_body_that_starts_with_it():
    """Issue 8: "Welcome to Mentoring für den BerufseinstiegHello Amina," must never be a subject again."""
    for name, language, (subject, body) in rendered_everywhere():
        where = (name, language, subject)
        assert "\n" not in subject and "\r" not in subject, where
        assert not any(g in subject for g in GREETINGS[language]), where
        assert "Amina" not in subject, where
        assert body.startswith(GREETINGS[language]), where


def test_a_value_with_a_line_break_cannot_break_the_subject():
    subject, body = render("programme_opened", "en", **{**CONTEXT, "programme_name": "P\nBuy now"})
    assert subject == "New programme open: P Buy now" and body.startswith("Hello")


def contact(**changes):
    fields = {
        "tenant_id": "t_1",
        "person_id": "p_a",
        "role": "mentee",
        "email": "a@example.org",
        "given_name": "Amina",
        "family_name": "H",
        "language": "en",
        "contact_email": False,  # the form's default: no tick
    }
    return Contact(**{**fields, **changes})


def meta(event_type, event_id="e1"):
    return META.model_copy(update={"event_type": event_type, "event_id": event_id})


def submitted(n, role="mentee"):
    return ApplicationSubmitted(application_id=f"app_{n}", programme_id="prg_1", person_id="p_a", role=role)


def test_receipt_and_decision_are_sent_without_the_contact_tick_which_governs_other_mail_only():
    """Issue 8: transactional mail is sent although "contact me by e-mail" was not ticked."""
    store, mailer = ApplicantStore([contact()]), FlakyMailer()
    logic.confirm_application(meta("ApplicationSubmitted"), submitted(1), store, mailer)
    decided = ApplicationDecided(
        application_id="app_1", programme_id="prg_1", person_id="p_a", role="mentee", decision="waitlisted"
    )
    logic.announce_decision(meta("ApplicationDecided", "e2"), decided, store, mailer, "http://h")
    assert [m.subject for m in mailer.sent] == [
        "We received your application",
        "You are on the waiting list for Start",
    ]
    news = logic.send_email(
        meta("X", "e3"), contact(), "programme_opened", store, mailer, transactional=False, **CONTEXT
    )
    assert news is None and len(mailer.sent) == 2


def test_mail_for_an_erased_applicant_is_dropped_and_mail_for_one_not_yet_known_waits():
    """A receipt or decision sent before the person's erasure and delivered after it goes to nobody and
    raises nothing (a retry would wait for an address that never comes back); without an erasure the
    contact may still be on its way, so the message waits for it."""
    store, mailer = ApplicantStore([]), FlakyMailer()
    with pytest.raises(logic.NotYetKnown):
        logic.confirm_application(meta("ApplicationSubmitted"), submitted(1), store, mailer)
    store.erased_ids.add(("t_1", "p_a"))
    decided = ApplicationDecided(
        application_id="app_1", programme_id="prg_1", person_id="p_a", role="mentee", decision="accepted"
    )
    assert logic.confirm_application(meta("ApplicationSubmitted"), submitted(1), store, mailer) == []
    assert logic.announce_decision(meta("ApplicationDecided", "e2"), decided, store, mailer, "http://h") == []
    account = AccountCreated(person_id="p_a", role="mentor", tenant_slug="demo")
    assert logic.welcome_account(meta("AccountCreated", "e3"), account, store, mailer, "http://h") == []
    assert mailer.sent == []


def test_the_receipt_echoes_nothing_the_applicant_typed():
    """Issue 8, item 3: the receipt is a plain confirmation, whatever the name holds."""
    spam = "Amina\nYou won! http://win.example"
    store, mailer = ApplicantStore([contact(given_name=spam, family_name="www.win.example")]), FlakyMailer()
    logic.confirm_application(meta("ApplicationSubmitted"), submitted(1), store, mailer)
    [mail] = mailer.sent
    assert "Amina" not in mail.body and "win" not in mail.body and "http" not in mail.body
    assert mail.body.startswith("Hello,") and "app_1" in mail.body


def test_managers_get_one_digest_per_programme_and_hour_not_a_mail_per_application():
    """Issue 8, item 3: three applications in one hour make one schedule and one e-mail per manager."""
    managers = [
        contact(person_id=f"p_m{n}", role="manager", email=f"m{n}@x.de", language="de") for n in (1, 2)
    ]
    store, mailer, scheduler = ApplicantStore(managers), FlakyMailer(), FakeScheduler()
    now = datetime(2026, 12, 1, 10, 17, tzinfo=UTC)
    for n, role in enumerate(("mentee", "mentee", "mentor")):
        logic.count_for_digest(
            meta("ApplicationSubmitted", f"e{n}"), submitted(n, role), store, scheduler, now=now
        )
    # a retried event counts once
    logic.count_for_digest(meta("ApplicationSubmitted", "e0"), submitted(0), store, scheduler, now=now)
    assert mailer.sent == []
    [(name, (at, tenant_id, due))] = scheduler.schedules.items()
    assert at == datetime(2026, 12, 1, 11, tzinfo=UTC) and tenant_id == "t_1" and len(name) <= 64
    assert due.hour == datetime(2026, 12, 1, 10, tzinfo=UTC)

    digest_meta = meta("ApplicationDigestDue", name)
    logic.send_digest(digest_meta, due, store, mailer, "http://h")
    logic.send_digest(digest_meta, due, store, mailer, "http://h")  # a repeated delivery mails nobody again
    assert sorted(m.to for m in mailer.sent) == ["m1@x.de", "m2@x.de"]
    body = mailer.sent[0].body
    assert "Mentees: 2" in body and "Mentoren: 1" in body
    # The manager's page of the programme's applications, never the API (which answers 401 in a browser).
    assert "http://h/app/demo/programmes/prg_1/applications" in body
    assert "/v1/" not in body

    # one arriving after its hour's digest went out is counted in the next hour's
    logic.count_for_digest(meta("ApplicationSubmitted", "late"), submitted(9), store, scheduler, now=now)
    assert [at for at, _, _ in scheduler.schedules.values()] == [
        datetime(2026, 12, 1, 11, tzinfo=UTC),
        datetime(2026, 12, 1, 12, tzinfo=UTC),
    ]


def decided(decision="accepted", **changes):
    fields = {"application_id": "app_1", "programme_id": "prg_1", "person_id": "p_a", "role": "mentee"}
    return ApplicationDecided(**{**fields, "decision": decision, **changes})


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "enter this e-mail address: a@example.org"),
        ("de", "geben Sie diese E-Mail-Adresse ein: a@example.org"),
        ("pl", "wpisz ten adres e-mail: a@example.org"),
    ],
)
def test_the_acceptance_is_the_welcome_with_the_sign_in_page_and_the_address_in_the_persons_language(
    language, words
):
    """Cognito sends no invitation any more: the decision says where to sign in and with which address."""
    store, mailer = ApplicantStore([contact(language=language)]), FlakyMailer()
    logic.announce_decision(meta("ApplicationDecided"), decided(), store, mailer, "http://h")
    [mail] = mailer.sent
    assert mail.to == "a@example.org"
    assert "http://h/app/demo/sign-in" in mail.body and words in mail.body
    assert "/v1/" not in mail.body and "/links" not in mail.body  # no link waiting: no word of it


def test_an_acceptance_whose_address_had_an_account_names_the_page_to_confirm_it_on():
    store, mailer = ApplicantStore([contact()]), FlakyMailer()
    logic.announce_decision(
        meta("ApplicationDecided"), decided(account_link_pending=True), store, mailer, "http://h"
    )
    [mail] = mailer.sent
    assert "http://h/app/demo/links" in mail.body and "already has an account" in mail.body


def test_a_refusal_says_nothing_of_signing_in():
    store, mailer = ApplicantStore([contact()]), FlakyMailer()
    logic.announce_decision(meta("ApplicationDecided"), decided("rejected"), store, mailer, "http://h")
    [mail] = mailer.sent
    assert "sign-in" not in mail.body and "http" not in mail.body


def account(role="trainer"):
    return AccountCreated(person_id="p_a", role=role, tenant_slug="stadt")


@pytest.mark.parametrize(
    ("language", "subject", "role_words"),
    [
        ("en", "Your Tandem account", "as a trainer"),
        ("de", "Ihr Tandem-Konto", "als Trainerin oder Trainer"),
        ("pl", "Twoje konto w Tandem", "jako osoby szkolącej"),
    ],
)
def test_an_account_made_by_a_manager_is_welcomed_in_its_language_with_the_sign_in_page(
    language, subject, role_words
):
    store, mailer = ApplicantStore([contact(language=language)]), FlakyMailer()
    logic.welcome_account(meta("AccountCreated"), account(), store, mailer, "http://h")
    [mail] = mailer.sent
    assert mail.to == "a@example.org" and mail.subject == subject
    assert role_words in mail.body
    assert "http://h/app/stadt/sign-in" in mail.body and "a@example.org" in mail.body
    assert "/v1/" not in mail.body


def test_the_welcome_is_sent_once_per_event_and_waits_for_the_contact():
    store, mailer = ApplicantStore([]), FlakyMailer()
    with pytest.raises(logic.NotYetKnown):
        logic.welcome_account(meta("AccountCreated"), account("manager"), store, mailer, "http://h")
    store.save_contact(contact(role="manager"))
    logic.welcome_account(meta("AccountCreated"), account("manager"), store, mailer, "http://h")
    logic.welcome_account(meta("AccountCreated"), account("manager"), store, mailer, "http://h")
    [mail] = mailer.sent
    assert "as a manager" in mail.body


def test_an_application_whose_hour_and_the_next_are_sent_is_counted_in_the_first_open_digest():
    """A backlog longer than an hour (or a clock moved on) must not make the count wait for ever."""
    store, scheduler = ApplicantStore([]), FakeScheduler()
    now = datetime(2026, 12, 1, 10, 17, tzinfo=UTC)
    for n, hour in enumerate((10, 11)):
        logic.count_for_digest(meta("ApplicationSubmitted", f"e{n}"), submitted(n), store, scheduler, now=now)
        store.close_digest("t_1", "prg_1", datetime(2026, 12, 1, hour, tzinfo=UTC))
    logic.count_for_digest(meta("ApplicationSubmitted", "late"), submitted(9), store, scheduler, now=now)
    assert max(at for at, _, _ in scheduler.schedules.values()) == datetime(2026, 12, 1, 13, tzinfo=UTC)
