"""Matches: a programme's list (`.../programmes/{programme_id}/matches`), and one match
(`/app/{slug}/matches/{match_id}`) — for its manager with the form to end it and the rematch proposal,
for its own mentor and mentees by first names only (never why it ended)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.matching import logic
from services.matching.deps import publisher, store
from services.matching.logic import views
from services.matching.logic.common import managed_programme
from services.matching.metrics import MATCHES_CONFIRMED, count
from services.matching.models import Match
from services.matching.schemas import EndMatch, MatchCreate
from services.matching.web import router, web
from services.matching.web.common import Lang, event, field, manager_visit, name_of, rule_text
from services.matching.web.runs import TAGS
from shared.auth import Role
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses

#: The end reason's longest text (EndMatch's own limit).
REASON_MAX = 500
Rematch = Annotated[str | None, Query(description="1: show the rematch proposal", max_length=1)]


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/matches",
    tags=TAGS,
    summary="A programme's matches, newest first, by the members' names",
    responses=page_responses("the programme's matches"),
)
def matches_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = manager_visit(tenant_slug, programme_id)
    programme = managed_programme(visit.signed_in, programme_id, store())
    people = views.people(programme, store())
    return web.render(
        visit,
        "matches.html",
        programme=programme,
        matches=logic.list_matches(visit.signed_in, programme_id, store()),
        name=lambda pid: name_of(visit, people, pid),
    )


def _match_page(
    visit: Visit,
    match: Match,
    *,
    rematch: bool = False,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response[str]:
    caller = visit.signed_in
    manager = caller.has(Role.MANAGER)
    mentor, mentees = views.match_members(caller, match, store())
    values_: dict[str, object] = {"programme": None, "proposals": [], "name": None}
    if manager:
        programme = managed_programme(caller, match.programme_id, store())
        visit.programme_id = programme.programme_id  # the programme's tabs around its match
        people = views.people(programme, store())
        values_["programme"] = programme
        values_["name"] = lambda pid: name_of(visit, people, pid)
        if rematch or match.status == "ended":
            values_["proposals"] = views.rematch(caller, match.match_id, store(), visit.lang)
    else:
        programme_ = store().programme(match.tenant_id, match.programme_id)
        values_["programme"] = programme_
    return web.render(
        visit,
        "match.html",
        status=status,
        match=match,
        manager=manager,
        # A mentor who is not managing sees only their own matches: the reflection is theirs to write.
        mentor_viewing=caller.has(Role.MENTOR) and not manager,
        mentor=mentor,
        mentees=mentees,
        errors=errors or {},
        values=values or {},
        reason_max=REASON_MAX,
        **values_,
    )


@router.get(
    "/app/<tenant_slug>/matches/<match_id>",
    tags=TAGS,
    summary="One match: its members by name; for its manager, ending it and a rematch",
    responses=page_responses("the match (a member sees first names, never why it ended)"),
)
def match_page(tenant_slug: str, match_id: str, rematch: Rematch = None, lang: Lang = None) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MANAGER, Role.MENTOR, Role.MENTEE)
    match = logic.read_match(visit.signed_in, match_id, store())
    return _match_page(visit, match, rematch=rematch == "1")


@router.post(
    "/app/<tenant_slug>/matches/<match_id>",
    tags=TAGS,
    summary="End the match with a reason (optionally finding a new mentor), or make a proposed rematch",
    responses=page_responses(
        "done: back to the match (with the rematch proposal when asked for), or on to the new match",
        status=303,
        _409="the match again: it has ended already, or someone was matched meanwhile",
        _422="the match again, with each mistake at its field",
    ),
)
def end_or_rematch(tenant_slug: str, match_id: str) -> Response[str]:
    visit = manager_visit(tenant_slug)
    match = logic.read_match(visit.signed_in, match_id, store())
    fields = web.form(visit)
    if field(fields, "action") == "rematch":
        return _rematch(visit, match, field(fields, "mentor_id"), field(fields, "mentee_id"))
    reason = field(fields, "reason")
    rematch = field(fields, "rematch") == "yes"
    values = {"reason": reason[:REASON_MAX], "rematch": "yes" if rematch else ""}
    if not reason or len(reason) > REASON_MAX:
        key = "match.error.reason_missing" if not reason else "match.error.reason_long"
        error = visit.t(key, max=REASON_MAX)
        return _match_page(visit, match, status=422, errors={"reason": error}, values=values)
    try:
        body = EndMatch(reason=reason, rematch=rematch)
        logic.end_match(visit.signed_in, match_id, body, store(), publisher())
    except Conflict as refused:
        ended = logic.read_match(visit.signed_in, match_id, store())
        errors = {"status": rule_text(visit, refused)}  # the form is gone: the summary points at the status
        return _match_page(visit, ended, status=409, errors=errors, values=values)
    target = visit.app_path("matches", match_id) + ("?rematch=1" if rematch else "")
    return web.redirect(visit, target, "match.flash.ended")


def _rematch(visit: Visit, match: Match, mentor_id: str, mentee_id: str) -> Response[str]:
    """Make the proposed match of one mentee of an ended match (the manager confirms the proposal)."""
    try:
        body = MatchCreate(programme_id=match.programme_id, mentor_id=mentor_id, mentee_ids=[mentee_id])
    except ValidationError:
        error = visit.t("match.error.rematch")
        return _match_page(visit, match, rematch=True, status=422, errors={"rematch": error})
    if mentee_id not in match.mentee_ids:
        error = visit.t("match.error.rematch")
        return _match_page(visit, match, rematch=True, status=422, errors={"rematch": error})
    try:
        made = logic.create_match(visit.signed_in, body, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        errors = {"rematch": rule_text(visit, refused)}
        return _match_page(visit, match, rematch=True, status=refused.status, errors=errors)
    count(MATCHES_CONFIRMED)
    return web.redirect(visit, visit.app_path("matches", made.match_id), "match.flash.made")
