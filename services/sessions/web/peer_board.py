"""A programme's peer-exchange board (`/app/{slug}/programmes/{programme_id}/peer-board`, seed 002): the
posts, newest first, each with its replies and a reply form, and a form for a new post. For the
programme's mentors (matched or not), the municipality's trainers and managers; writers are shown by
their part, never by name."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import store
from services.sessions.logic.peer_board import board_role
from services.sessions.schemas import PeerPostWrite
from services.sessions.web import router, web
from services.sessions.web.common import TAGS, Lang, event, field, rule_text
from shared.auth import Role
from shared.errors import Conflict, NotFound
from shared.web.pages import Visit, page_responses

TEXT_MAX = 4000
LINE_MAX = 200


def _visit(slug: str) -> Visit:
    return web.visit(event(), slug, Role.MANAGER, Role.TRAINER, Role.MENTOR, Role.MENTEE)


def _page(
    visit: Visit,
    programme_id: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    board = logic.read_board(visit.signed_in, programme_id, store())
    return web.render(
        visit,
        "peer_board.html",
        status=status,
        board=board,
        text_max=TEXT_MAX,
        errors=errors or {},
        values=values or {},
    )


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/peer-board",
    tags=TAGS,
    summary="A programme's peer-exchange board: its mentors, trainers and managers",
    responses=page_responses("the board"),
)
def peer_board_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = _visit(tenant_slug)
    return _page(visit, programme_id)


@router.post(
    "/app/<tenant_slug>/programmes/<programme_id>/peer-board",
    tags=TAGS,
    summary="Post to the board, or reply to a post",
    responses=page_responses(
        "posted: back to the board",
        status=303,
        _409="the board again: the post changed meanwhile",
        _422="the board again, with the mistake at its field",
    ),
)
def write_to_peer_board(tenant_slug: str, programme_id: str) -> Response[str]:
    visit = _visit(tenant_slug)
    board_role(visit.signed_in, programme_id, store())
    fields = web.form(visit)
    reply_to = field(fields, "reply_to") or None
    text_name = f"text-{reply_to}" if reply_to else "text"
    values = {"title": field(fields, "title"), text_name: field(fields, text_name)}
    errors: dict[str, str] = {}
    title_ok = reply_to is not None or 0 < len(values["title"]) <= LINE_MAX
    if not title_ok:
        errors["title"] = visit.t("error.board.title")
    if not 0 < len(values[text_name]) <= TEXT_MAX:
        errors[text_name] = visit.t("error.board.text", max=TEXT_MAX)
    try:
        body = PeerPostWrite(title=values["title"] or None, text=values[text_name], reply_to=reply_to)
    except ValidationError:
        errors = errors or {text_name: visit.t("error.board.text", max=TEXT_MAX)}
    if errors:
        return _page(visit, programme_id, status=422, errors=errors, values=values)
    try:
        logic.write_to_board(visit.signed_in, programme_id, body, store())
    except (NotFound, Conflict) as refused:
        return _page(
            visit,
            programme_id,
            status=refused.status,
            errors={text_name: rule_text(visit, refused)},
            values=values,
        )
    return web.redirect(visit, visit.app_path("programmes", programme_id, "peer-board"), "board.flash")
