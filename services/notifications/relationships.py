"""The mail of a mentoring relationship (issue 11): the agreement, the plan's sessions, absences and the
diary, each to the people the step concerns, in their language, linking to the relationship's pages.

Who is in a relationship comes from notifications' own projections: `ParticipantAccepted` (whose account
a participant is) and `MatchConfirmed` (its members); the municipality's managers from the contact
directory. Nothing a person wrote (the agreement's text, a topic, a place, an absence's reason, a diary)
is in these events, so none of it can reach an e-mail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from services.notifications.calendar import TIMEZONE, session_ics
from services.notifications.logic import Mailer, NotYetKnown, page, send_email
from services.notifications.logic import Store as ContactStore
from services.notifications.models import Contact, Delivery, MatchInfo, Member, SessionInfo
from shared.events.catalog import (
    AbsenceNoticed,
    AgreementChanged,
    AgreementSigned,
    DiaryEntrySubmitted,
    MatchConfirmed,
    ParticipantAccepted,
    SessionCancelled,
    SessionRescheduled,
    SessionScheduled,
)
from shared.events.envelope import EventData, Metadata
from shared.languages import shipped_or_default


class Store(ContactStore, Protocol):
    def save_member(self, member: Member) -> None: ...
    def member(self, tenant_id: str, participant_id: str) -> Member | None: ...
    def save_match(self, match: MatchInfo) -> None: ...
    def match(self, tenant_id: str, match_id: str) -> MatchInfo | None: ...
    def save_session(self, session: SessionInfo) -> None: ...
    def session(self, tenant_id: str, session_id: str) -> SessionInfo | None: ...


# --- projections ----------------------------------------------------------------------------------------


def record_member(meta: Metadata, data: ParticipantAccepted, store: Store) -> None:
    store.save_member(
        Member(tenant_id=meta.tenant_id, participant_id=data.participant_id, person_id=data.person_id)
    )


def record_match(meta: Metadata, data: MatchConfirmed, store: Store) -> None:
    store.save_match(
        MatchInfo(
            tenant_id=meta.tenant_id,
            match_id=data.match_id,
            programme_id=data.programme_id,
            mentor_id=data.mentor_id,
            mentee_ids=list(data.mentee_ids),
        )
    )


# --- who, and how a time reads ----------------------------------------------------------------------------


def _match(meta: Metadata, match_id: str, store: Store) -> MatchInfo:
    match = store.match(meta.tenant_id, match_id)
    if match is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before MatchConfirmed")
    return match


def _contacts(meta: Metadata, participant_ids: list[str], store: Store) -> list[Contact]:
    """The contacts of these participants; retried until every one is known (none is silently skipped)."""
    found = []
    for participant_id in participant_ids:
        member = store.member(meta.tenant_id, participant_id)
        contact = store.contact(meta.tenant_id, member.person_id) if member else None
        if contact is None:
            raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before {participant_id}'s contact")
        found.append(contact)
    return found


def _managers(meta: Metadata, store: Store) -> list[Contact]:
    return store.contacts_with_role(meta.tenant_id, "manager")


def when(value: datetime, language: str, zone: str = TIMEZONE) -> str:
    """A session's start as the reader writes it, in the municipality's zone: "Tuesday, January 5, 2027,
    6:00 PM"."""
    lang = shipped_or_default(language)
    local = value.astimezone(ZoneInfo(zone))
    return f"{format_date(local.date(), 'full', locale=lang)}, {format_time(local, 'short', locale=lang)}"


def _session(meta: Metadata, session_id: str, store: Store) -> SessionInfo:
    session = store.session(meta.tenant_id, session_id)
    if session is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before SessionScheduled")
    return session


def _mail(
    meta: Metadata,
    people: list[Contact],
    template: str,
    store: Store,
    mailer: Mailer,
    *,
    session: SessionInfo | None = None,
    ics: bool = False,
    **context: object,
) -> list[Delivery]:
    """One e-mail per person (each once per event), with the session's time in their language and, for a
    planned or moved session, its .ics."""
    sent = []
    seen: set[str] = set()
    for person in people:
        if person.person_id in seen:  # a manager who is also a member hears once
            continue
        seen.add(person.person_id)
        extra: dict[str, object] = {}
        attachments = None
        if session is not None:
            extra["starts"] = when(session.starts_at, person.language)
            if ics:
                attachments = [session_ics(session, str(context["programme_name"]))]
        delivery = send_email(
            meta,
            person,
            template,
            store,
            mailer,
            # A manager's work is always mailed; members' session news follows their e-mail preference.
            transactional=person.role == "manager",
            attachments=attachments,
            **extra,
            **context,
        )
        if delivery:
            sent.append(delivery)
    return sent


def _programme(meta: Metadata, programme_id: str, store: Store) -> tuple[str, str]:
    programme = store.programme(meta.tenant_id, programme_id)
    if programme is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before its programme")
    return programme.name, programme.tenant_slug


# --- the agreement ---------------------------------------------------------------------------------------


