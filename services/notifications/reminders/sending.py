"""What a fired reminder sends, decided from the state when it arrives: a cancelled, moved or held
session's reminder, a written diary's or a submitted questionnaire's sends nothing. Also the link to a
newly assigned questionnaire. Reminders are not transactional: the person's preferences govern them.
An erased participant is left out (`contacts_of`): nothing is sent to them, and nothing waits for them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from babel.dates import format_date

from services.notifications.logic import Mailer, NotYetKnown, page, send_email
from services.notifications.models import Contact, Delivery
from services.notifications.relationships import contacts_of, when
from services.notifications.reminders.models import Reminder
from services.notifications.reminders.plan import diary_subject, questionnaire_subject, session_subject
from services.notifications.reminders.schedules import Store, programme
from shared.events.catalog import (
    DiaryReminderDue,
    QuestionnaireAssigned,
    QuestionnaireReminderDue,
    SessionReminderDue,
)
from shared.events.envelope import Metadata
from shared.languages import shipped_or_default


def long_date(day: date, language: str) -> str:
    return format_date(day, "long", locale=shipped_or_default(language))


def _fired(meta: Metadata, store: Store, match_id: str, subject: str) -> None:
    """The schedule deleted itself when it fired; its record (named by the event's id) goes too."""
    store.forget_reminder(
        Reminder(
            tenant_id=meta.tenant_id,
            match_id=match_id,
            subject=subject,
            name=meta.event_id,
            at=meta.occurred_at,
        )
    )


def _sent(deliveries: list[Delivery | None]) -> list[Delivery]:
    return [d for d in deliveries if d]


def _mail_each(
    meta: Metadata,
    store: Store,
    mailer: Mailer,
    template: str,
    participant_ids: list[str],
    words: Callable[[Contact], dict[str, object]],
    *,
    transactional: bool = False,
) -> list[Delivery]:
    """The template to each of these participants still reachable, with the words for them (their
    language decides how a time or a date reads)."""
    return _sent(
        [
            send_email(
                meta,
                person,
                template,
                store,
                mailer,
                transactional=transactional,
                attachments=None,
                **words(person),
            )
            for person in contacts_of(meta, participant_ids, store)
        ]
    )


def session_reminder(
    meta: Metadata, data: SessionReminderDue, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    _fired(meta, store, data.match_id, session_subject(data.session_id))
    session = store.session(meta.tenant_id, data.session_id)
    if (
        session is None
        or session.status != "planned"
        or session.starts_at != data.starts_at  # moved since: the new time has its own reminder
        or store.ended(meta.tenant_id, data.match_id)
        or store.held(meta.tenant_id, data.session_id) is not None
    ):
        return []
    match = store.match(meta.tenant_id, data.match_id)
    if match is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before MatchConfirmed")
    info = programme(meta, store, data.programme_id)
    link = page(public_base_url, info.tenant_slug, "sessions", data.session_id)

    def words(person: Contact) -> dict[str, object]:
        return {
            "programme_name": info.name,
            "starts": when(session.starts_at, person.language, info.timezone),
            "online": session.mode == "online",
            "link": link,
        }

    return _mail_each(meta, store, mailer, "session_reminder", [match.mentor_id, *match.mentee_ids], words)


def diary_reminder(
    meta: Metadata, data: DiaryReminderDue, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    _fired(meta, store, data.match_id, diary_subject(data.session_id))
    held = store.held(meta.tenant_id, data.session_id)
    if held is None or held.diary_written or store.ended(meta.tenant_id, data.match_id):
        return []
    info = programme(meta, store, data.programme_id)

    def words(writer: Contact) -> dict[str, object]:
        return {
            "programme_name": info.name,
            "starts": when(held.held_at, writer.language, info.timezone),
            "link": page(public_base_url, info.tenant_slug, "sessions", data.session_id, "diary"),
        }

    return _mail_each(meta, store, mailer, "diary_reminder", [data.writer_id], words)


def questionnaire_reminder(
    meta: Metadata, data: QuestionnaireReminderDue, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    _fired(meta, store, data.match_id, questionnaire_subject(data.assignment_id))
    assignment = store.assignment(meta.tenant_id, data.assignment_id)
    if assignment is None or assignment.submitted or store.ended(meta.tenant_id, data.match_id):
        return []
    info = programme(meta, store, data.programme_id)

    def words(person: Contact) -> dict[str, object]:
        return {
            "programme_name": info.name,
            "overdue": data.stage == "overdue",
            "questionnaire": assignment.kind,
            "due": long_date(assignment.due_on, person.language),
            "link": page(public_base_url, info.tenant_slug, "questionnaires", data.assignment_id),
        }

    return _mail_each(meta, store, mailer, "questionnaire_reminder", [data.participant_id], words)


def questionnaire_assigned(
    meta: Metadata, data: QuestionnaireAssigned, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The assignee gets the link in their language: a request of the programme's, so transactional."""
    info = programme(meta, store, data.programme_id)

    def words(person: Contact) -> dict[str, object]:
        return {
            "programme_name": info.name,
            "questionnaire": data.kind,
            "due": long_date(data.due_on, person.language),
            "link": page(public_base_url, info.tenant_slug, "questionnaires", data.assignment_id),
        }

    assignee = [data.participant_id]
    return _mail_each(meta, store, mailer, "questionnaire_assigned", assignee, words, transactional=True)
