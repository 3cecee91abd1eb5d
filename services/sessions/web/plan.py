"""The session plan (`/app/{slug}/matches/{match_id}/sessions`) and one session
(`/app/{slug}/sessions/{session_id}`): the mentor or a manager plans, moves and cancels sessions; members
say they cannot come (`.../absence`); the mentor records who came (`.../attendance`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import publisher, store
from services.sessions.logic.common import Caller, caller_in, session_caller
from services.sessions.metrics import SESSIONS_HELD, SESSIONS_PLANNED, count
from services.sessions.models import Session
from services.sessions.schemas import AbsenceNotice, Attendance, SessionChange, SessionCreate
from services.sessions.web import router, web
from services.sessions.web.common import (
    TAGS,
    Lang,
    broken_rule,
    field,
    invalid_fields,
    local_time,
    local_value,
    member_name,
    relationship_visit,
)
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses

SESSION_FIELDS = ("starts_at", "duration_minutes", "topic", "mode", "location")


def _keeps_plan(caller: Caller) -> bool:
    return caller.relationship.status == "active" and (caller.role == "mentor" or caller.manager)


def _chrome(visit: Visit, caller: Caller) -> dict[str, Any]:
    """What every plan page shows: the relationship, members in words, times in the municipality's zone."""
    relationship = caller.relationship
    if caller.manager and caller.role is None:
        visit.programme_id = relationship.programme_id
    return {
        "caller": caller,
        "relationship": relationship,
        "who": lambda pid: member_name(visit, caller, pid),
        "when": lambda value: visit.datetime(value, relationship.timezone, "long"),
    }


def _session_form(
    visit: Visit, caller: Caller, fields: Mapping[str, list[str]]
) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    """A session's posted fields: the values to show again, the errors at fields, the body to send."""
    values = {name: field(fields, name) for name in SESSION_FIELDS}
    errors: dict[str, str] = {}
    body: dict[str, Any] = {}
    starts_at = local_time(caller.relationship, values["starts_at"])
    if starts_at is None:
        errors["starts_at"] = visit.t("error.starts_at")
    else:
        body["starts_at"] = starts_at
    duration = values["duration_minutes"]
    if not duration.isdigit():
        errors["duration_minutes"] = visit.t("error.duration_minutes")
    else:
        body["duration_minutes"] = int(duration)
    if values["mode"] not in ("in_person", "online"):
        errors["mode"] = visit.t("error.mode")
    else:
        body["mode"] = values["mode"]
    body["topic"] = values["topic"]
    body["location"] = values["location"] or None
    return values, errors, body


# --- the plan -----------------------------------------------------------------------------------------


