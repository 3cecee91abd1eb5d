"""The employer section of the manager's participant page (services/intake/web/participants.py renders it
with `section`): link an employer contact to a mentee who consented, or end a link. The forms post here and
land back on the participant's page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from services.intake.deps import publisher, store
from services.intake.employers import logic
from services.intake.employers.models import EmployerLinkCreate
from services.intake.employers.routing import router
from services.intake.models import Participant
from services.intake.web import web
from shared.auth import Principal, Role
from shared.web.pages import page_responses

TAGS = ["web: employer links"]
Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]


@router.get(
    "/app/<tenant_slug>/employer",
    tags=TAGS,
    summary="A linked employer's mentees, each with a link to their progress",
    responses=page_responses("the employer's mentees"),
)
def employer_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(router.current_event.raw_event, tenant_slug, Role.EMPLOYER)
    mentees = logic.my_mentees(visit.signed_in, store())
    names = {p.programme_id: p.name for p in store().programmes(visit.signed_in.require_tenant())}
    return web.render(visit, "employer_mentees.html", mentees=mentees, programme_names=names)


def section(caller: Principal, participant: Participant) -> dict[str, Any]:
    """What the participant page shows of a mentee's employers (a manager's view; nothing otherwise)."""
    if not caller.has(Role.MANAGER) or participant.role != "mentee":
        return {"employer_section": False}
    held = store().consents(participant.tenant_id, participant.person_id)
    return {
        "employer_section": True,
        "employer_sharing": bool(held and held.granted("employer_sharing")),
        "employer_links": [
            x for x in logic.list_links(caller, participant.participant_id, store()) if x.status == "active"
        ],
        "employers": logic.employers(caller, store()),
    }


@router.post(
    "/app/<tenant_slug>/participants/<participant_id>/employer-links",
    tags=TAGS,
    summary="Link an employer contact to a mentee who consented",
    responses=page_responses("linked: back to the participant", status=303),
)
def link_employer_page(tenant_slug: str, participant_id: str) -> Response[str]:
    visit = web.visit(router.current_event.raw_event, tenant_slug, Role.MANAGER)
    fields = web.form(visit)
    body = EmployerLinkCreate(employer_user_id=(fields.get("employer_user_id") or [""])[0][:80] or "-")
    logic.link_employer(visit.signed_in, participant_id, body, store(), publisher(), now=datetime.now(UTC))
    return web.redirect(visit, visit.app_path("participants", participant_id), "employers.flash.linked")


@router.post(
    "/app/<tenant_slug>/participants/<participant_id>/employer-links/<link_id>/end",
    tags=TAGS,
    summary="End an employer's link to a mentee",
    responses=page_responses("ended: back to the participant", status=303),
)
def end_link_page(tenant_slug: str, participant_id: str, link_id: str) -> Response[str]:
    visit = web.visit(router.current_event.raw_event, tenant_slug, Role.MANAGER)
    web.form(visit)
    logic.end_link(visit.signed_in, participant_id, link_id, store(), publisher(), now=datetime.now(UTC))
    return web.redirect(visit, visit.app_path("participants", participant_id), "employers.flash.ended")
