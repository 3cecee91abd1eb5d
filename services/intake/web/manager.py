"""The manager's programme pages: `/app/{slug}/programmes` (the start page: the programmes, and a form to
open one), `.../programmes/{id}` (the dashboard: figures and next actions) and `.../programmes/{id}/settings`
(every setting, weights included). Applications are in `screening.py`, participants in `participants.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.intake import logic
from services.intake.deps import publisher, store
from services.intake.logic import overview
from services.intake.models import Programme
from services.intake.presets import PRESETS
from services.intake.settings import settings
from services.intake.web import programme_form, router, web
from services.intake.web.programme_form import ProgrammeValues
from shared.auth import Role
from shared.choices import label
from shared.errors import Conflict, RuleViolation
from shared.vocabulary import CRITERIA, KINDS, MATRIX_SKILLS, MODES, TRAITS
from shared.web.pages import Visit, page_responses

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: programmes"]


def _event() -> dict[str, object]:
    return router.current_event.raw_event


def form_choices(visit: Visit) -> dict[str, list[tuple[str, str]]]:
    """The programme form's choices, each with its words in the page's language."""
    return {
        "kind": [(k, visit.t(f"programme.kind.{k}")) for k in KINDS],
        "mode": [(m, label(visit.lang, "mode", m)) for m in MODES],
        "criteria": [(c, visit.t(f"programme.criterion.{c}")) for c in CRITERIA],
        "skill_matrix": [(s, label(visit.lang, "matrix_skill", s)) for s in MATRIX_SKILLS],
        "personality_traits": [(t, label(visit.lang, "trait", t)) for t in TRAITS],
    }


def _language_names(visit: Visit, values: ProgrammeValues) -> list[tuple[str, str]]:
    return [(code, label(visit.lang, "language", code)) for code in values.language_choices]


# --- the programmes ------------------------------------------------------------------------------------


def _programmes_page(
    visit: Visit, values: ProgrammeValues, errors: dict[str, str] | None = None, *, status: int = 200
) -> Response[str]:
    programmes = logic.list_programmes(visit.signed_in, store())
    waiting = overview.waiting_applications(visit.signed_in, programmes, store())
    return web.render(
        visit,
        "manager_programmes.html",
        status=status,
        programmes=programmes,
        waiting=waiting,
        values=values,
        errors=errors or {},
        choices=form_choices(visit),
        languages=_language_names(visit, values),
        presets=list(PRESETS.values()),
    )


@router.get(
    "/app/<tenant_slug>/programmes",
    tags=TAGS,
    summary="The manager's programmes, and a form to open one",
    responses=page_responses("the municipality's programmes"),
)
def programmes_page(
    tenant_slug: str,
    lang: Lang = None,
    preset: Annotated[
        str | None, Query(description="a seed profile to fill the new programme's form from", max_length=40)
    ] = None,
) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    tenant = store().tenant(visit.signed_in.require_tenant())
    default_language = tenant.default_language if tenant else "en"
    values = programme_form.new_programme_values(default_language, datetime.now(UTC).date())
    return _programmes_page(visit, programme_form.preset_values(values, preset or ""))


@router.post(
    "/app/<tenant_slug>/programmes",
    tags=TAGS,
    summary="Open a programme",
    responses=page_responses(
        "opened: on to its dashboard", status=303, _422="the form again, each mistake at its field"
    ),
)
def open_programme(tenant_slug: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    values = programme_form.posted_values(web.form(visit))
    try:
        programme = logic.open_programme(
            visit.signed_in, programme_form.as_create(values), store(), publisher()
        )
    except (ValidationError, RuleViolation) as exc:
        errors = programme_form.errors_of(exc, visit.t)
        return _programmes_page(visit, values, errors, status=422)
    target = visit.app_path("programmes", programme.programme_id)
    return web.redirect(visit, target, "programme.flash.opened", name=programme.name)


# --- one programme's dashboard ---------------------------------------------------------------------------


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>",
    tags=TAGS,
    summary="A programme's dashboard: figures and next actions",
    responses=page_responses("the programme's dashboard"),
)
def programme_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    figures = overview.programme_overview(visit.signed_in, programme_id, store())
    return web.render(
        visit,
        "manager_programme.html",
        programme=figures.programme,
        figures=figures,
        base=visit.app_path("programmes", programme_id),
    )


# --- its settings ----------------------------------------------------------------------------------------


def _settings_page(
    visit: Visit,
    programme: Programme,
    values: ProgrammeValues,
    errors: dict[str, str] | None = None,
    *,
    conflict: bool = False,
    status: int = 200,
) -> Response[str]:
    return web.render(
        visit,
        "manager_settings.html",
        status=status,
        programme=programme,
        values=values,
        errors=errors or {},
        conflict=conflict,
        choices=form_choices(visit),
        languages=_language_names(visit, values),
        form_links=logic.form_links(settings.public_base_url, programme),
    )


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/settings",
    tags=TAGS,
    summary="A programme's settings",
    responses=page_responses("every setting of the programme, in a form"),
)
def settings_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    programme = logic.get_programme(visit.signed_in, programme_id, store())
    return _settings_page(visit, programme, programme_form.programme_values(programme))


@router.post(
    "/app/<tenant_slug>/programmes/<programme_id>/settings",
    tags=TAGS,
    summary="Change a programme's settings",
    responses=page_responses(
        "saved: on to the settings again",
        status=303,
        _409="someone changed the programme meanwhile: the form with their values, saying so",
        _422="the form again, each mistake at its field",
    ),
)
def change_settings(tenant_slug: str, programme_id: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    values = programme_form.posted_values(web.form(visit))
    caller = visit.signed_in
    try:
        saved = logic.change_programme(
            caller, programme_id, programme_form.as_patch(values), store(), publisher()
        )
    except (ValidationError, RuleViolation) as exc:
        programme = logic.get_programme(caller, programme_id, store())
        return _settings_page(visit, programme, values, programme_form.errors_of(exc, visit.t), status=422)
    except Conflict:
        # Another manager saved first: show what is stored now, and say so; nothing of theirs is lost.
        programme = logic.get_programme(caller, programme_id, store())
        values = programme_form.programme_values(programme)
        return _settings_page(visit, programme, values, conflict=True, status=409)
    target = visit.app_path("programmes", programme_id, "settings")
    return web.redirect(visit, target, "programme.flash.saved", name=saved.name)