def _plan_page(
    visit: Visit,
    caller: Caller,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    plan = logic.list_sessions(visit.signed_in, caller.relationship.match_id, store())
    return web.render(
        visit,
        "plan.html",
        status=status,
        plan=plan,
        keeps_plan=_keeps_plan(caller),
        errors=errors or {},
        values=values or {"duration_minutes": "90", "mode": "in_person"},
        **_chrome(visit, caller),
    )


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/sessions",
    tags=TAGS,
    summary="A relationship's session plan; the mentor or a manager adds sessions",
    responses=page_responses("the sessions in time order, with the blended mode's check in words"),
)
def plan_page(tenant_slug: str, match_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    return _plan_page(visit, caller_in(visit.signed_in, match_id, store()))


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/sessions",
    tags=TAGS,
    summary="Plan a session (the mentor or a manager)",
    responses=page_responses(
        "planned: on to the session",
        status=303,
        _409="the plan again: someone changed it meanwhile",
        _422="the plan again, with each mistake at its field",
    ),
)
def plan_session(tenant_slug: str, match_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller = caller_in(visit.signed_in, match_id, store())
    caller.require("mentor", "manager", rule="plan_kept_by_mentor_or_manager")  # before the form's checks
    values, errors, body = _session_form(visit, caller, web.form(visit))
    if errors:
        return _plan_page(visit, caller, status=422, errors=errors, values=values)
    try:
        request = SessionCreate.model_validate(body)
    except ValidationError as invalid:
        errors = invalid_fields(visit, invalid, SESSION_FIELDS)
        return _plan_page(visit, caller, status=422, errors=errors, values=values)
    try:
        planned = logic.plan_session(visit.signed_in, match_id, request, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        errors = broken_rule(visit, refused, "starts_at")
        return _plan_page(visit, caller, status=refused.status, errors=errors, values=values)
    count(SESSIONS_PLANNED)
    return web.redirect(visit, visit.app_path("sessions", planned.session_id), "plan.flash.planned")


# --- one session --------------------------------------------------------------------------------------


def _session_page(
    visit: Visit,
    caller: Caller,
    session: Session,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    diary = logic.read_diary(visit.signed_in, session.session_id, store())
    relationship = caller.relationship
    shown = logic.list_sessions(visit.signed_in, relationship.match_id, store())
    seen = next((s for s in shown.items if s.session_id == session.session_id), session)
    default = {
        "starts_at": local_value(relationship, session.starts_at),
        "duration_minutes": str(session.duration_minutes),
        "topic": session.topic,
        "mode": session.mode,
        "location": session.location or "",
    }
    return web.render(
        visit,
        "session.html",
        status=status,
        session=seen,
        diary=diary,
        keeps_plan=_keeps_plan(caller) and session.status == "planned",
        errors=errors or {},
        values=values or default,
        **_chrome(visit, caller),
    )


@router.get(
    "/app/<tenant_slug>/sessions/<session_id>",
    tags=TAGS,
    summary="One session: when, where, who came, absences, the diary; the keeper moves or cancels it",
    responses=page_responses("the session"),
)
def session_page(tenant_slug: str, session_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    return _session_page(visit, caller, session)


@router.post(
    "/app/<tenant_slug>/sessions/<session_id>",
    tags=TAGS,
    summary="Move or change a planned session (action=change) or cancel it (action=cancel)",
    responses=page_responses(
        "done: back to the session",
        status=303,
        _409="the session again: someone changed the plan meanwhile",
        _422="the session again, with each mistake at its field",
    ),
)
def change_session(tenant_slug: str, session_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    caller.require("mentor", "manager", rule="plan_kept_by_mentor_or_manager")  # before the form's checks
    fields = web.form(visit)
    here = visit.app_path("sessions", session_id)
    values: dict[str, str] | None = None
    try:
        if field(fields, "action") == "cancel":
            logic.change_session(
                visit.signed_in, session_id, SessionChange(status="cancelled"), store(), publisher()
            )
            return web.redirect(visit, here, "plan.flash.cancelled")
        values, errors, body = _session_form(visit, caller, fields)
        if errors:
            return _session_page(visit, caller, session, status=422, errors=errors, values=values)
        try:
            change = SessionChange.model_validate(body)
        except ValidationError as invalid:
            errors = invalid_fields(visit, invalid, SESSION_FIELDS)
            return _session_page(visit, caller, session, status=422, errors=errors, values=values)
        logic.change_session(visit.signed_in, session_id, change, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        errors = broken_rule(visit, refused, "starts_at")
        return _session_page(visit, caller, session, status=refused.status, errors=errors, values=values)
    return web.redirect(visit, here, "plan.flash.changed")


# --- absence ------------------------------------------------------------------------------------------


def _absence_page(
    visit: Visit,
    caller: Caller,
    session: Session,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    return web.render(
        visit,
        "absence.html",
        status=status,
        session=session,
        can_notice=caller.role is not None
        and session.status == "planned"
        and caller.relationship.status == "active",
        errors=errors or {},
        values=values or {},
        **_chrome(visit, caller),
    )


@router.get(
    "/app/<tenant_slug>/sessions/<session_id>/absence",
    tags=TAGS,
    summary="\"I can't come\": a member's notice of absence (a mentor proposes another date)",
    responses=page_responses("the absence form"),
)
def absence_page(tenant_slug: str, session_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    return _absence_page(visit, caller, session)


@router.post(
    "/app/<tenant_slug>/sessions/<session_id>/absence",
    tags=TAGS,
    summary="Give notice of absence (a mentor's moves the session to the proposed date)",
    responses=page_responses(
        "noticed: back to the session",
        status=303,
        _409="the form again: someone changed the plan meanwhile",
        _422="the form again, with each mistake at its field",
    ),
)
def notice_absence(tenant_slug: str, session_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    caller.require("mentor", "mentee", rule="members_notice_absence")  # before the form's checks
    fields = web.form(visit)
    values = {"reason": field(fields, "reason"), "proposed_starts_at": field(fields, "proposed_starts_at")}
    errors: dict[str, str] = {}
    if not values["reason"] or len(values["reason"]) > 4000:
        errors["reason"] = visit.t("error.reason")
    proposed = None
    if values["proposed_starts_at"]:
        proposed = local_time(caller.relationship, values["proposed_starts_at"])
        if proposed is None:
            errors["proposed_starts_at"] = visit.t("error.starts_at")
    if errors:
        return _absence_page(visit, caller, session, status=422, errors=errors, values=values)
    try:
        noticed = logic.notice_absence(
            visit.signed_in,
            session_id,
            AbsenceNotice(reason=values["reason"], proposed_starts_at=proposed),
            store(),
            publisher(),
        )
    except (RuleViolation, Conflict) as refused:
        errors = broken_rule(visit, refused, "reason")
        return _absence_page(visit, caller, session, status=refused.status, errors=errors, values=values)
    late = any(a.late for a in noticed.absences if a.participant_id == caller.participant_id)
    flash = "absence.flash.late" if late else "absence.flash.noticed"
    return web.redirect(visit, visit.app_path("sessions", session_id), flash)


# --- attendance ---------------------------------------------------------------------------------------


def _attendance_page(
    visit: Visit,
    caller: Caller,
    session: Session,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response[str]:
    return web.render(
        visit,
        "attendance.html",
        status=status,
        session=session,
        can_record=caller.role == "mentor"
        and session.status == "planned"
        and caller.relationship.status == "active",
        errors=errors or {},
        values=values or {"present": list(caller.relationship.mentee_ids), "diary_writer_id": ""},
        **_chrome(visit, caller),
    )


@router.get(
    "/app/<tenant_slug>/sessions/<session_id>/attendance",
    tags=TAGS,
    summary="Who came: the mentor records it after the start, and may choose the diary's writer",
    responses=page_responses("the attendance form, or who came"),
)
def attendance_page(tenant_slug: str, session_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    return _attendance_page(visit, caller, session)


@router.post(
    "/app/<tenant_slug>/sessions/<session_id>/attendance",
    tags=TAGS,
    summary="Record who came (the mentor, after the start)",
    responses=page_responses(
        "recorded: back to the session",
        status=303,
        _409="the form again: attendance is recorded already",
        _422="the form again, with each mistake at its field",
    ),
)
def record_attendance(tenant_slug: str, session_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    caller.require("mentor", rule="mentor_records_attendance")  # before the form's checks
    fields = web.form(visit)
    present = [p for p in fields.get("present", []) if p]
    writer = field(fields, "diary_writer_id") or None
    values = {"present": present, "diary_writer_id": writer or ""}
    try:
        body = Attendance(present=present, diary_writer_id=writer)
    except ValidationError:
        errors = {"present": visit.t("error.present")}
        return _attendance_page(visit, caller, session, status=422, errors=errors, values=values)
    try:
        logic.record_attendance(visit.signed_in, session_id, body, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        errors = broken_rule(visit, refused, "present")
        return _attendance_page(visit, caller, session, status=refused.status, errors=errors, values=values)
    count(SESSIONS_HELD)
    return web.redirect(visit, visit.app_path("sessions", session_id), "attendance.flash.recorded")
