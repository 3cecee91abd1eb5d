"""`/app/{slug}/links`: the places in programmes waiting for the signed-in person to say they are theirs.

An applicant accepted with an e-mail that already had an account here gets a pending link (an application
proves nobody owns an address); the account's owner confirms it here, and the place joins the account.
The decision e-mail links to this page.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from services.intake import logic
from services.intake.deps import directory, publisher, store
from services.intake.web import router, web
from shared.errors import NotFound
from shared.web.pages import page_responses

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: account links"]


@router.get(
    "/app/<tenant_slug>/links",
    tags=TAGS,
    summary="Places waiting for you to confirm them",
    responses=page_responses("the pending places, each with a button to confirm it"),
)
def links(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(router.current_event.raw_event, tenant_slug)
    tenant_id = visit.signed_in.require_tenant()
    pending = logic.my_links(visit.signed_in, store())
    # The programmes' names: each link is the caller's own, in the caller's municipality.
    names = {}
    for link in pending:
        programme = store().programme(tenant_id, link.programme_id)
        names[link.programme_id] = programme.name if programme else link.programme_id
    return web.render(visit, "links.html", links=pending, names=names)


@router.post(
    "/app/<tenant_slug>/links",
    tags=TAGS,
    summary="Confirm that a place is yours",
    responses=page_responses(
        "confirmed: the page again, saying so", status=303, _409="this place was confirmed already"
    ),
)
def confirm(tenant_slug: str) -> Response[str]:
    visit = web.visit(router.current_event.raw_event, tenant_slug)
    fields = web.form(visit)
    link_id = (fields.get("link_id") or [""])[0].strip()
    if not link_id:
        raise NotFound("No such link.")
    participant = logic.confirm_link(visit.signed_in, link_id, store(), directory(), publisher())
    programme = store().programme(participant.tenant_id, participant.programme_id)
    return web.redirect(
        visit,
        visit.app_path("links"),
        "links.flash.confirmed",
        programme=programme.name if programme else participant.programme_id,
    )
