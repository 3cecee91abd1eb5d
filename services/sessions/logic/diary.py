"""The session diary: one entry per held session, written by the mentee whose turn it is; the mentor's
remarks under it. Members and managers read it; a trainer or the network admin never (DOMAIN.md step 6,
Confidentiality)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.sessions.logic.common import session_caller, still_running
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import Diary, DiaryEntry, Relationship, Remark, Session
from services.sessions.schemas import DiaryRemark, DiaryWrite
from shared import audit
from shared.auth import Principal
from shared.errors import Forbidden, RuleViolation
from shared.events.catalog import DiaryEntrySubmitted
from shared.events.catalog.audit import AuditAction
from shared.events.publisher import OutgoingEvent, Publisher


def _diary(tenant_id: str, session: Session, store: SessionsRecords) -> Diary:
    known = store.diary(tenant_id, session.session_id)
    if known is not None:
        return known
    return Diary(session_id=session.session_id, match_id=session.match_id, writer_id=session.diary_writer_id)


def read_diary(principal: Principal, session_id: str, store: SessionsRecords) -> Diary:
    caller, _, session = session_caller(principal, session_id, store)
    diary = _diary(caller.tenant_id, session, store)
    _audit(principal, "read", _members(caller.relationship), session_id)
    return diary


def _members(relationship: Relationship) -> list[str]:
    return [relationship.mentor_id, *relationship.mentee_ids]


def _audit(principal: Principal, action: AuditAction, members: list[str], session_id: str) -> None:
    """A diary is about its relationship: the entry is the mentees', the remarks the mentor's."""
    audit.record_many(principal, action, "diary", [(m, session_id) for m in members])


def write_diary(
    principal: Principal, session_id: str, body: DiaryWrite, store: SessionsRecords, publisher: Publisher
) -> Diary:
    caller, _, session = session_caller(principal, session_id, store)
    turn = Forbidden("Only the mentee whose turn it is writes the diary.", rule="not_your_turn")
    if caller.role != "mentee":
        raise turn
    if session.status != "held":
        raise RuleViolation("The diary is written once the session is held.", rule="session_not_held")
    if caller.participant_id != session.diary_writer_id:
        raise turn
    still_running(caller.relationship)
    diary = _diary(caller.tenant_id, session, store)
    written = diary.model_copy(
        update={
            "entry": DiaryEntry.model_validate(body.model_dump()),
            "version": diary.version + 1,
            "written_at": datetime.now(UTC),
        }
    )
    submitted = DiaryEntrySubmitted(
        session_id=session_id,
        match_id=session.match_id,
        programme_id=caller.relationship.programme_id,
        writer_id=caller.participant_id,
        entry_version=written.version,
    )
    with publisher.along([OutgoingEvent(caller.tenant_id, submitted)]):
        saved = store.save_diary(caller.tenant_id, written)
    _audit(principal, "change", _members(caller.relationship), session_id)
    return saved


def add_remark(principal: Principal, session_id: str, body: DiaryRemark, store: SessionsRecords) -> Diary:
    caller, _, session = session_caller(principal, session_id, store)
    caller.require("mentor", rule="mentor_writes_remarks")
    still_running(caller.relationship)
    diary = _diary(caller.tenant_id, session, store)
    if diary.entry is None:
        raise RuleViolation("Remarks go under a diary entry; none is written yet.", rule="diary_missing")
    remark = Remark(text=body.text, written_at=datetime.now(UTC))
    saved = store.save_diary(caller.tenant_id, diary.model_copy(update={"remarks": [*diary.remarks, remark]}))
    _audit(principal, "change", _members(caller.relationship), session_id)
    return saved
