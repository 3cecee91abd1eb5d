"""The workshops' pages. The manager's, a tab of each programme: `/app/{slug}/programmes/{id}/workshops`
(the workshops, and a form to plan one) and `.../workshops/{workshop_id}` (who signed up, attendance,
cancelling). A participant's: `/app/{slug}/workshops`, their audience's upcoming workshops with a button to
sign up or withdraw. They call `logic` directly."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.intake import logic as intake_logic
from services.intake.deps import publisher
from services.intake.workshops import logic
from services.intake.workshops.models import AUDIENCE_ROLE, AttendanceWrite, WorkshopPlan, WorkshopView
from services.intake.workshops.routing import router
from services.intake.workshops.store import WorkshopsStore
from shared.auth import Role
from shared.errors import RuleViolation
from shared.i18n import Catalogues
from shared.web.pages import Visit, WebPages, page_responses

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
TAGS = ["web: workshops"]
Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
LIST = "/app/<tenant_slug>/programmes/<programme_id>/workshops"
ONE = "/app/<tenant_slug>/programmes/<programme_id>/workshops/<workshop_id>"
FIELDS = ("title", "audience", "day", "starts", "ends", "where", "place", "capacity")


def _event() -> dict[str, Any]:
    return router.current_event.raw_event


def _zone(visit: Visit, store: WorkshopsStore) -> str:
    tenant = store.tenant(visit.signed_in.require_tenant())
    return tenant.timezone if tenant else "Europe/Berlin"


def _first(fields: dict[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0].strip()


# --- the manager's -------------------------------------------------------------------------------------


def _plan_of(values: dict[str, str], zone: str) -> WorkshopPlan:
    """The plan the form describes; its times are the municipality's wall clock."""
    errors: dict[str, str] = {name: name for name in ("title", "audience") if not values[name]}
    try:
        day = date.fromisoformat(values["day"])
    except ValueError:
        errors["day"] = "day"
    times: dict[str, time] = {}
    for name in ("starts", "ends"):
        try:
            times[name] = time.fromisoformat(values[name])
        except ValueError:
            errors[name] = name
    if errors:
        raise _FormErrors(errors)
    tz = ZoneInfo(zone)
    online = values["where"] == "online"
    return WorkshopPlan(
        title=values["title"],
        audience=values["audience"],
        starts_at=datetime.combine(day, times["starts"], tz),
        ends_at=datetime.combine(day, times["ends"], tz),
        place=None if online else (values["place"] or None),
        online=online,
        capacity=int(values["capacity"]) if values["capacity"].isdigit() else None,
    )


class _FormErrors(Exception):
    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields


def _errors_of(exc: ValidationError) -> dict[str, str]:
    found: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        message = str(error.get("msg", ""))
        if name in ("starts_at", "ends_at") or "ends_at" in message:
            found.setdefault("ends", "ends")
        elif name in ("place", "online") or "place" in message:
            found.setdefault("place", "place")
        elif name in FIELDS:
            found.setdefault(name, name)
    return found or {"title": "title"}


