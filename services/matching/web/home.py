"""A mentor's or mentee's home (`/app/{slug}/home`): their programme, their match by the others' first
names, and what comes next. How to reach the others is Tandem's and the programme manager's business
(DOMAIN.md): no e-mail, no phone here."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from services.matching.deps import store
from services.matching.logic import views
from services.matching.web import router, web
from services.matching.web.common import Lang, event
from shared.auth import Role
from shared.web.pages import page_responses


@router.get(
    "/app/<tenant_slug>/home",
    tags=["web: home"],
    summary="A mentor's or mentee's home: my programme, my match, what comes next",
    responses=page_responses("the person's programmes and matches"),
)
def home_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(event(), tenant_slug, Role.MENTOR, Role.MENTEE)
    return web.render(visit, "home.html", programmes=views.home(visit.signed_in, store()))
