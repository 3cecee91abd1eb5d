"""The privacy part's pages: from the manager's participant page, "Export data" and "Erase…" (a reason,
a confirmation) on to a status page per export and erasure; for everyone signed in, "My data" with
"Download my data". Pages call the part's logic directly, never the API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.intake.deps import directory, publisher, store
from services.intake.logic import participants as participant_logic
from services.intake.privacy import logic
from services.intake.privacy.deps import privacy_store
from services.intake.privacy.routing import router
from services.intake.privacy.schemas import ErasureCreate
from shared.auth import Role
from shared.events.catalog.privacy import ERASURE_REASONS
from shared.i18n import Catalogues
from shared.web.pages import Visit, WebPages, page_responses

HERE = Path(__file__).parent
INTAKE_TEMPLATES = HERE.parent / "web" / "templates"  # the manager's form macros
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"), INTAKE_TEMPLATES)

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: privacy"]
EVERYONE = (Role.MANAGER, Role.TRAINER, Role.MENTOR, Role.MENTEE)


def _event() -> dict[str, object]:
    return router.current_event.raw_event


@router.post(
    "/app/<tenant_slug>/participants/<participant_id>/export",
    tags=TAGS,
    summary="Export everything held about a participant's person",
    responses=page_responses("asked of every service: on to the export's page", status=303),
)
def export_participant(tenant_slug: str, participant_id: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    web.form(visit)
    view = logic.request_export(visit.signed_in, participant_id, privacy_store(), store(), publisher())
    return web.redirect(visit, visit.app_path("exports", view.export_id))


def _erasure_form(
    visit: Visit, participant_id: str, *, errors: dict[str, str], values: dict[str, str], status: int = 200
) -> Response[str]:
    participant = participant_logic.read_participant(visit.signed_in, participant_id, store())
    visit.programme_id = participant.programme_id
    return web.render(
        visit,
        "privacy_erasure_form.html",
        status=status,
        participant=participant,
        reasons=[(r, visit.t(f"privacy.erasure.reason.{r}")) for r in ERASURE_REASONS],
        errors=errors,
        values=values,
    )


@router.get(
    "/app/<tenant_slug>/participants/<participant_id>/erasure",
    tags=TAGS,
    summary="Erase a participant's person: the reason and a confirmation",
    responses=page_responses("the erasure form"),
)
def erasure_form(tenant_slug: str, participant_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    return _erasure_form(visit, participant_id, errors={}, values={"reason": "", "note": "", "confirm": ""})


@router.post(
    "/app/<tenant_slug>/participants/<participant_id>/erasure",
    tags=TAGS,
    summary="Erase a participant's person in every service",
    responses=page_responses(
        "asked of every service: on to the erasure's page",
        status=303,
        _422="the form again, with what is missing",
    ),
)
def erase_participant(tenant_slug: str, participant_id: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    form = web.form(visit)
    values = {
        "reason": (form.get("reason") or [""])[0],
        "note": (form.get("note") or [""])[0][:2000],
        "confirm": (form.get("confirm") or [""])[0],
    }
    errors: dict[str, str] = {}
    body = None
    try:
        body = ErasureCreate(reason=values["reason"], note=values["note"] or None)
    except ValidationError as exc:
        for field in sorted({str(e["loc"][0]) for e in exc.errors(include_input=False)}):
            errors[field] = visit.t(f"privacy.erasure.error.{field}")
    if values["confirm"] != "yes":
        errors["confirm"] = visit.t("privacy.erasure.error.confirm")
    if errors or body is None:
        return _erasure_form(visit, participant_id, errors=errors, values=values, status=422)
    view = logic.request_erasure(
        visit.signed_in, participant_id, body, privacy_store(), store(), directory(), publisher()
    )
    return web.redirect(visit, visit.app_path("erasures", view.erasure_id))


@router.get(
    "/app/<tenant_slug>/exports/<export_id>",
    tags=TAGS,
    summary="An export: each service's part, and the download links when complete",
    responses=page_responses("the export"),
)
def export_page(tenant_slug: str, export_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *EVERYONE)
    view = logic.read_export(visit.signed_in, export_id, privacy_store())
    return web.render(visit, "privacy_export.html", export=view)


@router.get(
    "/app/<tenant_slug>/erasures/<erasure_id>",
    tags=TAGS,
    summary="An erasure: each service done or pending",
    responses=page_responses("the erasure"),
)
def erasure_page(tenant_slug: str, erasure_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    view = logic.read_erasure(visit.signed_in, erasure_id, privacy_store())
    return web.render(visit, "privacy_erasure.html", erasure=view)


@router.get(
    "/app/<tenant_slug>/me/privacy",
    tags=TAGS,
    summary="My data: download everything Tandem holds about me",
    responses=page_responses("my data"),
)
def my_privacy(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *EVERYONE)
    return web.render(visit, "privacy_me.html")


@router.post(
    "/app/<tenant_slug>/me/privacy",
    tags=TAGS,
    summary="Download my data: the export is asked of every service",
    responses=page_responses("asked of every service: on to the export's page", status=303),
)
def export_me(tenant_slug: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *EVERYONE)
    web.form(visit)
    view = logic.request_export(visit.signed_in, None, privacy_store(), store(), publisher())
    return web.redirect(visit, visit.app_path("exports", view.export_id))