def _workshops_page(
    visit: Visit,
    programme_id: str,
    store: WorkshopsStore,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response[str]:
    programme = intake_logic.get_programme(visit.signed_in, programme_id, store)
    workshops = logic.list_workshops(visit.signed_in, programme_id, store)
    return web.render(
        visit,
        "workshops_manager.html",
        status=status,
        programme=programme,
        workshops=workshops,
        zone=_zone(visit, store),
        values=values or {"audience": "mentors", "where": "place"},
        errors={name: visit.t(f"workshops.error.{code}") for name, code in (errors or {}).items()},
    )


@router.get(
    LIST,
    tags=TAGS,
    summary="A programme's workshops, and a form to plan one",
    responses=page_responses("the workshops"),
)
def workshops_page(tenant_slug: str, programme_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    return _workshops_page(visit, programme_id, WorkshopsStore())


@router.post(
    LIST,
    tags=TAGS,
    summary="Plan a workshop for the programme's mentors or its mentees",
    responses=page_responses(
        "planned: on to it", status=303, _422="the form again, each mistake at its field"
    ),
)
def plan_workshop(tenant_slug: str, programme_id: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    store = WorkshopsStore()
    fields = web.form(visit)
    values = {name: _first(fields, name) for name in FIELDS}
    try:
        body = _plan_of(values, _zone(visit, store))
    except _FormErrors as exc:
        return _workshops_page(visit, programme_id, store, values=values, errors=exc.fields, status=422)
    except ValidationError as exc:
        return _workshops_page(visit, programme_id, store, values=values, errors=_errors_of(exc), status=422)
    planned = logic.plan_workshop(visit.signed_in, programme_id, body, store, publisher())
    target = visit.app_path("programmes", programme_id, "workshops", planned.workshop_id)
    return web.redirect(visit, target, "workshops.flash.planned")


def _workshop_page(
    visit: Visit,
    programme_id: str,
    workshop: WorkshopView,
    store: WorkshopsStore,
    *,
    refused: str | None = None,
    status: int = 200,
) -> Response[str]:
    if workshop.programme_id != programme_id:
        workshop = logic.read_workshop(visit.signed_in, "-", store)  # another programme's: not found here
    people = intake_logic.list_participants(
        visit.signed_in, store, programme_id=programme_id, role=AUDIENCE_ROLE[workshop.audience]
    )
    signed = {s.participant_id for s in workshop.sign_ups}
    marks = {a.participant_id: a.mark for a in workshop.attendance}
    return web.render(
        visit,
        "workshop_manager.html",
        status=status,
        programme=intake_logic.get_programme(visit.signed_in, programme_id, store),
        workshop=workshop,
        zone=_zone(visit, store),
        people=sorted(people, key=lambda p: (p.participant_id not in signed, p.family_name, p.given_name)),
        signed=signed,
        marks=marks,
        begun=workshop.starts_at <= datetime.now(workshop.starts_at.tzinfo),
        refused=refused,
    )


@router.get(
    ONE, tags=TAGS, summary="A workshop: who signed up, attendance", responses=page_responses("the workshop")
)
def workshop_page(tenant_slug: str, programme_id: str, workshop_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    store = WorkshopsStore()
    return _workshop_page(
        visit, programme_id, logic.read_workshop(visit.signed_in, workshop_id, store), store
    )


@router.post(
    ONE,
    tags=TAGS,
    summary="Record a workshop's attendance, or cancel it",
    responses=page_responses("saved: back to the workshop", status=303, _422="the workshop, saying why not"),
)
def change_workshop(tenant_slug: str, programme_id: str, workshop_id: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    store = WorkshopsStore()
    current = logic.read_workshop(visit.signed_in, workshop_id, store)
    if current.programme_id != programme_id:
        return _workshop_page(visit, programme_id, current, store)
    fields = web.form(visit)
    target = visit.app_path("programmes", programme_id, "workshops", workshop_id)
    try:
        if _first(fields, "action") == "cancel":
            logic.cancel_workshop(visit.signed_in, workshop_id, store, publisher())
            return web.redirect(visit, target, "workshops.flash.cancelled")
        marks = {
            name.removeprefix("mark-"): _first(fields, name) for name in fields if name.startswith("mark-")
        }
        body = AttendanceWrite(
            attended=[pid for pid, mark in marks.items() if mark == "attended"],
            absent=[pid for pid, mark in marks.items() if mark == "absent"],
        )
        if not body.attended and not body.absent:
            raise RuleViolation("Mark at least one person.", rule="nobody_marked")
        logic.record_attendance(visit.signed_in, workshop_id, body, store, publisher())
    except RuleViolation as refused:
        text = visit.t(f"workshops.refused.{refused.extensions.get('rule')}")
        return _workshop_page(visit, programme_id, current, store, refused=text, status=422)
    return web.redirect(visit, target, "workshops.flash.attendance")


# --- a participant's -----------------------------------------------------------------------------------


@router.get(
    "/app/<tenant_slug>/workshops",
    tags=TAGS,
    summary="My upcoming workshops, to sign up or withdraw",
    responses=page_responses("the upcoming workshops of my programmes"),
)
def my_workshops_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MENTOR, Role.MENTEE)
    store = WorkshopsStore()
    return _my_page(visit, store)


def _my_page(
    visit: Visit, store: WorkshopsStore, *, refused: str | None = None, status: int = 200
) -> Response[str]:
    workshops = logic.my_workshops(visit.signed_in, store)
    return web.render(
        visit,
        "my_workshops.html",
        status=status,
        workshops=workshops,
        zone=_zone(visit, store),
        refused=refused,
    )


@router.post(
    "/app/<tenant_slug>/workshops",
    tags=TAGS,
    summary="Sign up for a workshop, or withdraw",
    responses=page_responses("done: back to my workshops", status=303, _422="my workshops, saying why not"),
)
def sign_up_or_withdraw(tenant_slug: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MENTOR, Role.MENTEE)
    store = WorkshopsStore()
    fields = web.form(visit)
    workshop_id = _first(fields, "workshop_id")
    try:
        if _first(fields, "action") == "withdraw":
            logic.withdraw(visit.signed_in, workshop_id or "-", store)
            flash = "workshops.flash.withdrawn"
        else:
            logic.sign_up(visit.signed_in, workshop_id or "-", store)
            flash = "workshops.flash.signed_up"
    except RuleViolation as refused:
        text = visit.t(f"workshops.refused.{refused.extensions.get('rule')}")
        return _my_page(visit, store, refused=text, status=422)
    return web.redirect(visit, visit.app_path("workshops"), flash)
