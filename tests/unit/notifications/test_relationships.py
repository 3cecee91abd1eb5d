"""The mail of a mentoring relationship (issue 11): who hears of each step, in which language, with which
link and attachment, once per event, and nothing any person wrote."""

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from services.notifications import relationships as mail
from services.notifications.logic import NotYetKnown
from shared.events.catalog import (
    AbsenceNoticed,
    AgreementChanged,
    AgreementSigned,
    DiaryEntrySubmitted,
    GoalsSet,
    MatchConfirmed,
    MatchEnded,
    ParticipantAccepted,
    ProgrammeChanged,
    SessionCancelled,
    SessionHeld,
    SessionRescheduled,
    SessionScheduled,
)
from tests.fakes import metadata
from tests.fakes.notifications import FlakyMailer, RelationshipStore, contact

BASE = "http://h"
STARTS = datetime(2027, 1, 5, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
PEOPLE = {  # participant -> (person, role, language)
    "par_mentor": ("p_mentor", "mentor", "de"),
    "par_e1": ("p_e1", "mentee", "pl"),
    "par_e2": ("p_e2", "mentee", "en"),
}


def meta(event_type, event_id="e1"):
    return metadata(event_type, event_id=event_id, producer="sessions")


def world():
    """A group of a mentor and two mentees in `t_1`, a manager, and another municipality's manager."""
    contacts = [
        contact(person, role=role, language=lang, email=f"{person}@x.de", given_name=person)
        for person, role, lang in PEOPLE.values()
    ]
    contacts += [
        contact("p_manager", role="manager", language="en", email="manager@x.de"),
        contact("p_far", tenant_id="t_2", role="manager", language="en", email="far@x.de"),
    ]
    store = RelationshipStore(contacts)
    for n, (participant, (person, role, _)) in enumerate(PEOPLE.items()):
        accepted = ParticipantAccepted.model_validate(
            {
                "participant_id": participant,
                "person_id": person,
                "programme_id": "prg_1",
                "application_id": f"app_{n}",
                "role": role,
                "eligible": True,
                "profile": {"birth_year": 1990, "languages": ["de"]},
            }
        )
        mail.record_member(meta("ParticipantAccepted", f"pa{n}"), accepted, store)
    confirmed = MatchConfirmed(
        match_id="mat_1",
        programme_id="prg_1",
        kind="group",
        mentor_id="par_mentor",
        mentee_ids=["par_e1", "par_e2"],
    )
    mail.record_match(meta("MatchConfirmed", "mc"), confirmed, store)
    return store


def scheduled(store, mailer):
    data = SessionScheduled(
        session_id="ses_1",
        match_id="mat_1",
        programme_id="prg_1",
        starts_at=STARTS,
        duration_minutes=90,
        mode="online",
    )
    return mail.session_scheduled(meta("SessionScheduled", "sch"), data, store, mailer, BASE)


def by_address(mailer):
    return {m.to: m for m in mailer.sent}


def ics_event(email):
    [attachment] = email.attachments
    assert attachment.content_type == "text/calendar"
    [event] = Calendar.from_ical(attachment.data).walk("VEVENT")
    return event


def test_a_planned_session_reaches_every_member_in_their_language_with_its_ics_and_page():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    sent = by_address(mailer)
    assert set(sent) == {"p_mentor@x.de", "p_e1@x.de", "p_e2@x.de"}  # members, not the managers
    assert (
        sent["p_mentor@x.de"].subject == "Ein Mentoring-Treffen ist geplant: Dienstag, 5. Januar 2027, 18:00"
    )
    assert sent["p_e1@x.de"].subject.startswith("Zaplanowano spotkanie mentoringowe: wtorek, 5 stycznia 2027")
    assert "90 minutes, online" in sent["p_e2@x.de"].body
    assert "http://h/app/demo/sessions/ses_1" in sent["p_e2@x.de"].body
    event = ics_event(sent["p_e2@x.de"])
    assert str(event["uid"]) == "ses_1@tandem" and event["sequence"] == 0
    assert event.decoded("dtstart") == STARTS and str(event["status"]) == "CONFIRMED"
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"


def test_a_retried_event_mails_nobody_twice():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    scheduled(store, mailer)
    assert len(mailer.sent) == 3


def test_a_step_before_its_relationship_is_known_waits_for_it():
    store, mailer = RelationshipStore([]), FlakyMailer()
    with pytest.raises(NotYetKnown):
        scheduled(store, mailer)
    assert mailer.sent == []


def test_a_moved_session_tells_old_and_new_time_and_updates_the_same_calendar_event():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    mailer.sent.clear()
    moved = SessionRescheduled(
        session_id="ses_1",
        match_id="mat_1",
        programme_id="prg_1",
        starts_at=datetime(2027, 1, 7, 17, tzinfo=UTC),
        previous_starts_at=STARTS,
        sequence=1,
    )
    mail.session_rescheduled(meta("SessionRescheduled", "mv"), moved, store, mailer, BASE)
    english = by_address(mailer)["p_e2@x.de"]
    assert english.subject == "A mentoring session moved to Thursday, January 7, 2027, 6:00 PM"
    assert "planned for Tuesday, January 5, 2027, 6:00 PM" in english.body
    event = ics_event(english)
    assert str(event["uid"]) == "ses_1@tandem" and event["sequence"] == 1
    assert len(mailer.sent) == 3


def test_a_cancelled_session_reaches_the_members_with_the_ics_that_cancels_it():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    mailer.sent.clear()
    cancelled = SessionCancelled(session_id="ses_1", match_id="mat_1", programme_id="prg_1")
    mail.session_cancelled(meta("SessionCancelled", "cx"), cancelled, store, mailer, BASE)
    english = by_address(mailer)["p_e2@x.de"]
    assert english.subject.startswith("A mentoring session is cancelled: Tuesday, January 5, 2027")
    assert "http://h/app/demo/matches/mat_1/sessions" in english.body
    event = ics_event(english)
    assert (str(event["status"]), event["sequence"]) == ("CANCELLED", 1)
    assert len(mailer.sent) == 3


def ended(completed=False):
    return MatchEnded(
        match_id="mat_1",
        programme_id="prg_1",
        mentor_id="par_mentor",
        mentee_ids=["par_e1", "par_e2"],
        completed=completed,
    )


def test_a_closed_relationship_is_told_to_its_members_once_never_session_by_session():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    mailer.sent.clear()
    cancelled = SessionCancelled(
        session_id="ses_1", match_id="mat_1", programme_id="prg_1", reason="relationship_ended"
    )
    mail.session_cancelled(meta("SessionCancelled", "cx"), cancelled, store, mailer, BASE)
    assert mailer.sent == [] and store.session("t_1", "ses_1").status == "cancelled"

    mail.relationship_closed(meta("MatchEnded", "me"), ended(), store, mailer, BASE)
    mail.relationship_closed(meta("MatchEnded", "me"), ended(), store, mailer, BASE)  # a retry
    sent = by_address(mailer)
    assert set(sent) == {"p_mentor@x.de", "p_e1@x.de", "p_e2@x.de"} and len(mailer.sent) == 3
    english = sent["p_e2@x.de"]
    assert english.subject == "Your mentoring relationship has ended: Start"
    assert "sessions still planned are cancelled" in english.body
    assert "http://h/app/demo/matches/mat_1/sessions" in english.body
    assert sent["p_mentor@x.de"].subject == "Ihre Mentoring-Beziehung ist beendet: Start"
    assert sent["p_e1@x.de"].subject.startswith("Twoja relacja mentoringowa się zakończyła")


def test_a_completed_relationship_is_told_as_completed():
    store, mailer = world(), FlakyMailer()
    mail.relationship_closed(meta("MatchEnded", "mc2"), ended(completed=True), store, mailer, BASE)
    english = by_address(mailer)["p_e2@x.de"]
    assert english.subject == "Your mentoring relationship is completed: Start"
    assert "after its final review" in english.body and "cancelled" in english.body


@pytest.mark.parametrize(
    ("zone", "subject_time", "tzid"),
    [("Europe/Warsaw", "6:00 PM", "Europe/Warsaw"), ("Europe/Lisbon", "5:00 PM", "Europe/Lisbon")],
)
def test_a_sessions_time_is_told_in_the_municipalitys_zone(zone, subject_time, tzid):
    store, mailer = world(), FlakyMailer()
    changed = ProgrammeChanged(
        programme_id="prg_1",
        tenant_slug="demo",
        name="Start",
        kind="group",
        mode="blended",
        languages=["en"],
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 6, 30),
        intake_open=True,
        timezone=zone,
        programme_version=2,
    )
    mail.record_programme_change(meta("ProgrammeChanged", "pc"), changed, store)
    older = changed.model_copy(update={"timezone": "Asia/Tokyo", "programme_version": 1})
    mail.record_programme_change(meta("ProgrammeChanged", "pc0"), older, store)  # late: ignored
    scheduled(store, mailer)
    english = by_address(mailer)["p_e2@x.de"]
    assert english.subject == f"A mentoring session is planned: Tuesday, January 5, 2027, {subject_time}"
    event = ics_event(english)
    assert event["dtstart"].params["TZID"] == tzid and event.decoded("dtstart") == STARTS
    assert [str(z["TZID"]) for z in Calendar.from_ical(english.attachments[0].data).walk("VTIMEZONE")] == [
        tzid
    ]


