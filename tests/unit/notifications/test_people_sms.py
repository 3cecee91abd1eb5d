"""SMS: segments counted as a phone counts them, never more than two, E.164 only, quiet hours in the
municipality's own zone, fixed texts only; and the session changes texted to the mentees who chose it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.notifications.models import TenantInfo
from services.notifications.people import logic
from services.notifications.people.sms import TEXTS, compose, is_e164, quiet_until, segments
from shared.events.catalog import SessionCancelled, SessionRescheduled
from shared.events.catalog.notifications import SmsDue
from tests.fakes import metadata
from tests.fakes.notifications import FakeScheduler, FakeTexter, PeopleStore
from tests.fakes.notifications import contact as fake_contact

BERLIN = ZoneInfo("Europe/Berlin")
TOWN = TenantInfo(tenant_id="t_1", slug="demo", name="Stadt Demo", languages=["de", "en", "pl"])
NOON = datetime(2027, 3, 1, 12, 0, tzinfo=BERLIN)
LATE = datetime(2027, 3, 1, 22, 30, tzinfo=BERLIN)
LINK = "https://tandem.example/app/demo/sessions/ses_0123456789abcdef"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # an extension character is two septets
        ("€" * 81, 2),
        ("ż" * 70, 1),  # not in GSM-7: UCS-2
        ("ż" * 71, 2),
        ("ż" * 134, 2),
        ("ż" * 135, 3),
        ("😀" * 35, 1),  # beyond the BMP: two UTF-16 units each
        ("😀" * 36, 2),
    ],
)
def test_segments_are_counted_as_a_phone_counts_them(text, count):
    assert segments(text) == count


def test_every_text_fits_two_segments_even_with_a_long_name_and_keeps_its_link_whole():
    long_name = "Gemeindeverwaltung der Großen Kreisstadt Żółć-Überlingen am Bodensee " * 3
    for template, languages in TEXTS.items():
        for lang in languages:
            text = compose(template, lang, sender=long_name, link=LINK, starts=NOON, zone="Europe/Berlin")
            assert segments(text) <= 2, (template, lang, text)
            assert LINK in text


def test_the_full_wording_names_the_new_time_in_the_municipalitys_zone():
    text = compose("session_moved", "de", sender="Stadt Demo", link=LINK, starts=NOON, zone="Europe/Berlin")
    assert (
        text == f"Stadt Demo: Ihr Mentoring-Treffen ist verschoben auf 01.03.27, 12:00. Einzelheiten: {LINK}"
    )


@pytest.mark.parametrize(
    ("number", "ok"),
    [("+4915123456789", True), ("015123456789", False), ("+49 151 2345678", True), ("+0123456789", False),
     ("+49 (151) 234-56/78", True), ("0049151234567", False), ("+49151abc", False),
     (None, False), ("+1234567890123456", False)],
)  # fmt: skip
def test_only_e164_numbers_are_texted(number, ok):
    assert is_e164(number) is ok


def test_quiet_hours_are_the_municipalitys_own():
    assert quiet_until(NOON, "Europe/Berlin") is None
    assert quiet_until(LATE, "Europe/Berlin") == datetime(2027, 3, 2, 8, 0, tzinfo=BERLIN)
    early = datetime(2027, 3, 1, 7, 59, tzinfo=BERLIN)
    assert quiet_until(early, "Europe/Berlin") == datetime(2027, 3, 1, 8, 0, tzinfo=BERLIN)
    assert quiet_until(datetime(2027, 3, 1, 21, 0, tzinfo=BERLIN), "Europe/Berlin") is not None
    assert quiet_until(datetime(2027, 3, 1, 8, 0, tzinfo=BERLIN), "Europe/Berlin") is None
    # 22:30 in Berlin is 16:30 in New York: a New York municipality's mentee is texted at once
    assert quiet_until(LATE, "America/New_York") is None


def _store(*mentees):
    return PeopleStore(list(mentees), [TOWN])


def _moved():
    return SessionRescheduled(
        programme_id="prg_1", match_id="m_1", session_id="ses_1",
        starts_at=datetime(2027, 3, 8, 17, 0, tzinfo=UTC),
        previous_starts_at=datetime(2027, 3, 1, 17, 0, tzinfo=UTC),
        sequence=1, cause="changed", late=False,
    )  # fmt: skip


def test_a_moved_session_is_texted_to_the_mentees_who_chose_sms_and_logged_masked():
    chose = fake_contact("p_sms", role="mentee", language="en", phone="+4915123456789", contact_sms=True)
    did_not = fake_contact("p_mail", role="mentee", language="en", phone="+4915100000000", contact_sms=False)
    store, texter, holder = _store(chose, did_not), FakeTexter(), FakeScheduler()
    meta = metadata("SessionRescheduled")
    sent = logic.text_session_change(
        meta, _moved(), [chose, did_not], store, texter, holder, "https://t", now=NOON
    )
    [sms] = texter.sent
    assert sms.to == "+4915123456789"
    assert sms.text.startswith("Stadt Demo: your mentoring session has moved to ")
    assert "https://t/app/demo/sessions/ses_1" in sms.text
    assert [(d.channel, d.status, d.to_masked) for d in sent] == [("sms", "sent", "+49*********89")]
    # A retried event texts nobody twice
    logic.text_session_change(meta, _moved(), [chose], store, texter, holder, "https://t", now=NOON)
    assert len(texter.sent) == 1


def test_a_number_that_is_not_e164_is_not_texted_and_the_log_says_so():
    person = fake_contact("p_x", role="mentee", phone="0151 2345678", contact_sms=True)
    store, texter = _store(person), FakeTexter()
    cancelled = SessionCancelled(programme_id="prg_1", match_id="m_1", session_id="ses_1", reason="cancelled")
    [entry] = logic.text_session_change(
        metadata("SessionCancelled"),
        cancelled,
        [person],
        store,
        texter,
        FakeScheduler(),
        "https://t",
        now=NOON,
    )
    assert texter.sent == []
    assert (entry.status, entry.reason) == ("failed", "not_e164")


def test_a_text_written_at_night_is_held_until_eight_and_then_sent_once():
    person = fake_contact("p_n", role="mentee", language="pl", phone="+48512345678", contact_sms=True)
    store, texter, holder = _store(person), FakeTexter(), FakeScheduler()
    meta = metadata("SessionRescheduled")
    [held] = logic.text_session_change(meta, _moved(), [person], store, texter, holder, "https://t", now=LATE)
    assert texter.sent == [] and held.status == "held"
    [(name, at, (tenant, data))] = [(n, s[0], s[1:]) for n, s in holder.schedules.items()]
    assert at == datetime(2027, 3, 2, 8, 0, tzinfo=BERLIN) and tenant == "t_1"
    assert isinstance(data, SmsDue) and data.link_path == "sessions/ses_1"
    morning = datetime(2027, 3, 2, 8, 0, tzinfo=BERLIN)
    due = metadata("SmsDue", event_id=name)
    logic.send_held(due, data, store, texter, "https://t", now=morning)
    logic.send_held(due, data, store, texter, "https://t", now=morning)
    [sms] = texter.sent
    assert sms.text.startswith("Stadt Demo: spotkanie mentoringowe przeniesiono na ")


def test_a_held_text_is_dropped_when_the_person_turned_sms_off_overnight():
    person = fake_contact("p_n", role="mentee", phone="+48512345678", contact_sms=True)
    store, texter, holder = _store(person), FakeTexter(), FakeScheduler()
    logic.text_session_change(
        metadata("SessionRescheduled"), _moved(), [person], store, texter, holder, "https://t", now=LATE
    )
    store.save_preferences("t_1", "p_n", True, False, "en")
    [(at, _tenant, data)] = holder.schedules.values()
    assert logic.send_held(metadata("SmsDue"), data, store, texter, "https://t", now=at) is None
    assert texter.sent == []
