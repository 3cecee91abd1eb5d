"""Every mail as a reader's mail program sees it: text and HTML, the municipality as the sender, one-click
unsubscribe on what is not transactional, the .ics kept; the person's preference and a bounced address
respected; each send in the log, masked."""

from __future__ import annotations

import email
import email.policy

from services.notifications import logic
from services.notifications.mailer import WRITTEN, mime
from services.notifications.models import Attachment, Email, TenantInfo
from services.notifications.people.dressing import (
    mask_email,
    mask_phone,
    read_unsubscribe_token,
    unsubscribe_token,
)
from tests.fakes import metadata
from tests.fakes.notifications import FlakyMailer, PeopleStore
from tests.fakes.notifications import contact as fake_contact

TOWN = TenantInfo(tenant_id="t_1", slug="demo", name="Stadt Müllheim", languages=["de", "en"])
META = metadata("SessionScheduled")


def parsed(message: Email, transactional_url: str | None = None) -> email.message.EmailMessage:
    raw = mime(message, "no-reply@tandem.example").as_bytes(policy=WRITTEN)
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def mailer() -> FlakyMailer:
    sender = FlakyMailer()
    sender.public_base_url = "https://tandem.example"  # type: ignore[attr-defined]
    return sender


def test_the_sender_is_the_municipality_encoded_per_rfc_2047_and_both_parts_say_the_same():
    store, post = PeopleStore([fake_contact("p_a", language="de")], [TOWN]), mailer()
    logic.send_email(
        META, store.contact("t_1", "p_a"), "account_created", store, post, transactional=True,
        account_role="mentor", sign_in_link="https://tandem.example/app/demo/sign-in",
        email="p_a@example.org",
    )  # fmt: skip
    [sent] = post.sent
    message = parsed(sent)
    raw = mime(sent, "no-reply@tandem.example").as_string(policy=WRITTEN)
    assert "From: Stadt =?utf-8?q?M=C3=BCllheim?= <no-reply@tandem.example>" in raw
    assert message["From"].addresses[0].display_name == "Stadt Müllheim"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.startswith("Hallo Ola")
    assert '<html lang="de">' in html and "Hallo Ola" in html
    assert '<a href="https://tandem.example/app/demo/sign-in">' in html
    # A receipt, a decision, a welcome: no unsubscribe link
    assert message["List-Unsubscribe"] is None


def test_what_is_not_transactional_carries_a_one_click_unsubscribe_link_for_its_person():
    store, post = PeopleStore([fake_contact("p_a", language="en")], [TOWN]), mailer()
    logic.send_email(
        META, store.contact("t_1", "p_a"), "diary_submitted", store, post, transactional=False,
        programme_name="Start", starts="Monday", link="https://tandem.example/app/demo/sessions/s1",
    )  # fmt: skip
    message = parsed(post.sent[0])
    header = message["List-Unsubscribe"]
    assert header.startswith("<https://tandem.example/app/demo/unsubscribe?token=")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = header.split("token=")[1].rstrip(">")
    assert read_unsubscribe_token(store.unsubscribe_key(), token) == ("t_1", "p_a")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Stop these e-mails" in html and token in html


def test_a_session_mail_keeps_its_ics_beside_the_text_and_html():
    session_mail = Email(
        to="a@example.org",
        subject="Planned",
        body="Hello\n\nSee https://x.example/app/demo/sessions/s1.",
        html="<p>Hello</p>",
        sender_name="Demo",
        attachments=[
            Attachment(filename="session.ics", content_type="text/calendar", data=b"BEGIN:VCALENDAR")
        ],
    )
    message = parsed(session_mail)
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(preferencelist=("html",)).get_content().strip() == "<p>Hello</p>"
    [ics] = list(message.iter_attachments())
    assert ics.get_filename() == "session.ics" and ics.get_content_type() == "text/calendar"


def test_the_email_preference_stops_reminders_but_never_a_receipt():
    store, post = PeopleStore([fake_contact("p_a", contact_email=False)], [TOWN]), mailer()
    person = store.contact("t_1", "p_a")
    skipped = logic.send_email(
        META, person, "diary_submitted", store, post, transactional=False,
        programme_name="S", starts="x", link="l",
    )  # fmt: skip
    sent = logic.send_email(
        META, person, "application_received", store, post, transactional=True,
        programme_name="S", role="mentee", application_id="app_1",
    )  # fmt: skip
    assert skipped is None and sent is not None
    assert [m.subject for m in post.sent] == [post.sent[0].subject]
    assert "app_1" in post.sent[0].body


def test_a_bounced_address_gets_no_more_mail_and_the_log_says_why():
    store, post = PeopleStore([fake_contact("p_a", email_bounced=True)], [TOWN]), mailer()
    delivery = logic.send_email(
        META, store.contact("t_1", "p_a"), "application_received", store, post, transactional=True,
        programme_name="S", role="mentee", application_id="app_1",
    )  # fmt: skip
    assert post.sent == []
    assert delivery is not None and (delivery.status, delivery.reason) == ("failed", "address_bounced")


def test_each_send_is_logged_with_the_address_masked_and_no_text():
    store, post = PeopleStore([fake_contact("p_a", email="amina.k@posteo.de")], [TOWN]), mailer()
    logic.send_email(
        META, store.contact("t_1", "p_a"), "application_received", store, post, transactional=True,
        programme_name="S", role="mentee", application_id="app_1",
    )  # fmt: skip
    [entry] = store.log_of("t_1", "p_a")
    assert (entry.channel, entry.template, entry.status, entry.to_masked) == (
        "email", "application_received", "sent", "a***@p***.de",
    )  # fmt: skip
    assert "amina" not in entry.model_dump_json() and "app_1" not in entry.model_dump_json()


def test_a_forged_or_altered_unsubscribe_token_is_nobodys():
    key = b"k" * 32
    token = unsubscribe_token(key, "t_1", "p_a")
    payload, mac = token.split(".")
    other = unsubscribe_token(key, "t_1", "p_b").split(".")[0]
    assert read_unsubscribe_token(key, f"{other}.{mac}") is None
    assert read_unsubscribe_token(b"x" * 32, token) is None
    assert read_unsubscribe_token(key, payload) is None
    assert read_unsubscribe_token(key, "") is None
    assert read_unsubscribe_token(key, f"{payload}.żółć") is None


def test_masks_keep_enough_to_tell_apart_and_not_enough_to_write_to():
    assert mask_email("ola@example.org") == "o***@e***.org"
    assert mask_phone("+4915123456789") == "+49*********89"


def test_a_long_subject_reads_back_as_it_was_written_and_text_travels_in_7_bit_lines():
    subject = "A mentee cannot come to the session on Friday, December 11, 2026, 12:15 PM"
    body = "Dzień dobry Ewa,\n" + "kroków " * 40
    message = Email(to="a@example.org", subject=subject, body=body, html="<p>Dzień</p>")
    assert str(parsed(message)["Subject"]) == subject
    raw = mime(message, "no-reply@tandem.example").as_bytes(policy=WRITTEN)
    assert raw.isascii() and max(len(line) for line in raw.split(b"\r\n")) <= 998
    body_lines = raw.split(b"\r\n\r\n", 2)[2].split(b"\r\n")
    assert max(len(line) for line in body_lines) <= 76
    assert parsed(message).get_body(preferencelist=("plain",)).get_content().startswith("Dzień dobry Ewa,")
