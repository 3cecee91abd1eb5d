"""Feedback on a talk (`/app/{slug}/sessions/{session_id}/feedback`, seed 001): after a held session each
member says how useful it was (1-5), what to keep and what to change; the members and the manager read
what was given. The manager gives none (no form)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import publisher, store
from services.sessions.logic.common import session_caller
from services.sessions.schemas import FeedbackWrite
from services.sessions.web import router, web
from services.sessions.web.common import TAGS, Lang, field, member_name, relationship_visit, rule_text
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses

TEXT_MAX = 4000


def _page(
    visit: Visit,
    session_id: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    caller, _, session = session_caller(visit.signed_in, session_id, store())
    given = logic.read_feedback(visit.signed_in, session_id, store())
    mine = next((f for f in given.feedback if f.participant_id == caller.participant_id), None)
    known = {"usefulness": str(mine.usefulness), "keep": mine.keep, "change": mine.change} if mine else {}
    return web.render(
        visit,
        "feedback.html",
        status=status,
        caller=caller,
        relationship=caller.relationship,
        session=session,
        given=given.feedback,
        whose=lambda participant_id: member_name(visit, caller, participant_id),
        writes=caller.role is not None
        and session.status == "held"
        and caller.relationship.status == "active",
        text_max=TEXT_MAX,
        errors=errors or {},
        values=values if values is not None else known,
    )


@router.get(
    "/app/<tenant_slug>/sessions/<session_id>/feedback",
    tags=TAGS,
    summary="Feedback on a held session: how useful it was, what to keep, what to change",
    responses=page_responses("the session's feedback, and the member's form"),
)
def feedback_page(tenant_slug: str, session_id: str, lang: Lang = None) -> Response[str]:
    return _page(relationship_visit(tenant_slug), session_id)


@router.post(
    "/app/<tenant_slug>/sessions/<session_id>/feedback",
    tags=TAGS,
    summary="Give or change one's feedback on a held session (a member)",
    responses=page_responses(
        "saved: back to the feedback",
        status=303,
        _409="the feedback again: it was saved elsewhere meanwhile",
        _422="the feedback again, with the mistake at its field",
    ),
)
def give_feedback(tenant_slug: str, session_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller, _, _ = session_caller(visit.signed_in, session_id, store())
    caller.require("mentor", "mentee", rule="members_give_feedback")
    fields = web.form(visit)
    values = {name: field(fields, name) for name in ("usefulness", "keep", "change")}
    try:
        body = FeedbackWrite(usefulness=values["usefulness"], keep=values["keep"], change=values["change"])
    except ValidationError as invalid:
        errors: dict[str, str] = {}
        for problem in invalid.errors():
            name = str(problem["loc"][0]) if problem["loc"] else "usefulness"
            errors.setdefault(name, visit.t(f"error.feedback.{name}", max=TEXT_MAX))
        return _page(visit, session_id, status=422, errors=errors, values=values)
    try:
        logic.give_feedback(visit.signed_in, session_id, body, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        errors = {"usefulness": rule_text(visit, refused)}
        return _page(visit, session_id, status=refused.status, errors=errors, values=values)
    return web.redirect(visit, visit.app_path("sessions", session_id, "feedback"), "feedback.flash")
