"""The manager's partner systems pages (`/app/{slug}/partner-systems`): the municipality's machine clients,
a form to register one (its secret shown once, on the answer page, and never again), and revoking one after
a confirmation. Only the municipality's managers reach them (others: the 403 page); another municipality's
client is the 404 page. They call the part's `logic` directly, never the API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.intake.deps import publisher
from services.intake.machine_clients import logic
from services.intake.machine_clients.api import app_clients
from services.intake.machine_clients.models import MachineClientCreate
from services.intake.machine_clients.routing import router
from services.intake.machine_clients.store import MachineClientsStore
from services.intake.settings import settings
from shared.auth import Role
from shared.i18n import Catalogues
from shared.web.pages import Visit, WebPages, page_responses

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
TAGS = ["web: partner systems"]
Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]


def _visit(slug: str) -> Visit:
    return web.visit(router.current_event.raw_event, slug, Role.MANAGER)


def _list_page(
    visit: Visit, *, status: int = 200, errors: dict[str, str] | None = None, name: str = ""
) -> Response[str]:
    clients = logic.client_rows(visit.signed_in, MachineClientsStore())
    return web.render(
        visit,
        "partner_systems.html",
        status=status,
        clients=clients,
        errors=errors or {},
        values={"name": name},
    )


@router.get(
    "/app/<tenant_slug>/partner-systems",
    tags=TAGS,
    summary="The municipality's partner systems (machine clients), and a form to register one (managers)",
    responses=page_responses("the partner systems"),
)
def partner_systems_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    return _list_page(_visit(tenant_slug))


@router.post(
    "/app/<tenant_slug>/partner-systems",
    tags=TAGS,
    summary="Register a partner system: its client id and secret are shown once (managers)",
    responses=page_responses(
        "registered: the client id, the secret (this once), the token URL and the scope",
        _422="the list again, with the mistake at its field",
    ),
)
def register_partner_system(tenant_slug: str) -> Response[str]:
    visit = _visit(tenant_slug)
    fields = web.form(visit)
    name = (fields.get("name") or [""])[0].strip()
    try:
        body = MachineClientCreate(name=name)
    except ValidationError:
        return _list_page(
            visit, status=422, errors={"name": visit.t("partner_systems.error.name")}, name=name
        )
    registered = logic.register_client(
        visit.signed_in,
        body,
        app_clients(),
        MachineClientsStore(),
        publisher(),
        token_endpoint=settings.oauth_token_url,
    )
    # Rendered here, not after a redirect: the secret is in this answer only (never kept, never in a cookie).
    return web.render(visit, "partner_system_registered.html", client=registered)


def _one(visit: Visit, client_id: str) -> dict[str, Any]:
    return {"client": logic.read_client(visit.signed_in, client_id, MachineClientsStore())}


@router.get(
    "/app/<tenant_slug>/partner-systems/<client_id>",
    tags=TAGS,
    summary="One partner system, and a button to revoke it (managers)",
    responses=page_responses("the partner system and the revoke confirmation"),
)
def partner_system_page(tenant_slug: str, client_id: str, lang: Lang = None) -> Response[str]:
    visit = _visit(tenant_slug)
    return web.render(visit, "partner_system.html", **_one(visit, client_id))


@router.post(
    "/app/<tenant_slug>/partner-systems/<client_id>",
    tags=TAGS,
    summary="Revoke a partner system: its tokens are refused from now on (managers)",
    responses=page_responses("revoked: back to the partner systems", status=303),
)
def revoke_partner_system(tenant_slug: str, client_id: str) -> Response[str]:
    visit = _visit(tenant_slug)
    web.form(visit)
    logic.revoke_client(visit.signed_in, client_id, app_clients(), MachineClientsStore(), publisher())
    return web.redirect(visit, visit.app_path("partner-systems"), "partner_systems.flash.revoked")
