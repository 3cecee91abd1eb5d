"""The mentor's private reflection on a relationship (`/app/{slug}/matches/{match_id}/reflection`): the
mentor writes it and chooses whether the municipality's trainers may read it; a trainer reads it only
while it is shared (else the 404 page) and may write back under it (`.../reflection/replies`), which the
mentor reads there; mentees and managers never reach it (the 403 page)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import store
from services.sessions.logic.common import caller_in
from services.sessions.models import Reflection
from services.sessions.schemas import ReflectionReplyWrite, ReflectionWrite
from services.sessions.web import router, web
from services.sessions.web.common import TAGS, Lang, event, field, rule_text
from shared.auth import Role
from shared.errors import Conflict, Forbidden, RuleViolation
from shared.web.pages import Visit, page_responses

TEXT_MAX = 4000


def _visit(slug: str) -> Visit:
    return web.visit(event(), slug, Role.MENTOR, Role.TRAINER, Role.MANAGER, Role.MENTEE)


def _page(
    visit: Visit,
    reflection: Reflection,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    mentor = visit.signed_in.has(Role.MENTOR)
    return web.render(
        visit,
        "reflection.html",
        status=status,
        reflection=reflection,
        writes=mentor,
        replies=visit.signed_in.has(Role.TRAINER) and not mentor,
        text_max=TEXT_MAX,
        errors=errors or {},
        values=values
        or {"text": reflection.text, "shared_with_trainer": "yes" if reflection.shared_with_trainer else ""},
    )


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/reflection",
    tags=TAGS,
    summary="The mentor's private reflection; a trainer reads it only while the mentor shares it",
    responses=page_responses("the reflection (the mentor; a trainer when shared)"),
)
def reflection_page(tenant_slug: str, match_id: str, lang: Lang = None) -> Response[str]:
    visit = _visit(tenant_slug)
    return _page(visit, logic.read_reflection(visit.signed_in, match_id, store()))


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/reflection",
    tags=TAGS,
    summary="Save the reflection and whether the trainers may read it (the mentor)",
    responses=page_responses(
        "saved: back to the reflection",
        status=303,
        _409="the reflection again: it was saved elsewhere meanwhile",
        _422="the reflection again, with the mistake at its field",
    ),
)
def write_reflection(tenant_slug: str, match_id: str) -> Response[str]:
    visit = _visit(tenant_slug)
    caller_in(visit.signed_in, match_id, store()).require("mentor", rule="not_the_mentors_reflection")
    current = logic.read_reflection(visit.signed_in, match_id, store())
    fields = web.form(visit)
    text = (fields.get("text") or [""])[0].strip()
    shared = field(fields, "shared_with_trainer") == "yes"
    values = {"text": text, "shared_with_trainer": "yes" if shared else ""}
    try:
        body = ReflectionWrite(text=text, shared_with_trainer=shared)
    except ValidationError:
        errors = {"text": visit.t("error.reflection", max=TEXT_MAX)}
        return _page(visit, current, status=422, errors=errors, values=values)
    try:
        logic.write_reflection(visit.signed_in, match_id, body, store())
    except (RuleViolation, Conflict) as refused:
        errors = {"text": rule_text(visit, refused)}
        return _page(visit, current, status=refused.status, errors=errors, values=values)
    flash = "reflection.flash.shared" if shared else "reflection.flash.private"
    return web.redirect(visit, visit.app_path("matches", match_id, "reflection"), flash)


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/reflection/replies",
    tags=TAGS,
    summary="Write back under a shared reflection (a trainer)",
    responses=page_responses(
        "sent: back to the reflection",
        status=303,
        _409="the reflection again: it changed meanwhile",
        _422="the reflection again, with the mistake at the reply",
    ),
)
def reply_to_reflection(tenant_slug: str, match_id: str) -> Response[str]:
    visit = _visit(tenant_slug)
    if not visit.signed_in.has(Role.TRAINER):
        caller_in(visit.signed_in, match_id, store())
        raise Forbidden("Only the programme's trainers write back to a reflection.", rule="trainers_reply")
    current = logic.read_reflection(visit.signed_in, match_id, store())
    text = (web.form(visit).get("reply") or [""])[0].strip()
    try:
        body = ReflectionReplyWrite(text=text)
    except ValidationError:
        errors = {"reply": visit.t("error.reply", max=TEXT_MAX)}
        return _page(visit, current, status=422, errors=errors, values={"reply": text})
    try:
        logic.reply_to_reflection(visit.signed_in, match_id, body, store())
    except Conflict as refused:
        errors = {"reply": rule_text(visit, refused)}
        return _page(visit, current, status=409, errors=errors, values={"reply": text})
    return web.redirect(visit, visit.app_path("matches", match_id, "reflection"), "reflection.flash.replied")
