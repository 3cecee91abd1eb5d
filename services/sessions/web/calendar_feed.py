"""A member's private calendar link (`/app/{slug}/matches/{match_id}/calendar-feed`), reached from the plan:
make it (its address is shown once, with how to add it to a calendar app), make a new one (the old stops
working) or revoke it. The feed holds every session of every relationship the person is in; the page sits
under one relationship only so its tabs and the way back are that relationship's. Managers have no feed
(they are not members): the 403 page."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from services.sessions import logic
from services.sessions.deps import store
from services.sessions.logic.common import Caller, caller_in
from services.sessions.settings import settings
from services.sessions.web import router, web
from services.sessions.web.common import TAGS, Lang, field, relationship_visit
from shared.web.pages import Visit, page_responses


def _member(visit: Visit, match_id: str) -> Caller:
    caller = caller_in(visit.signed_in, match_id, store())
    caller.require("mentor", "mentee", rule="members_only")
    return caller


def _page(visit: Visit, caller: Caller, *, url: str | None = None) -> Response[str]:
    return web.render(
        visit,
        "calendar_feed.html",
        caller=caller,
        relationship=caller.relationship,
        feed=logic.current_feed(visit.signed_in, store()),
        url=url,
        when=lambda value: visit.datetime(value, caller.relationship.timezone, "long"),
    )


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/calendar-feed",
    tags=TAGS,
    summary="My private calendar link: whether I have one, make a new one or revoke it (members)",
    responses=page_responses("the calendar link's state (its address is shown only when made)"),
)
def calendar_feed_page(tenant_slug: str, match_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    return _page(visit, _member(visit, match_id))


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/calendar-feed",
    tags=TAGS,
    summary="Make my private calendar link (action=make; shown once) or revoke it (action=revoke)",
    responses=page_responses(
        "made: the page with the new address, shown this once (not a redirect: the address is in no URL)"
    ),
)
def calendar_feed(tenant_slug: str, match_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller = _member(visit, match_id)
    here = visit.app_path("matches", match_id, "calendar-feed")
    if field(web.form(visit), "action") == "revoke":
        logic.revoke_feed(visit.signed_in, store())
        return web.redirect(visit, here, "feed.flash.revoked")
    token, _ = logic.make_feed(visit.signed_in, store())
    return _page(visit, caller, url=logic.feed_url(settings.public_base_url, token))