def agreement_changed(
    meta: Metadata, data: AgreementChanged, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """A new version to sign: every member, and the managers (one of them signs for the programme)."""
    match = _match(meta, data.match_id, store)
    name, slug = _programme(meta, data.programme_id, store)
    people = _contacts(meta, [match.mentor_id, *match.mentee_ids], store) + _managers(meta, store)
    link = page(public_base_url, slug, "matches", data.match_id, "agreement")
    return _mail(
        meta,
        people,
        "agreement_changed",
        store,
        mailer,
        programme_name=name,
        version=data.agreement_version,
        signatures_cleared=data.signatures_cleared,
        link=link,
    )


def agreement_signed(
    meta: Metadata, data: AgreementSigned, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    match = _match(meta, data.match_id, store)
    name, slug = _programme(meta, data.programme_id, store)
    people = _contacts(meta, [match.mentor_id, *match.mentee_ids], store) + _managers(meta, store)
    link = page(public_base_url, slug, "matches", data.match_id, "agreement")
    return _mail(meta, people, "agreement_signed", store, mailer, programme_name=name, link=link)


# --- the plan --------------------------------------------------------------------------------------------


def session_scheduled(
    meta: Metadata, data: SessionScheduled, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    match = _match(meta, data.match_id, store)
    name, slug = _programme(meta, data.programme_id, store)
    session = store.session(meta.tenant_id, data.session_id)
    if session is None:  # a retry after a later change was projected keeps the later one
        session = SessionInfo(
            tenant_id=meta.tenant_id,
            session_id=data.session_id,
            match_id=data.match_id,
            starts_at=data.starts_at,
            duration_minutes=data.duration_minutes,
            mode=data.mode,
        )
        store.save_session(session)
    people = _contacts(meta, [match.mentor_id, *match.mentee_ids], store)
    planned = session.model_copy(update={"starts_at": data.starts_at, "sequence": 0, "status": "planned"})
    return _mail(
        meta,
        people,
        "session_planned",
        store,
        mailer,
        session=planned,
        ics=True,
        programme_name=name,
        duration=data.duration_minutes,
        online=data.mode == "online",
        link=page(public_base_url, slug, "sessions", data.session_id),
    )


def _moved(meta: Metadata, data: SessionRescheduled, store: Store) -> SessionInfo:
    session = _session(meta, data.session_id, store)
    moved = session.model_copy(update={"starts_at": data.starts_at, "sequence": data.sequence})
    if data.sequence >= session.sequence:  # an older move arriving late must not undo a newer one
        store.save_session(moved)
    return moved


def session_rescheduled(
    meta: Metadata, data: SessionRescheduled, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The members hear of the new time, with the .ics; a move made by a mentor's absence is told as the
    mentor's absence (to the mentees, "late" said), never twice."""
    match = _match(meta, data.match_id, store)
    name, slug = _programme(meta, data.programme_id, store)
    moved = _moved(meta, data, store)
    absent = data.cause == "mentor_absent"
    members = match.mentee_ids if absent else [match.mentor_id, *match.mentee_ids]
    sent = []
    for person in _contacts(meta, members, store):
        sent += _mail(
            meta,
            [person],
            "mentor_absent" if absent else "session_moved",
            store,
            mailer,
            session=moved,
            ics=True,
            programme_name=name,
            previous=when(data.previous_starts_at, person.language),
            late=data.late,
            link=page(public_base_url, slug, "sessions", data.session_id),
        )
    return sent


def session_cancelled(
    meta: Metadata, data: SessionCancelled, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    match = _match(meta, data.match_id, store)
    name, slug = _programme(meta, data.programme_id, store)
    session = _session(meta, data.session_id, store)
    cancelled = session
    if session.status != "cancelled":  # a retried event changes it once
        cancelled = session.model_copy(update={"status": "cancelled", "sequence": session.sequence + 1})
        store.save_session(cancelled)
    people = _contacts(meta, [match.mentor_id, *match.mentee_ids], store)
    return _mail(
        meta,
        people,
        "session_cancelled",
        store,
        mailer,
        session=cancelled,
        programme_name=name,
        relationship_ended=data.reason == "relationship_ended",
        link=page(public_base_url, slug, "matches", data.match_id, "sessions"),
    )


def absence_noticed(
    meta: Metadata, data: AbsenceNoticed, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """A mentee cannot come: the mentor and the managers are told (not the reason). A mentor's absence
    moves the session and is told with its `SessionRescheduled` (which carries the new date)."""
    if data.role == "mentor":
        return []
    match = _match(meta, data.match_id, store)
    name, slug = _programme(meta, data.programme_id, store)
    session = _session(meta, data.session_id, store)
    people = _contacts(meta, [match.mentor_id], store) + _managers(meta, store)
    return _mail(
        meta,
        people,
        "mentee_absent",
        store,
        mailer,
        session=session,
        programme_name=name,
        link=page(public_base_url, slug, "sessions", data.session_id),
    )


def diary_submitted(
    meta: Metadata, data: DiaryEntrySubmitted, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The mentor hears that the diary of a session is written, and where to add remarks."""
    match = _match(meta, data.match_id, store)
    name, slug = _programme(meta, data.programme_id, store)
    session = _session(meta, data.session_id, store)
    return _mail(
        meta,
        _contacts(meta, [match.mentor_id], store),
        "diary_submitted",
        store,
        mailer,
        session=session,
        programme_name=name,
        link=page(public_base_url, slug, "sessions", data.session_id),
    )


Telling = Callable[[Metadata, Any, Store, Mailer, str], list[Delivery]]
Handler = Callable[[Metadata, Any], None]

#: Which sessions event is told by which function (the events Lambda wires each to the consumer).
TELLING: dict[type[EventData], Telling] = {
    AgreementChanged: agreement_changed,
    AgreementSigned: agreement_signed,
    SessionScheduled: session_scheduled,
    SessionRescheduled: session_rescheduled,
    SessionCancelled: session_cancelled,
    AbsenceNoticed: absence_noticed,
    DiaryEntrySubmitted: diary_submitted,
}
