"""Notifications' people figures, printed not asserted: dressing one e-mail (the HTML part from the text,
the MIME message with an .ics, written out as SES is given it), an SMS composed and counted, and the
one-click unsubscribe token signed and read. Pure Python, no AWS: the cost each send adds."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

from services.notifications.mailer import WRITTEN, mime
from services.notifications.models import Attachment, Email
from services.notifications.people.dressing import html_part, read_unsubscribe_token, unsubscribe_token
from services.notifications.people.sms import compose
from services.notifications.templates import render

ROUNDS = 2000


def _timed(fn, rounds: int = ROUNDS) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def test_print_the_cost_of_dressing_a_mail_and_a_text():
    subject, body = render(
        "session_moved", "de", given_name="Amina", programme_name="Mentoring für den Berufseinstieg",
        starts="Dienstag, 5. Januar 2027, 18:00", previous="Montag, 4. Januar 2027, 18:00",
        link="https://tandem.example/app/demo/sessions/ses_1",
    )  # fmt: skip
    ics = Attachment(filename="session.ics", content_type="text/calendar", data=b"BEGIN:VCALENDAR\r\n" * 30)
    url = "https://tandem.example/app/demo/unsubscribe?token=x"

    def dress() -> None:
        html = html_part(subject, body, "de", "Stadt Musterstadt", url)
        email = Email(
            to="a@example.org", subject=subject, body=body, html=html, sender_name="Stadt Musterstadt",
            unsubscribe_url=url, attachments=[ics],
        )  # fmt: skip
        mime(email, "no-reply@tandem.example").as_bytes(policy=WRITTEN)

    starts = datetime(2027, 1, 5, 17, tzinfo=UTC)

    def text() -> None:
        compose("session_moved", "pl", sender="Miasto Łódź", link=url, starts=starts, zone="Europe/Warsaw")

    key = b"k" * 32

    def token() -> None:
        read_unsubscribe_token(key, unsubscribe_token(key, "t_1", "p_1"))

    for name, fn in (
        ("e-mail dressed (HTML + MIME + .ics)", dress),
        ("SMS composed", text),
        ("token", token),
    ):
        median, p95 = _timed(fn)
        print(f"\n{name}: median {median:.3f} ms, p95 {p95:.3f} ms over {ROUNDS}")
