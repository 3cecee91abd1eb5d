"""The session plan: sessions planned, moved and cancelled by the mentor or a manager; absences and
attendance (DOMAIN.md steps 5 and 6, the code of ethics and the blended mode; issue 11, "Session plan",
"Absence", "Attendance")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.sessions.logic.common import Caller, caller_in, new_id, session_caller, still_running
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import Absence, Plan, Relationship, Session
from services.sessions.schemas import (
    AbsenceNotice,
    Attendance,
    PlanCheck,
    SessionChange,
    SessionCreate,
    SessionList,
)
from shared.auth import Principal
from shared.errors import Conflict, RuleViolation
from shared.events.catalog import (
    AbsenceNoticed,
    SessionCancelled,
    SessionHeld,
    SessionRescheduled,
    SessionScheduled,
)
from shared.events.publisher import OutgoingEvent, Publisher

#: A mentor's notice of absence later than this before the start is late (the code of ethics: two days).
LATE_NOTICE = timedelta(hours=48)


def _counted(plan: Plan) -> list[Session]:
    """The sessions that make up the plan (planned or held), in time order; cancelled ones do not count."""
    return sorted((s for s in plan.sessions if s.status != "cancelled"), key=lambda s: s.starts_at)


def plan_check(relationship: Relationship, plan: Plan) -> PlanCheck:
    """Where the blended mode's face-to-face sessions stand: first, one in the middle third, last."""
    sessions = _counted(plan)
    n = len(sessions)
    in_person = [s.mode == "in_person" for s in sessions]
    middle = [f for i, f in enumerate(in_person) if n <= 3 * i < 2 * n]
    applies = relationship.mode == "blended"
    check = PlanCheck(
        applies=applies,
        first_face_to_face=bool(in_person) and in_person[0],
        middle_face_to_face=any(middle),
        last_face_to_face=bool(in_person) and in_person[-1],
    )
    if applies and not check.middle_face_to_face:
        check.flags.append("middle_face_to_face_missing")
    if applies and sum(in_person) < 3:
        check.flags.append("fewer_than_three_face_to_face")
    return check


def _face_to_face_kept(relationship: Relationship, plan: Plan, changed: Session) -> None:
    """In person where the programme's mode says so; checked on the plan as it would be saved."""
    if relationship.mode == "in_person" and changed.mode != "in_person":
        raise RuleViolation(
            "This programme meets face to face: every session is in person.",
            rule="face_to_face_required",
            field="mode",
        )
    if relationship.mode == "blended":
        sessions = _counted(plan)
        if sessions and (sessions[0].mode != "in_person" or sessions[-1].mode != "in_person"):
            raise RuleViolation(
                "In a blended programme the first and the last session are face to face.",
                rule="face_to_face_required",
                field="mode",
            )


def _keeper(caller: Caller) -> None:
    caller.require("mentor", "manager", rule="plan_kept_by_mentor_or_manager")
    still_running(caller.relationship)


def _planned(session: Session) -> None:
    if session.status != "planned":
        raise RuleViolation(f"The session is {session.status}: it cannot change.", rule="session_not_planned")


def _as_seen_by(caller: Caller, session: Session) -> Session:
    """A mentee sees that another mentee is absent, not the reason they gave (the mentor and managers do)."""
    if caller.role != "mentee":
        return session
    absences = [
        a if a.participant_id == caller.participant_id else a.model_copy(update={"reason": ""})
        for a in session.absences
    ]
    return session.model_copy(update={"absences": absences})


def plan_session(
    principal: Principal, match_id: str, body: SessionCreate, store: SessionsRecords, publisher: Publisher
) -> Session:
    caller = caller_in(principal, match_id, store)
    _keeper(caller)
    session = Session(session_id=new_id("ses"), match_id=match_id, **body.model_dump())
    plan = store.plan(caller.tenant_id, match_id)
    plan.sessions.append(session)
    _face_to_face_kept(caller.relationship, plan, session)
    scheduled = SessionScheduled(
        session_id=session.session_id,
        match_id=match_id,
        programme_id=caller.relationship.programme_id,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        mode=session.mode,
    )
    with publisher.along([OutgoingEvent(caller.tenant_id, scheduled)]):
        store.save_plan(caller.tenant_id, plan, new_session_id=session.session_id)
    return session


def list_sessions(principal: Principal, match_id: str, store: SessionsRecords) -> SessionList:
    caller = caller_in(principal, match_id, store)
    plan = store.plan(caller.tenant_id, match_id)
    items = [_as_seen_by(caller, s) for s in sorted(plan.sessions, key=lambda s: s.starts_at)]
    return SessionList(match_id=match_id, items=items, check=plan_check(caller.relationship, plan))


def _rescheduled(
    caller: Caller, session: Session, previous: datetime, *, mentor_absent: bool = False, late: bool = False
) -> SessionRescheduled:
    return SessionRescheduled(
        cause="mentor_absent" if mentor_absent else "changed",
        late=late,
        session_id=session.session_id,
        match_id=session.match_id,
        programme_id=caller.relationship.programme_id,
        starts_at=session.starts_at,
        previous_starts_at=previous,
        sequence=session.sequence,
    )


