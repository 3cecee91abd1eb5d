"""Feedback on a talk (seed 001: monthly feedback talks, "feedback goes both ways"): after a held session
each member gives a short form: how useful it was (1-5), what to keep, what to change. The members and
the manager read the session's feedback (it is meant for the other side); trainers never. Only the
rating travels, in `TalkFeedbackGiven`; the words stay here."""

from __future__ import annotations

from datetime import UTC, datetime

from services.sessions.logic.common import session_caller, still_running
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import TalkFeedback
from services.sessions.schemas import FeedbackWrite, SessionFeedback
from shared import audit
from shared.auth import Principal
from shared.errors import RuleViolation
from shared.events.catalog import TalkFeedbackGiven
from shared.events.publisher import OutgoingEvent, Publisher


def read_feedback(principal: Principal, session_id: str, store: SessionsRecords) -> SessionFeedback:
    caller, _, session = session_caller(principal, session_id, store)
    given = store.feedback(caller.tenant_id, session_id)
    order = [caller.relationship.mentor_id, *caller.relationship.mentee_ids]
    given.sort(key=lambda f: order.index(f.participant_id) if f.participant_id in order else 99)
    audit.record_many(principal, "read", "feedback", [(f.participant_id, session.match_id) for f in given])
    return SessionFeedback(session_id=session_id, match_id=session.match_id, feedback=given)


def give_feedback(
    principal: Principal,
    session_id: str,
    body: FeedbackWrite,
    store: SessionsRecords,
    publisher: Publisher,
) -> TalkFeedback:
    caller, _, session = session_caller(principal, session_id, store)
    caller.require("mentor", "mentee", rule="members_give_feedback")
    still_running(caller.relationship)
    if session.status != "held":
        raise RuleViolation("Feedback follows a held session.", rule="feedback_after_held_session")
    participant_id = caller.participant_id or ""
    known = next(
        (f for f in store.feedback(caller.tenant_id, session_id) if f.participant_id == participant_id), None
    )
    written = TalkFeedback(
        session_id=session_id,
        match_id=session.match_id,
        participant_id=participant_id,
        role=caller.role or "mentee",
        usefulness=body.usefulness,
        keep=body.keep,
        change=body.change,
        version=(known.version + 1) if known else 1,
        given_at=datetime.now(UTC),
        revision=known.revision if known else 0,
    )
    event = TalkFeedbackGiven(
        session_id=session_id,
        match_id=session.match_id,
        programme_id=caller.relationship.programme_id,
        role=written.role,
        usefulness=written.usefulness,
    )
    with publisher.along([OutgoingEvent(caller.tenant_id, event)]):
        saved = store.save_feedback(caller.tenant_id, written)
    audit.record(principal, "change", "feedback", participant_id, session.match_id)
    return saved
