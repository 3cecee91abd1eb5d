"""Participants on the manager's and the trainer's pages: a programme's participants (`.../programmes/{id}/
participants`), everyone the caller may see (`/app/{slug}/participants`, the trainer's start page, with a
programme filter) and one participant (`/app/{slug}/participants/{id}`: training records and a form to
record a module). A trainer sees mentors only, as the API lets them (logic.list_participants).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.intake import logic
from services.intake.deps import publisher, store
from services.intake.employers.web import section as employer_section
from services.intake.logic import overview
from services.intake.logic.overview import ParticipantRow
from services.intake.schemas import TrainingCreate
from services.intake.web import router, web
from shared.auth import Role
from shared.errors import RuleViolation
from shared.web.pages import Visit, page_responses

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: participants"]
ROLES = ("mentee", "mentor")


def _event() -> dict[str, object]:
    return router.current_event.raw_event


def module_name(visit: Visit, module: str) -> str:
    """A training module in words where the catalogue knows it; a programme's own module as written."""
    key = f"participants.module.{module}"
    return visit.t(key) if web.has_text(key) else module


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/participants",
    tags=TAGS,
    summary="A programme's participants: role, training, match",
    responses=page_responses("the programme's participants"),
)
def programme_participants_page(
    tenant_slug: str,
    programme_id: str,
    role: Annotated[str | None, Query(description="mentee or mentor", max_length=20)] = None,
    lang: Lang = None,
) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    caller = visit.signed_in
    programme = logic.get_programme(caller, programme_id, store())
    chosen = role if role in ROLES else None
    people = logic.list_participants(caller, store(), programme_id=programme_id, role=chosen)
    rows = overview.participant_rows(caller, people, store())
    return web.render(
        visit,
        "manager_participants.html",
        programme=programme,
        rows=rows,
        role=chosen or "",
        roles=ROLES,
        choices=[],
        chosen_programme="",
    )


@router.get(
    "/app/<tenant_slug>/participants",
    tags=TAGS,
    summary="Every participant the caller may see (a trainer: the mentors), by programme",
    responses=page_responses("the participants"),
)
def participants_page(
    tenant_slug: str,
    programme_id: Annotated[str | None, Query(description="only this programme's", max_length=64)] = None,
    lang: Lang = None,
) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, Role.TRAINER)
    caller = visit.signed_in
    choices = overview.programme_choices(caller, store())
    chosen = programme_id if programme_id in {pid for pid, _ in choices} else None
    people = logic.list_participants(caller, store(), programme_id=chosen, role=None)
    rows = overview.participant_rows(caller, people, store())
    return web.render(
        visit,
        "manager_participants.html",
        programme=None,
        rows=rows,
        role="",
        roles=ROLES,
        choices=choices,
        chosen_programme=chosen or "",
    )


# --- one participant ---------------------------------------------------------------------------------


def _participant_page(
    visit: Visit,
    row: ParticipantRow,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response[str]:
    programme = row.programme
    modules = list(programme.required_training_modules) if programme else []
    return web.render(
        visit,
        "manager_participant.html",
        status=status,
        row=row,
        participant=row.participant,
        modules=[(m, module_name(visit, m)) for m in modules],
        module_name=lambda m: module_name(visit, m),
        errors=errors or {},
        values=values
        or {"module": "", "completed_on": datetime.now(UTC).date().isoformat(), "passed": "yes"},
        manager=visit.signed_in.has(Role.MANAGER),
        **employer_section(visit.signed_in, row.participant),
    )


def _participant_visit(tenant_slug: str, participant_id: str) -> tuple[Visit, ParticipantRow]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, Role.TRAINER)
    row = overview.participant_row(visit.signed_in, participant_id, store())
    if visit.signed_in.has(Role.MANAGER):
        visit.programme_id = row.participant.programme_id  # the programme's tabs (a trainer has none)
    return visit, row


@router.get(
    "/app/<tenant_slug>/participants/<participant_id>",
    tags=TAGS,
    summary="A participant: programme, match, and a mentor's training records",
    responses=page_responses("the participant"),
)
def participant_page(tenant_slug: str, participant_id: str, lang: Lang = None) -> Response[str]:
    visit, row = _participant_visit(tenant_slug, participant_id)
    return _participant_page(visit, row)


@router.post(
    "/app/<tenant_slug>/participants/<participant_id>",
    tags=TAGS,
    summary="Record a mentor's training module",
    responses=page_responses(
        "recorded: on to the participant again", status=303, _422="the form again, the mistake at its field"
    ),
)
def record_training(tenant_slug: str, participant_id: str) -> Response[str]:
    visit, row = _participant_visit(tenant_slug, participant_id)
    form = web.form(visit)
    values = {
        "module": (form.get("module") or [""])[0].strip()[:80],
        "completed_on": (form.get("completed_on") or [""])[0].strip()[:10],
        "passed": (form.get("assessment_passed") or [""])[0],
    }
    try:
        body = TrainingCreate(
            module=values["module"],
            completed_on=values["completed_on"],
            assessment_passed=values["passed"] == "yes",
        )
        saved = logic.record_training(visit.signed_in, participant_id, body, store(), publisher())
    except (ValidationError, RuleViolation) as exc:
        if isinstance(exc, RuleViolation) and exc.extensions.get("rule") != "not_in_future":
            raise  # not a mistake in the form (training of a mentee): the rule's own page
        fields = (
            [str(e["loc"][0]) for e in exc.errors(include_input=False)]
            if isinstance(exc, ValidationError)
            else [str(e.get("field")) for e in exc.extensions.get("errors", [])]
        )
        shown = [f for f in ("module", "completed_on") if f in fields] or ["module"]
        future = isinstance(exc, RuleViolation) and exc.extensions.get("rule") == "not_in_future"
        errors: dict[str, str] = {
            f: visit.t("participants.error.future" if future else f"participants.error.{f}") for f in shown
        }
        return _participant_page(visit, row, errors=errors, values=values, status=422)
    here = visit.app_path("participants", participant_id)
    flash = "participants.flash.qualified" if saved.eligible and not row.participant.eligible else None
    return web.redirect(
        visit, here, flash or "participants.flash.recorded", module=module_name(visit, body.module)
    )
