"""A held session's diary (`/app/{slug}/sessions/{session_id}/diary`): written by the mentee whose turn
it is, the mentor's remarks under it; members and managers read it, nobody else ever."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import publisher, store
from services.sessions.logic.common import Caller, session_caller
from services.sessions.models import Session
from services.sessions.schemas import DiaryRemark, DiaryWrite
from services.sessions.web import router, web
from services.sessions.web.common import (
    TAGS,
    Lang,
    broken_rule,
    field,
    lines,
    member_name,
    relationship_visit,
)
from shared.errors import Conflict, Forbidden, RuleViolation
from shared.web.pages import Visit, page_responses

DIARY_FIELDS = ("summary", "topics", "learned", "next_steps")


def _page(
    visit: Visit,
    caller: Caller,
    session: Session,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    relationship = caller.relationship
    diary = logic.read_diary(visit.signed_in, session.session_id, store())
    active = relationship.status == "active" and session.status == "held"
    if caller.manager and caller.role is None:
        visit.programme_id = relationship.programme_id
    entry = diary.entry
    default = (
        {
            "summary": entry.summary,
            "topics": "\n".join(entry.topics),
            "learned": entry.learned,
            "next_steps": entry.next_steps,
        }
        if entry
        else {}
    )
    return web.render(
        visit,
        "diary.html",
        status=status,
        caller=caller,
        relationship=relationship,
        session=session,
        diary=diary,
        my_turn=active and caller.role == "mentee" and caller.participant_id == session.diary_writer_id,
        remarks_open=active and caller.role == "mentor" and entry is not None,
        who=lambda pid: member_name(visit, caller, pid),
        when=lambda value: visit.datetime(value, relationship.timezone, "long"),
        errors=errors or {},
        values=values or default,
    )


@router.get(
    "/app/<tenant_slug>/sessions/<session_id>/diary",
    tags=TAGS,
    summary="A session's diary: the entry by the mentee whose turn it is, the mentor's remarks",
    responses=page_responses("the diary (members and managers only)"),
)
def diary_page(tenant_slug: str, session_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    return _page(visit, caller, session)


@router.post(
    "/app/<tenant_slug>/sessions/<session_id>/diary",
    tags=TAGS,
    summary="Write the diary (action=write, the writer by turn) or add a remark (action=remark, the mentor)",
    responses=page_responses(
        "saved: back to the diary",
        status=303,
        _409="the diary again: someone saved it meanwhile",
        _422="the diary again, with each mistake at its field",
    ),
)
def write_diary(tenant_slug: str, session_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    fields = web.form(visit)
    here = visit.app_path("sessions", session_id, "diary")
    if field(fields, "action") == "remark":
        caller.require("mentor", rule="mentor_writes_remarks")  # before the form's checks
        text = field(fields, "remark")
        try:
            body = DiaryRemark(text=text)
        except ValidationError:
            return _page(
                visit,
                caller,
                session,
                status=422,
                errors={"remark": visit.t("error.remark")},
                values={"remark": text},
            )
        try:
            logic.add_remark(visit.signed_in, session_id, body, store())
        except (RuleViolation, Conflict) as refused:
            errors = broken_rule(visit, refused, "remark")
            return _page(
                visit, caller, session, status=refused.status, errors=errors, values={"remark": text}
            )
        return web.redirect(visit, here, "diary.flash.remark")
    if caller.role != "mentee" or caller.participant_id != session.diary_writer_id:
        raise Forbidden("Only the mentee whose turn it is writes the diary.", rule="not_your_turn")
    values = {name: (fields.get(name) or [""])[0].strip() for name in DIARY_FIELDS}
    try:
        entry = DiaryWrite(
            summary=values["summary"],
            topics=lines(values["topics"]),
            learned=values["learned"],
            next_steps=values["next_steps"],
        )
    except ValidationError as invalid:
        names = {str(p["loc"][0]) for p in invalid.errors() if p["loc"]}
        errors = {n: visit.t(f"error.{n}") for n in DIARY_FIELDS if n in names} or {
            "summary": visit.t("error.summary")
        }
        return _page(visit, caller, session, status=422, errors=errors, values=values)
    try:
        logic.write_diary(visit.signed_in, session_id, entry, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        errors = broken_rule(visit, refused, "summary")
        return _page(visit, caller, session, status=refused.status, errors=errors, values=values)
    return web.redirect(visit, here, "diary.flash.written")