def test_a_mentees_absence_tells_the_mentor_and_the_managers_never_the_other_mentees():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    mailer.sent.clear()
    absent = AbsenceNoticed(
        session_id="ses_1",
        match_id="mat_1",
        programme_id="prg_1",
        participant_id="par_e1",
        role="mentee",
        late=False,
    )
    mail.absence_noticed(meta("AbsenceNoticed", "ab"), absent, store, mailer, BASE)
    sent = by_address(mailer)
    assert set(sent) == {"p_mentor@x.de", "manager@x.de"}  # not far@x.de: another municipality
    assert (
        sent["manager@x.de"].subject
        == "A mentee cannot come to the session on Tuesday, January 5, 2027, 6:00 PM"
    )
    assert "http://h/app/demo/sessions/ses_1" in sent["manager@x.de"].body


def test_a_mentors_absence_tells_every_mentee_the_new_date_once_and_says_it_is_late():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    mailer.sent.clear()
    absent = AbsenceNoticed(
        session_id="ses_1",
        match_id="mat_1",
        programme_id="prg_1",
        participant_id="par_mentor",
        role="mentor",
        late=True,
    )
    assert mail.absence_noticed(meta("AbsenceNoticed", "ab"), absent, store, mailer, BASE) == []
    moved = SessionRescheduled(
        session_id="ses_1",
        match_id="mat_1",
        programme_id="prg_1",
        starts_at=datetime(2027, 1, 8, 17, tzinfo=UTC),
        previous_starts_at=STARTS,
        sequence=1,
        cause="mentor_absent",
        late=True,
    )
    mail.session_rescheduled(meta("SessionRescheduled", "mv"), moved, store, mailer, BASE)
    sent = by_address(mailer)
    assert set(sent) == {"p_e1@x.de", "p_e2@x.de"}
    english = sent["p_e2@x.de"]
    assert english.subject == "Your mentor cannot come: the session moves to Friday, January 8, 2027, 6:00 PM"
    assert "This notice came late" in english.body
    assert ics_event(english)["sequence"] == 1


