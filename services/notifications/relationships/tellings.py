"""Who hears of each step of a relationship: the agreement, the plan, absences, goals, the diary, closure."""

from __future__ import annotations

from services.notifications.logic import Mailer, page
from services.notifications.models import Delivery, SessionInfo
from services.notifications.relationships.common import (
    Store,
    _mail,
    _managers,
    _programme,
    _session,
    contacts_of,
    match_of,
    when,
)
from shared.events.catalog import (
    AbsenceNoticed,
    AgreementChanged,
    AgreementSigned,
    DiaryEntrySubmitted,
    GoalsSet,
    MatchEnded,
    SessionCancelled,
    SessionHeld,
    SessionRescheduled,
    SessionScheduled,
)
from shared.events.envelope import Metadata

# --- the agreement ---------------------------------------------------------------------------------------


def agreement_changed(
    meta: Metadata, data: AgreementChanged, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """A new version to sign: every member, and the managers (one of them signs for the programme)."""
    match = match_of(meta, data.match_id, store)
    programme = _programme(meta, data.programme_id, store)
    slug = programme.tenant_slug
    people = contacts_of(meta, [match.mentor_id, *match.mentee_ids], store) + _managers(meta, store)
    link = page(public_base_url, slug, "matches", data.match_id, "agreement")
    return _mail(
        meta,
        people,
        "agreement_changed",
        store,
        mailer,
        programme,
        version=data.agreement_version,
        signatures_cleared=data.signatures_cleared,
        link=link,
    )


def agreement_signed(
    meta: Metadata, data: AgreementSigned, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    match = match_of(meta, data.match_id, store)
    programme = _programme(meta, data.programme_id, store)
    slug = programme.tenant_slug
    people = contacts_of(meta, [match.mentor_id, *match.mentee_ids], store) + _managers(meta, store)
    link = page(public_base_url, slug, "matches", data.match_id, "agreement")
    return _mail(meta, people, "agreement_signed", store, mailer, programme, link=link)


# --- the plan --------------------------------------------------------------------------------------------


def session_scheduled(
    meta: Metadata, data: SessionScheduled, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    match = match_of(meta, data.match_id, store)
    programme = _programme(meta, data.programme_id, store)
    slug = programme.tenant_slug
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
    people = contacts_of(meta, [match.mentor_id, *match.mentee_ids], store)
    planned = session.model_copy(update={"starts_at": data.starts_at, "sequence": 0, "status": "planned"})
    return _mail(
        meta,
        people,
        "session_planned",
        store,
        mailer,
        programme,
        session=planned,
        ics=True,
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
    match = match_of(meta, data.match_id, store)
    programme = _programme(meta, data.programme_id, store)
    slug = programme.tenant_slug
    moved = _moved(meta, data, store)
    absent = data.cause == "mentor_absent"
    members = match.mentee_ids if absent else [match.mentor_id, *match.mentee_ids]
    sent = []
    for person in contacts_of(meta, members, store):
        sent += _mail(
            meta,
            [person],
            "mentor_absent" if absent else "session_moved",
            store,
            mailer,
            programme,
            session=moved,
            ics=True,
            previous=when(data.previous_starts_at, person.language, programme.timezone),
            late=data.late,
            link=page(public_base_url, slug, "sessions", data.session_id),
        )
    return sent


def session_cancelled(
    meta: Metadata, data: SessionCancelled, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The members hear of a cancelled session, with the .ics that cancels it in their calendar. A session
    cancelled because the relationship closed is not told on its own: `relationship_closed` says it once."""
    match = match_of(meta, data.match_id, store)
    programme = _programme(meta, data.programme_id, store)
    slug = programme.tenant_slug
    session = _session(meta, data.session_id, store)
    cancelled = session
    if session.status != "cancelled":  # a retried event changes it once
        cancelled = session.model_copy(update={"status": "cancelled", "sequence": session.sequence + 1})
        store.save_session(cancelled)
    if data.reason == "relationship_ended":
        return []
    people = contacts_of(meta, [match.mentor_id, *match.mentee_ids], store)
    return _mail(
        meta,
        people,
        "session_cancelled",
        store,
        mailer,
        programme,
        session=cancelled,
        ics=True,
        link=page(public_base_url, slug, "matches", data.match_id, "sessions"),
    )


def relationship_closed(
    meta: Metadata, data: MatchEnded, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The members hear once that their relationship ended (or is completed) and that the sessions still
    planned are cancelled; never why it ended (the reason is the manager's, and not in the event)."""
    programme = _programme(meta, data.programme_id, store)
    people = contacts_of(meta, [data.mentor_id, *data.mentee_ids], store)
    return _mail(
        meta,
        people,
        "relationship_closed",
        store,
        mailer,
        programme,
        always=True,
        completed=data.completed,
        link=page(public_base_url, programme.tenant_slug, "matches", data.match_id, "sessions"),
    )


def absence_noticed(
    meta: Metadata, data: AbsenceNoticed, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """A mentee cannot come: the mentor and the managers are told (not the reason). A mentor's absence
    moves the session and is told with its `SessionRescheduled` (which carries the new date)."""
    if data.role == "mentor":
        return []
    match = match_of(meta, data.match_id, store)
    programme = _programme(meta, data.programme_id, store)
    slug = programme.tenant_slug
    session = _session(meta, data.session_id, store)
    people = contacts_of(meta, [match.mentor_id], store) + _managers(meta, store)
    return _mail(
        meta,
        people,
        "mentee_absent",
        store,
        mailer,
        programme,
        session=session,
        link=page(public_base_url, slug, "sessions", data.session_id),
    )


def diary_submitted(
    meta: Metadata, data: DiaryEntrySubmitted, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The mentor hears that the diary of a session is written, and where to add remarks."""
    match = match_of(meta, data.match_id, store)
    programme = _programme(meta, data.programme_id, store)
    slug = programme.tenant_slug
    session = _session(meta, data.session_id, store)
    return _mail(
        meta,
        contacts_of(meta, [match.mentor_id], store),
        "diary_submitted",
        store,
        mailer,
        programme,
        session=session,
        link=page(public_base_url, slug, "sessions", data.session_id),
    )


def goals_set(
    meta: Metadata, data: GoalsSet, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """A mentee's goals reach their mentor; the group's goals (the mentor's) reach the mentees. The goals
    themselves stay in sessions: the mail says where to read them."""
    match = match_of(meta, data.match_id, store)
    programme = _programme(meta, data.programme_id, store)
    readers = match.mentee_ids if data.mentee_id is None else [match.mentor_id]
    return _mail(
        meta,
        contacts_of(meta, readers, store),
        "goals_set",
        store,
        mailer,
        programme,
        group=data.mentee_id is None,
        link=page(public_base_url, programme.tenant_slug, "matches", data.match_id, "goals"),
    )


def session_held(
    meta: Metadata, data: SessionHeld, store: Store, mailer: Mailer, public_base_url: str
) -> list[Delivery]:
    """The mentee whose turn it is hears that the diary is theirs to write (DOMAIN.md step 6)."""
    if data.diary_writer_id is None:
        return []  # nobody came: no diary
    programme = _programme(meta, data.programme_id, store)
    session = _session(meta, data.session_id, store)
    return _mail(
        meta,
        contacts_of(meta, [data.diary_writer_id], store),
        "diary_turn",
        store,
        mailer,
        programme,
        session=session,
        link=page(public_base_url, programme.tenant_slug, "sessions", data.session_id, "diary"),
    )
