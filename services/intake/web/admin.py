"""The network admin's pages, `/app/network/...`: the municipalities, adding one, and one municipality's
managers and audit trail. The admin sees nobody else of a municipality (no participants, no applicants).

The paths are `/app/{tenant_slug}/municipalities...` (API Gateway allows one path variable per level under
a parent, and `/app/{tenant_slug}` is the parent of every municipality's pages); only `network` serves
them, any other slug answers the 404 page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.intake import logic
from services.intake.deps import directory, publisher, store
from services.intake.models import Tenant
from services.intake.schemas import TenantCreate, UserCreate
from services.intake.web import router, web
from services.intake.web.sign_in import NETWORK_SLUG
from shared.auth import Role
from shared.errors import Conflict, NotFound
from shared.web.pages import Visit, page_responses

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: network admin"]
#: The new municipality's fields, in the form's order (the error summary follows it).
TENANT_FIELDS = ("name", "slug", "default_language", "languages", "timezone")
MANAGER_FIELDS = ("given_name", "family_name", "email", "language")


def _admin_visit(tenant_slug: str) -> Visit:
    """Only `/app/network/...`: a municipality's slug has no such pages. Anyone but the network admin is
    sent to the network's sign-in (the same answer as a page of another municipality)."""
    if tenant_slug != NETWORK_SLUG:
        raise NotFound("No such page.")
    return web.visit(router.current_event.raw_event, None, Role.ADMIN)


def _first(fields: Mapping[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0].strip()


def _codes(text: str) -> list[str]:
    """`de, en uk` → ["de", "en", "uk"]: commas or spaces between language codes, case ignored."""
    return [code for code in text.replace(",", " ").lower().split() if code]


def _errors(visit: Visit, exc: ValidationError, order: tuple[str, ...], prefix: str) -> dict[str, str]:
    """Each field's first mistake in words (`admin.error.<form>.<field>`), in the form's order."""
    found: dict[str, str] = {}
    for error in exc.errors():
        loc = [str(part) for part in error["loc"] if isinstance(part, str)]
        # The model's own check (the default among the languages) has no location: it is the default's.
        name = loc[0] if loc else "default_language"
        if name not in order or name in found:
            continue
        key = f"admin.error.{prefix}.{name}"
        if name == "slug" and error["type"] == "value_error":
            key = "admin.error.tenant.slug_reserved"
        found[name] = visit.t(key)
    return {name: found[name] for name in order if name in found}


# --- the municipalities -----------------------------------------------------------------------------


def _municipalities(
    visit: Visit,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Response[str]:
    tenants = sorted(logic.list_tenants(visit.signed_in, store()), key=lambda t: t.name.lower())
    return web.render(
        visit,
        "admin_municipalities.html",
        status=422 if errors else 200,
        tenants=tenants,
        values={"timezone": "Europe/Berlin", "languages": "", **(values or {})},
        errors=dict(errors or {}),
    )


@router.get(
    "/app/<tenant_slug>/municipalities",
    tags=TAGS,
    summary="The municipalities, and a form to add one (network admin)",
    responses=page_responses("the municipalities and the form"),
)
def municipalities(tenant_slug: str, lang: Lang = None) -> Response[str]:
    return _municipalities(_admin_visit(tenant_slug))


@router.post(
    "/app/<tenant_slug>/municipalities",
    tags=TAGS,
    summary="Add a municipality (network admin)",
    responses=page_responses(
        "added: on to its page", status=303, _422="the form again, with each mistake at its field"
    ),
)
def add_municipality(tenant_slug: str) -> Response[str]:
    visit = _admin_visit(tenant_slug)
    fields = web.form(visit)
    values = {name: _first(fields, name)[:200] for name in TENANT_FIELDS}
    values["slug"] = values["slug"].lower()
    values["default_language"] = values["default_language"].lower()
    body: dict[str, Any] = {**values, "languages": _codes(values["languages"])}
    if not body["timezone"]:
        del body["timezone"]
    try:
        created = TenantCreate.model_validate(body)
    except ValidationError as exc:
        return _municipalities(visit, values=values, errors=_errors(visit, exc, TENANT_FIELDS, "tenant"))
    try:
        tenant = logic.create_tenant(visit.signed_in, created, store(), publisher())
    except Conflict:
        taken = visit.t("admin.error.tenant.slug_taken", slug=created.slug)
        return _municipalities(visit, values=values, errors={"slug": taken})
    return web.redirect(
        visit,
        visit.app_path("municipalities", tenant.tenant_id),
        "admin.flash.municipality_added",
        name=tenant.name,
    )


# --- one municipality -------------------------------------------------------------------------------


def _tenant(visit: Visit, tenant_id: str) -> Tenant:
    return logic.get_tenant(visit.signed_in, tenant_id, store())


def _municipality(
    visit: Visit,
    tenant: Tenant,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Response[str]:
    managers = logic.managers_of(visit.signed_in, tenant.tenant_id, store())
    trail = logic.audit_trail(visit.signed_in, tenant.tenant_id, store())
    names = {m.person_id: f"{m.given_name} {m.family_name}" for m in managers}
    return web.render(
        visit,
        "admin_municipality.html",
        status=422 if errors else 200,
        tenant=tenant,
        managers=managers,
        trail=sorted(trail, key=lambda entry: entry.at, reverse=True),
        names=names,
        values={"language": tenant.default_language, **(values or {})},
        errors=dict(errors or {}),
    )


@router.get(
    "/app/<tenant_slug>/municipalities/<tenant_id>",
    tags=TAGS,
    summary="One municipality: its managers, a form to add one, its audit trail (network admin)",
    responses=page_responses("the municipality"),
)
def municipality(tenant_slug: str, tenant_id: str, lang: Lang = None) -> Response[str]:
    visit = _admin_visit(tenant_slug)
    return _municipality(visit, _tenant(visit, tenant_id))


@router.post(
    "/app/<tenant_slug>/municipalities/<tenant_id>",
    tags=TAGS,
    summary="Add a manager to a municipality (network admin)",
    responses=page_responses(
        "added: the page again, saying so", status=303, _422="the form again, with each mistake at its field"
    ),
)
def add_manager(tenant_slug: str, tenant_id: str) -> Response[str]:
    visit = _admin_visit(tenant_slug)
    tenant = _tenant(visit, tenant_id)
    fields = web.form(visit)
    values = {name: _first(fields, name)[:254] for name in MANAGER_FIELDS}
    values["language"] = values["language"].lower()
    try:
        body = UserCreate.model_validate({**values, "role": "manager", "tenant_id": tenant.tenant_id})
    except ValidationError as exc:
        errors = _errors(visit, exc, MANAGER_FIELDS, "manager")
        return _municipality(visit, tenant, values=values, errors=errors)
    try:
        user = logic.create_user(visit.signed_in, body, store(), directory(), publisher())
    except Conflict:
        taken = visit.t("admin.error.manager.email_taken", email=body.email)
        return _municipality(visit, tenant, values=values, errors={"email": taken})
    return web.redirect(
        visit,
        visit.app_path("municipalities", tenant.tenant_id),
        "admin.flash.manager_added",
        name=f"{user.given_name} {user.family_name}",
        email=user.email,
    )
