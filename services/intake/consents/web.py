"""A participant's consents page (`/app/{slug}/me/consents`): each purpose given or withdrawn, the history
below. It calls `logic` directly."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from services.intake.consents import logic
from services.intake.consents.deps import erasure_requests, now, publisher, store
from services.intake.consents.models import PURPOSES
from services.intake.consents.routing import router
from services.intake.consents.schemas import ConsentsWrite
from shared.auth import Role
from shared.i18n import Catalogues
from shared.web.pages import WebPages, page_responses

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
TAGS = ["web: consents"]
PARTICIPANTS = (Role.MENTOR, Role.MENTEE)
Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]


@router.get(
    "/app/<tenant_slug>/me/consents",
    tags=TAGS,
    summary="My consents: processing, e-mail, SMS, sharing progress with an employer",
    responses=page_responses("the consents and their history"),
)
def consents_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(router.current_event.raw_event, tenant_slug, *PARTICIPANTS)
    view = logic.my_consents(visit.signed_in, store())
    return web.render(visit, "consents.html", consents=view, purposes=PURPOSES)


@router.post(
    "/app/<tenant_slug>/me/consents",
    tags=TAGS,
    summary="Save my consents",
    responses=page_responses("saved: back to the page", status=303),
)
def save_consents(tenant_slug: str) -> Response[str]:
    visit = web.visit(router.current_event.raw_event, tenant_slug, *PARTICIPANTS)
    fields = web.form(visit)
    body = ConsentsWrite(
        privacy_notice_version=(fields.get("privacy_notice_version") or [""])[0][:20] or "-",
        **{p: (fields.get(p) or [""])[0] == "yes" for p in PURPOSES},
    )
    logic.change_consents(visit.signed_in, body, store(), publisher(), erasure_requests(), now=now())
    return web.redirect(visit, visit.app_path("me", "consents"), "consents.flash.saved")
