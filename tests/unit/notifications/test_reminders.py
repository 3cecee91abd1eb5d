"""Reminders (issue 13): each schedule made, moved and deleted as sessions and questionnaires change, and
what it sends when it fires, decided from the state then. The clock here is `fire(until=...)`."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.notifications import logic
from services.notifications import relationships as mail
from services.notifications.reminders import digests, plan, sending
from services.notifications.reminders.models import Reminder
from shared.events.catalog import (
    DiaryEntrySubmitted,
    DiaryReminderDue,
    MatchConfirmed,
    MatchEnded,
    ParticipantAccepted,
    ProgrammeChanged,
    QuestionnaireAssigned,
    QuestionnaireReminderDue,
    QuestionnaireSubmitted,
    RiskDigestDue,
    RiskFlagRaised,
    SessionCancelled,
    SessionHeld,
    SessionReminderDue,
    SessionRescheduled,
    SessionScheduled,
    WeeklyDigestDue,
)
from tests.fakes import metadata
from tests.fakes.events import programme_opened
from tests.fakes.notifications import FakeScheduler, FlakyMailer, ReminderStore, contact

BASE = "http://h"
NOW = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
STARTS = datetime(2027, 1, 5, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
PEOPLE = {  # participant -> (person, role, language)
    "par_mentor": ("p_mentor", "mentor", "de"),
    "par_e1": ("p_e1", "mentee", "pl"),
    "par_e2": ("p_e2", "mentee", "en"),
}


def meta(event_type, event_id="e1", occurred_at=NOW, producer="sessions"):
    return metadata(event_type, event_id=event_id, producer=producer, occurred_at=occurred_at)


class World:
    """A group of a mentor and two mentees in `t_1` (all consenting to e-mail), a manager, the clock."""

    def __init__(self):
        contacts = [
            contact(
                person,
                role=role,
                language=lang,
                email=f"{person}@x.de",
                given_name=person,
                contact_email=True,
            )
            for person, role, lang in PEOPLE.values()
        ]
        contacts += [contact("p_manager", role="manager", language="en", email="manager@x.de")]
        self.store, self.scheduler, self.mailer = ReminderStore(contacts), FakeScheduler(), FlakyMailer()
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
            mail.record_member(meta("ParticipantAccepted", f"pa{n}"), accepted, self.store)
        confirmed = MatchConfirmed(
            match_id="mat_1",
            programme_id="prg_1",
            kind="group",
            mentor_id="par_mentor",
            mentee_ids=["par_e1", "par_e2"],
        )
        mail.record_match(meta("MatchConfirmed", "mc"), confirmed, self.store)

    def event(self, data, event_id, *, tell=None, now=NOW):
        """An event as the consumer handles it: its own mail and projection, then the reminders it plans."""
        m = meta(type(data).__name__, event_id, occurred_at=now)
        if tell:
            tell(m, data, self.store, self.mailer, BASE)
        if type(data) in plan.PLANNING:
            plan.PLANNING[type(data)](m, data, self.store, self.scheduler, now)
        elif isinstance(data, RiskFlagRaised):
            digests.risk_flagged(m, data, self.store, self.scheduler, now)

    def fire(self, until):
        """The clock passes `until`: every schedule due fires once (and is gone), in time order."""
        sent = []
        due = sorted((at, name) for name, (at, _, _) in self.scheduler.schedules.items() if at <= until)
        for at, name in due:
            _, _, data = self.scheduler.schedules.pop(name)
            m = meta(type(data).__name__, name, occurred_at=at, producer="notifications")
            sent += self.deliver(m, data)
        return sent

    def deliver(self, m, data):
        send = {
            SessionReminderDue: sending.session_reminder,
            DiaryReminderDue: sending.diary_reminder,
            QuestionnaireReminderDue: sending.questionnaire_reminder,
            RiskDigestDue: digests.send_risk_digest,
        }
        if isinstance(data, WeeklyDigestDue):
            return digests.send_weekly_digest(m, data, self.store, self.scheduler, self.mailer, BASE)
        return send[type(data)](m, data, self.store, self.mailer, BASE)

    def times(self):
        return sorted(at for at, _, _ in self.scheduler.schedules.values())


def planned(world, starts=STARTS, session_id="ses_1"):
    data = SessionScheduled(
        session_id=session_id,
        match_id="mat_1",
        programme_id="prg_1",
        starts_at=starts,
        duration_minutes=60,
        mode="online",
    )
    world.event(data, f"sched-{session_id}", tell=mail.session_scheduled)


def moved(world, to, sequence=1, event_id="moved"):
    data = SessionRescheduled(
        session_id="ses_1",
        match_id="mat_1",
        programme_id="prg_1",
        starts_at=to,
        previous_starts_at=STARTS,
        sequence=sequence,
    )
    world.event(data, event_id, tell=mail.session_rescheduled)


def test_a_session_reminds_every_member_once_a_day_before_in_their_language():
    world = World()
    planned(world)
    assert world.times() == [STARTS - timedelta(hours=24)]
    world.mailer.sent.clear()  # the "planned" mail
    assert world.fire(STARTS - timedelta(hours=25)) == []
    world.fire(STARTS - timedelta(hours=24))
    by_to = {m.to: m for m in world.mailer.sent}
    assert set(by_to) == {"p_mentor@x.de", "p_e1@x.de", "p_e2@x.de"}
    assert by_to["p_mentor@x.de"].subject == "Erinnerung: Mentoring-Treffen Dienstag, 5. Januar 2027, 18:00"
    assert by_to["p_e1@x.de"].subject.startswith("Przypomnienie")
    assert "http://h/app/demo/sessions/ses_1" in by_to["p_e2@x.de"].body
    assert not any(m.transactional for m in world.mailer.sent)  # preferences and List-Unsubscribe apply
    assert world.fire(STARTS + timedelta(days=30)) == []  # never twice
    assert world.store.reminder_records == {}


def test_the_lead_time_is_the_programmes():
    world = World()
    info = world.store.programmes[("t_1", "prg_1")]
    world.store.programmes[("t_1", "prg_1")] = info.model_copy(update={"session_reminder_hours": 48})
    planned(world)
    assert world.times() == [STARTS - timedelta(hours=48)]


def test_the_lead_time_comes_with_the_programmes_facts_and_follows_a_change():
    world = World()
    opened = programme_opened(1, programme_id="prg_1", session_reminder_hours=6)
    logic.record_programme(meta("ProgrammeOpened", "po"), opened, world.store)
    planned(world)
    assert world.times() == [STARTS - timedelta(hours=6)]
    changed = ProgrammeChanged(
        **{**opened.model_dump(exclude={"opened_by"}), "session_reminder_hours": 30}, programme_version=1
    )
    mail.record_programme_change(meta("ProgrammeChanged", "pc"), changed, world.store)
    planned(world, session_id="ses_2")
    assert STARTS - timedelta(hours=30) in world.times()


def test_a_cancelled_session_is_not_reminded_even_when_its_schedule_fires_anyway():
    world = World()
    planned(world)
    [(name, schedule)] = world.scheduler.schedules.items()
    world.event(
        SessionCancelled(session_id="ses_1", match_id="mat_1", programme_id="prg_1"),
        "cancel",
        tell=mail.session_cancelled,
    )
    assert world.scheduler.schedules == {}
    world.mailer.sent.clear()
    world.scheduler.schedules[name] = schedule  # the delete raced the clock
    assert world.fire(STARTS) == [] and world.mailer.sent == []


def test_a_moved_session_is_reminded_at_its_new_time_only():
    world = World()
    planned(world)
    later = STARTS + timedelta(days=2)
    old = dict(world.scheduler.schedules)
    moved(world, later)
    assert world.times() == [later - timedelta(hours=24)]
    world.mailer.sent.clear()
    world.scheduler.schedules.update(old)  # the old one fires anyway: it sends nothing
    assert world.fire(STARTS) == []
    sent = world.fire(later)
    assert len(sent) == 3 and all("7. Januar" in m.subject or "7" in m.subject for m in world.mailer.sent)


def test_an_older_move_arriving_late_does_not_bring_its_time_back():
    world = World()
    planned(world)
    moved(world, STARTS + timedelta(days=3), sequence=2, event_id="m2")
    moved(world, STARTS + timedelta(days=1), sequence=1, event_id="m1")
    assert world.times() == [STARTS + timedelta(days=2)]


def test_the_diary_is_asked_of_the_writer_two_hours_after_unless_written():
    world = World()
    planned(world)
    held_at = STARTS + timedelta(hours=1)
    held = SessionHeld(
        session_id="ses_1",
        match_id="mat_1",
        programme_id="prg_1",
        present=["par_e1", "par_e2"],
        diary_writer_id="par_e2",
    )
    world.event(held, "held", now=held_at)
    assert world.times() == [held_at + timedelta(hours=2)]  # the session's own reminder is gone with it
    world.mailer.sent.clear()
    assert len(world.fire(held_at + timedelta(hours=2))) == 1
    [sent] = world.mailer.sent
    assert sent.to == "p_e2@x.de" and sent.subject == "Your session diary is waiting"
    assert "http://h/app/demo/sessions/ses_1/diary" in sent.body

    world = World()
    planned(world)
    world.event(held, "held", now=held_at)
    schedules = dict(world.scheduler.schedules)
    written = DiaryEntrySubmitted(
        session_id="ses_1", match_id="mat_1", programme_id="prg_1", writer_id="par_e2", entry_version=1
    )
    world.event(written, "written", now=held_at + timedelta(hours=1))
    assert world.scheduler.schedules == {}
    world.scheduler.schedules.update(schedules)
    world.mailer.sent.clear()
    assert world.fire(held_at + timedelta(hours=3)) == []


def assigned(world, due=date(2027, 2, 10), kind="midterm"):
    data = QuestionnaireAssigned(
        assignment_id="asg_1",
        match_id="mat_1",
        programme_id="prg_1",
        participant_id="par_e1",
        kind=kind,
        template_id="tpl",
        template_version=1,
        due_on=due,
    )
    m = meta("QuestionnaireAssigned", "qa", producer="monitoring")
    sending.questionnaire_assigned(m, data, world.store, world.mailer, BASE)
    world.event(data, "qa")


def test_a_questionnaire_is_mailed_then_reminded_two_days_before_and_when_overdue():
    world = World()
    assigned(world)
    [link] = world.mailer.sent
    assert link.to == "p_e1@x.de" and link.transactional
    assert link.subject == "Ankieta dla Ciebie: ankieta śródokresowa"
    assert "http://h/app/demo/questionnaires/asg_1" in link.body and "10 lutego 2027" in link.body
    # 09:00 in Berlin, two days before and the day after
    assert world.times() == [datetime(2027, 2, 8, 8, tzinfo=UTC), datetime(2027, 2, 11, 8, tzinfo=UTC)]
    world.fire(datetime(2027, 2, 8, 8, tzinfo=UTC))
    world.fire(datetime(2027, 3, 1, tzinfo=UTC))
    subjects = [m.subject for m in world.mailer.sent[1:]]
    assert subjects == ["Termin 10 lutego 2027: ankieta śródokresowa", "Zaległa: ankieta śródokresowa"]


def test_a_questionnaire_submitted_in_time_gets_no_overdue_reminder():
    world = World()
    assigned(world)
    world.fire(datetime(2027, 2, 8, 8, tzinfo=UTC))
    submitted = QuestionnaireSubmitted(
        assignment_id="asg_1",
        match_id="mat_1",
        programme_id="prg_1",
        participant_id="par_e1",
        kind="midterm",
        template_id="tpl",
        template_version=1,
        submitted_at=datetime(2027, 2, 9, tzinfo=UTC),
    )
    world.event(submitted, "qs")
    assert world.scheduler.schedules == {}
    world.fire(datetime(2027, 3, 1, tzinfo=UTC))
    assert [m.subject.split(":")[0] for m in world.mailer.sent] == [
        "Ankieta dla Ciebie",
        "Termin 10 lutego 2027",
    ]


def test_an_ended_relationship_has_no_reminders_left():
    world = World()
    planned(world)
    assigned(world)
    ended = MatchEnded(
        match_id="mat_1", programme_id="prg_1", mentor_id="par_mentor", mentee_ids=["par_e1", "par_e2"]
    )
    world.event(ended, "ended")
    assert world.scheduler.schedules == {} and world.store.reminder_records == {}


def test_no_reminder_is_made_for_a_time_already_past():
    world = World()
    planned(world, starts=NOW + timedelta(hours=3))
    assert world.scheduler.schedules == {}


def test_relationships_newly_at_risk_reach_the_managers_once_a_day_with_reasons_in_words():
    world = World()
    for n, reasons in enumerate((["no_diary"], ["missed_sessions", "no_diary"])):
        flag = RiskFlagRaised(match_id="mat_1", programme_id="prg_1", reasons=reasons)
        world.event(flag, f"risk{n}", now=NOW + timedelta(hours=n))
    assert world.times() == [datetime(2027, 1, 2, 7, tzinfo=UTC)]  # the next 08:00 in Berlin
    world.fire(datetime(2027, 1, 2, 7, tzinfo=UTC))
    [sent] = world.mailer.sent
    assert sent.to == "manager@x.de" and sent.subject == "Relationships at risk in Start"
    assert "two sessions in a row missed without notice; no diary for two meeting periods" in sent.body
    assert "http://h/app/demo/matches/mat_1" in sent.body
    assert "http://h/app/demo/programmes/prg_1/risks" in sent.body
    # one raised after this morning's went out waits for tomorrow's
    late = RiskFlagRaised(match_id="mat_1", programme_id="prg_1", reasons=["rating_fell"])
    world.event(late, "risk9", now=datetime(2027, 1, 2, 6, 59, tzinfo=UTC))
    assert world.times() == [datetime(2027, 1, 3, 7, tzinfo=UTC)]


def test_the_weekly_digest_counts_the_week_and_arms_the_next():
    world = World()
    monday = datetime(2027, 1, 4, 6, tzinfo=UTC)  # 07:00 in Berlin
    planned(world, starts=monday + timedelta(days=2))
    planned(world, starts=monday + timedelta(days=9), session_id="ses_far")
    world.event(
        SessionHeld(
            session_id="ses_0", match_id="mat_1", programme_id="prg_1", present=[], diary_writer_id=None
        ),
        "held0",
        now=monday - timedelta(days=2),
    )
    assigned(world, due=date(2027, 1, 2))
    world.mailer.sent.clear()
    world.scheduler.schedules.clear()
    m = meta("WeeklyDigestDue", "wk", occurred_at=monday, producer="notifications")
    digests.send_weekly_digest(
        m, WeeklyDigestDue(week_of=monday.date()), world.store, world.scheduler, world.mailer, BASE
    )
    [sent] = world.mailer.sent
    assert sent.to == "manager@x.de" and not sent.transactional
    assert sent.subject == "Your week in mentoring, from January 4, 2027"
    for line in ("Relationships: 1", "Sessions held: 1", "Sessions upcoming: 1", "Questionnaires overdue: 1"):
        assert line in sent.body
    assert "http://h/app/demo/programmes/prg_1/matches" in sent.body
    assert world.times() == [monday + timedelta(days=7)]


def test_disarming_deletes_every_schedule_remembered():
    world = World()
    reminder = Reminder(tenant_id="t_1", match_id="mat_1", subject="session:x", name="n", at=NOW)
    world.store.save_reminder(reminder)
    world.scheduler.schedules["n"] = (NOW, "t_1", None)
    m = meta("X")
    assert plan.disarm(m, world.store, world.scheduler, "mat_1") == 1
    assert world.scheduler.schedules == {}


def test_every_risk_reason_and_questionnaire_kind_has_words_in_every_language():
    from typing import get_args

    from services.notifications.templates import render
    from shared.events.catalog import QuestionnaireKind, RiskReason
    from shared.languages import SHIPPED

    reasons = list(get_args(RiskReason))
    for language in SHIPPED:
        _, body = render(
            "risk_digest",
            language,
            given_name="A",
            programme_name="P",
            link="l",
            relationships=[{"reasons": reasons, "link": "l"}],
        )
        assert "_" not in body.split("\n\n", 1)[1], (language, body)  # no code left untranslated
        for kind in get_args(QuestionnaireKind):
            subject, _ = render(
                "questionnaire_assigned",
                language,
                given_name="A",
                programme_name="P",
                questionnaire=kind,
                due="d",
                link="l",
            )
            assert not subject.endswith(kind), (language, subject)


def test_a_municipality_with_nothing_going_on_gets_no_weekly_digest_but_the_next_is_armed():
    world = World()
    world.store.matches.clear()
    monday = datetime(2027, 1, 4, 6, tzinfo=UTC)
    m = meta("WeeklyDigestDue", "wk", occurred_at=monday, producer="notifications")
    assert (
        digests.send_weekly_digest(
            m, WeeklyDigestDue(week_of=monday.date()), world.store, world.scheduler, world.mailer, BASE
        )
        == []
    )
    assert world.times() == [monday + timedelta(days=7)]


def erase(world, participant_id, person_id):
    """What the erasure leaves in notifications: the contact gone, the membership marked erased."""
    member = world.store.member("t_1", participant_id)
    world.store.save_member(member.model_copy(update={"erased": True}))
    world.store.contacts[:] = [c for c in world.store.contacts if c.person_id != person_id]


def test_an_erased_participant_is_left_out_and_nothing_waits_for_their_contact():
    world = World()
    planned(world)
    erase(world, "par_e1", "p_e1")
    world.mailer.sent.clear()
    world.fire(STARTS - timedelta(hours=24))  # the group's session reminder: the other two only
    assert sorted(m.to for m in world.mailer.sent) == ["p_e2@x.de", "p_mentor@x.de"]
    world.mailer.sent.clear()
    assigned(world)  # a questionnaire for the erased mentee: sent to nobody, and no retry
    assert world.mailer.sent == []


def test_a_participant_whose_contact_has_not_arrived_is_waited_for():
    world = World()
    world.store.contacts[:] = [c for c in world.store.contacts if c.person_id != "p_e1"]
    with pytest.raises(logic.NotYetKnown):
        assigned(world)
