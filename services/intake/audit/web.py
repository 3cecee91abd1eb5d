"""The manager's page of a participant's audit trail (`/app/{slug}/participants/{id}/audit`), linked from
the participant's page: who read or changed their data, when, and in which request. Newest first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from services.intake.audit import logic
from services.intake.audit.models import AuditPage
from services.intake.audit.routing import router, trail
from services.intake.deps import store
from services.intake.logic import overview
from shared.auth import Role
from shared.i18n import Catalogues
from shared.web.pages import WebPages, page_responses

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
PER_PAGE = 50


@router.get(
    "/app/<tenant_slug>/participants/<participant_id>/audit",
    tags=["web: audit"],
    summary="Who read or changed a participant's data (the manager's)",
    responses=page_responses("the participant's audit trail"),
)
def participant_audit_page(
    tenant_slug: str,
    participant_id: str,
    next_token: Annotated[str | None, Query(max_length=400, description="the next, older page")] = None,
    lang: Annotated[str | None, Query(description="en, de or pl", max_length=8)] = None,
) -> Response[str]:
    visit = web.visit(router.current_event.raw_event, tenant_slug, Role.MANAGER)
    row = overview.participant_row(visit.signed_in, participant_id, store())
    visit.programme_id = row.participant.programme_id
    page = logic.subject_trail(
        visit.signed_in, participant_id, store(), trail(), limit=PER_PAGE, next_token=next_token
    )
    return web.render(
        visit,
        "participant_audit.html",
        participant=row.participant,
        trail=page,
        partners=_partners(visit.signed_in.require_tenant(), page),
    )


def _partners(tenant_id: str, page: AuditPage) -> dict[str, str]:
    """The names of the partner systems the page's entries name (a revoked one's name is gone: its id)."""
    if not any(e.partner_client_id for e in page.items):
        return {}
    from services.intake.machine_clients.store import MachineClientsStore

    return {c.client_id: c.name for c in MachineClientsStore().machine_clients(tenant_id)}