def change_session(
    principal: Principal, session_id: str, body: SessionChange, store: SessionsRecords, publisher: Publisher
) -> Session:
    caller, plan, session = session_caller(principal, session_id, store)
    _keeper(caller)
    _planned(session)
    previous = session.starts_at
    changes = body.model_dump(exclude_unset=True, exclude={"status"})
    for name, value in changes.items():
        if value is not None or name == "location":
            setattr(session, name, value)
    cancelled = body.status == "cancelled"
    if cancelled:
        # Cancelling is never refused by the blended rule: a meeting that will not happen is not planned;
        # the plan's check then flags what is missing.
        session.status = "cancelled"
    else:
        _face_to_face_kept(caller.relationship, plan, session)
    session.sequence += 1
    events: list[OutgoingEvent] = []
    if cancelled:
        events.append(
            OutgoingEvent(
                caller.tenant_id,
                SessionCancelled(
                    session_id=session_id,
                    match_id=session.match_id,
                    programme_id=caller.relationship.programme_id,
                ),
            )
        )
    elif session.starts_at != previous:
        events.append(OutgoingEvent(caller.tenant_id, _rescheduled(caller, session, previous)))
    with publisher.along(events):
        store.save_plan(caller.tenant_id, plan)
    return session


def notice_absence(
    principal: Principal,
    session_id: str,
    body: AbsenceNotice,
    store: SessionsRecords,
    publisher: Publisher,
    now: datetime | None = None,
) -> Session:
    caller, plan, session = session_caller(principal, session_id, store)
    caller.require("mentor", "mentee", rule="members_notice_absence")
    still_running(caller.relationship)
    _planned(session)
    now = now or datetime.now(UTC)
    if session.starts_at <= now:
        raise RuleViolation(
            "The session has started: an absence is noticed before it.", rule="session_started"
        )
    assert caller.participant_id is not None and caller.role is not None  # a member, as required above
    late = False
    previous = session.starts_at
    if caller.role == "mentor":
        if body.proposed_starts_at is None:
            raise RuleViolation(
                "A mentor who cannot come proposes another date that suits the whole group.",
                rule="proposed_starts_at_required",
                field="proposed_starts_at",
            )
        if body.proposed_starts_at <= now:
            raise RuleViolation(
                "The proposed date must lie ahead.",
                rule="proposed_starts_at_ahead",
                field="proposed_starts_at",
            )
        late = session.starts_at - now < LATE_NOTICE
        session.starts_at = body.proposed_starts_at
        session.sequence += 1
        _face_to_face_kept(caller.relationship, plan, session)
    session.absences.append(
        Absence(
            participant_id=caller.participant_id,
            role=caller.role,
            reason=body.reason,
            noticed_at=now,
            late=late,
            proposed_starts_at=body.proposed_starts_at if caller.role == "mentor" else None,
        )
    )
    noticed = AbsenceNoticed(
        session_id=session_id,
        match_id=session.match_id,
        programme_id=caller.relationship.programme_id,
        participant_id=caller.participant_id,
        role=caller.role,
        late=late,
    )
    events = [OutgoingEvent(caller.tenant_id, noticed)]
    if session.starts_at != previous:
        rescheduled = _rescheduled(caller, session, previous, mentor_absent=True, late=late)
        events.append(OutgoingEvent(caller.tenant_id, rescheduled))
    with publisher.along(events):
        store.save_plan(caller.tenant_id, plan)
    return _as_seen_by(caller, session)


def _next_writer(relationship: Relationship, plan: Plan, present: list[str]) -> str | None:
    """The diary's writer by rotation: the next present mentee after the last one who wrote."""
    order = relationship.mentee_ids
    start = order.index(plan.last_writer_id) + 1 if plan.last_writer_id in order else 0
    rotated = order[start:] + order[:start]
    return next((m for m in rotated if m in present), None)


def record_attendance(
    principal: Principal,
    session_id: str,
    body: Attendance,
    store: SessionsRecords,
    publisher: Publisher,
    now: datetime | None = None,
) -> Session:
    caller, plan, session = session_caller(principal, session_id, store)
    caller.require("mentor", rule="mentor_records_attendance")
    relationship = caller.relationship
    still_running(relationship)
    if session.status == "held":
        raise Conflict("Attendance of this session is recorded already.", rule="attendance_recorded")
    _planned(session)
    now = now or datetime.now(UTC)
    if now < session.starts_at:
        raise RuleViolation("Attendance is recorded after the session starts.", rule="session_not_started")
    strangers = [p for p in body.present if p not in relationship.mentee_ids]
    if strangers:
        raise RuleViolation(
            "Only the relationship's mentees can be present.", rule="not_a_mentee", field="present"
        )
    present = [m for m in relationship.mentee_ids if m in body.present]
    if body.diary_writer_id is not None and body.diary_writer_id not in present:
        raise RuleViolation(
            "The diary's writer is a mentee who was there.",
            rule="writer_not_present",
            field="diary_writer_id",
        )
    writer = body.diary_writer_id or _next_writer(relationship, plan, present)
    session.status, session.present, session.diary_writer_id, session.held_at = "held", present, writer, now
    session.sequence += 1
    if writer is not None:
        plan.last_writer_id = writer
    held = SessionHeld(
        session_id=session_id,
        match_id=session.match_id,
        programme_id=relationship.programme_id,
        present=present,
        diary_writer_id=writer,
    )
    with publisher.along([OutgoingEvent(caller.tenant_id, held)]):
        store.save_plan(caller.tenant_id, plan)
    return session