def test_the_diary_reaches_the_mentor_only_and_never_its_text():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    mailer.sent.clear()
    written = DiaryEntrySubmitted(
        session_id="ses_1", match_id="mat_1", programme_id="prg_1", writer_id="par_e1", entry_version=1
    )
    mail.diary_submitted(meta("DiaryEntrySubmitted", "dy"), written, store, mailer, BASE)
    [to_mentor] = mailer.sent
    assert to_mentor.to == "p_mentor@x.de"
    assert to_mentor.subject.startswith("Das Tagebuch des Treffens am Dienstag, 5. Januar 2027")
    assert "http://h/app/demo/sessions/ses_1" in to_mentor.body


def test_the_agreement_changed_and_signed_reach_members_and_managers_with_its_page():
    store, mailer = world(), FlakyMailer()
    changed = AgreementChanged(
        match_id="mat_1", programme_id="prg_1", agreement_version=2, signatures_cleared=True
    )
    mail.agreement_changed(meta("AgreementChanged", "ac"), changed, store, mailer, BASE)
    sent = by_address(mailer)
    assert set(sent) == {"p_mentor@x.de", "p_e1@x.de", "p_e2@x.de", "manager@x.de"}
    assert "every signature was cleared" in sent["manager@x.de"].body
    assert "http://h/app/demo/matches/mat_1/agreement" in sent["p_e2@x.de"].body
    mailer.sent.clear()
    signed = AgreementSigned(match_id="mat_1", programme_id="prg_1", agreement_version=2)
    mail.agreement_signed(meta("AgreementSigned", "as"), signed, store, mailer, BASE)
    assert {m.subject for m in mailer.sent} >= {
        "Your mentoring agreement is signed",
        "Ihre Mentoring-Vereinbarung ist unterschrieben",
        "Umowa mentoringowa jest podpisana",
    }
    assert len(mailer.sent) == 4


def test_a_mentees_goals_reach_the_mentor_and_the_groups_reach_the_mentees():
    store, mailer = world(), FlakyMailer()
    own = GoalsSet(match_id="mat_1", programme_id="prg_1", mentee_id="par_e1", goals_version=1, goal_count=2)
    mail.goals_set(meta("GoalsSet", "g1"), own, store, mailer, BASE)
    assert [m.to for m in mailer.sent] == ["p_mentor@x.de"]
    assert "http://h/app/demo/matches/mat_1/goals" in mailer.sent[0].body
    mailer.sent.clear()
    group = GoalsSet(match_id="mat_1", programme_id="prg_1", mentee_id=None, goals_version=1, goal_count=1)
    mail.goals_set(meta("GoalsSet", "g2"), group, store, mailer, BASE)
    assert sorted(m.to for m in mailer.sent) == ["p_e1@x.de", "p_e2@x.de"]
    assert by_address(mailer)["p_e2@x.de"].subject == "The group's goals are written: Start"


def test_a_held_session_tells_the_mentee_whose_turn_it_is_to_write_the_diary():
    store, mailer = world(), FlakyMailer()
    scheduled(store, mailer)
    mailer.sent.clear()
    held = SessionHeld(
        session_id="ses_1",
        match_id="mat_1",
        programme_id="prg_1",
        present=["par_e2"],
        diary_writer_id="par_e2",
    )
    mail.session_held(meta("SessionHeld", "h1"), held, store, mailer, BASE)
    [told] = mailer.sent
    assert told.to == "p_e2@x.de"
    assert told.subject == "Your turn to write the diary of the session on Tuesday, January 5, 2027, 6:00 PM"
    assert "http://h/app/demo/sessions/ses_1/diary" in told.body
    nobody = held.model_copy(update={"present": [], "diary_writer_id": None})
    assert mail.session_held(meta("SessionHeld", "h2"), nobody, store, mailer, BASE) == []
