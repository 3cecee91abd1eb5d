"""What the relationship's mail shares: notifications' view of a relationship (its projections), who its
people are, and how a time reads in the municipality's zone."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from services.notifications.calendar import session_ics
from services.notifications.logic import Mailer, NotYetKnown, send_email
from services.notifications.logic import Store as ContactStore
from services.notifications.models import Contact, Delivery, MatchInfo, Member, ProgrammeInfo, SessionInfo
from shared.events.catalog import (
    MatchConfirmed,
    ParticipantAccepted,
    ProgrammeChanged,
)
from shared.events.envelope import Metadata
from shared.languages import shipped_or_default


class Store(ContactStore, Protocol):
    def save_programme(self, programme: ProgrammeInfo) -> None: ...
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


def record_programme_change(meta: Metadata, data: ProgrammeChanged, store: Store) -> None:
    """A programme's new name or the municipality's zone (ProgrammeOpened is recorded in `logic`)."""
    known = store.programme(meta.tenant_id, data.programme_id)
    if known is not None and known.version > data.programme_version:
        return  # an older change arriving late must not undo a newer one
    store.save_programme(
        ProgrammeInfo(
            tenant_id=meta.tenant_id,
            programme_id=data.programme_id,
            name=data.name,
            tenant_slug=data.tenant_slug,
            timezone=data.timezone,
            version=data.programme_version,
            session_reminder_hours=data.session_reminder_hours,
        )
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


def match_of(meta: Metadata, match_id: str, store: Store) -> MatchInfo:
    match = store.match(meta.tenant_id, match_id)
    if match is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before MatchConfirmed")
    return match


def contacts_of(meta: Metadata, participant_ids: list[str], store: Store) -> list[Contact]:
    """The contacts of these participants; retried until every one is known (none is silently skipped).
    An erased participant is the one exception: their contact is gone for good, so they are left out
    (a retry would wait for an address that never comes back, and hold every message behind it)."""
    found = []
    for participant_id in participant_ids:
        member = store.member(meta.tenant_id, participant_id)
        if member is not None and member.erased:
            continue
        contact = store.contact(meta.tenant_id, member.person_id) if member else None
        if contact is None:
            raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before {participant_id}'s contact")
        found.append(contact)
    return found


def _managers(meta: Metadata, store: Store) -> list[Contact]:
    return store.contacts_with_role(meta.tenant_id, "manager")


def when(value: datetime, language: str, zone: str) -> str:
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
    programme: ProgrammeInfo,
    *,
    session: SessionInfo | None = None,
    ics: bool = False,
    always: bool = False,
    **context: object,
) -> list[Delivery]:
    """One e-mail per person (each once per event), with the session's time in their language and the
    municipality's zone and, for a planned or moved session, its .ics."""
    sent = []
    seen: set[str] = set()
    for person in people:
        if person.person_id in seen:  # a manager who is also a member hears once
            continue
        seen.add(person.person_id)
        extra: dict[str, object] = {}
        attachments = None
        if session is not None:
            extra["starts"] = when(session.starts_at, person.language, programme.timezone)
            if ics:
                attachments = [session_ics(session, programme.name, programme.timezone)]
        delivery = send_email(
            meta,
            person,
            template,
            store,
            mailer,
            # A manager's work is always mailed, and so is what decides a member's place (`always`: the
            # relationship's end); members' session news follows their e-mail preference.
            transactional=always or person.role == "manager",
            attachments=attachments,
            programme_name=programme.name,
            **extra,
            **context,
        )
        if delivery:
            sent.append(delivery)
    return sent


def _programme(meta: Metadata, programme_id: str, store: Store) -> ProgrammeInfo:
    programme = store.programme(meta.tenant_id, programme_id)
    if programme is None:
        raise NotYetKnown(f"{meta.event_type} {meta.event_id} arrived before its programme")
    return programme
