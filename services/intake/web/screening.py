"""Screening on the manager's pages: a programme's applications (`.../programmes/{id}/applications`, with
filters and pages) and one application (`/app/{slug}/applications/{id}`: every answer, the interview notes,
a note to add, and accept / wait-list / reject). The digest e-mail links to both.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.intake import logic, metrics
from services.intake.deps import directory, publisher, store
from services.intake.schemas import ApplicationDetail, DecisionCreate, NoteCreate
from services.intake.web import router, web
from services.intake.web.answers import answer_sections
from shared.auth import Role
from shared.errors import Conflict
from shared.web.pages import Visit, page_responses

Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
TAGS = ["web: applications"]
STATUSES = ("submitted", "accepted", "waitlisted", "rejected")
ROLES = ("mentee", "mentor")
PAGE_SIZE = 25
#: What a decision may change: a wait-listed application may still be accepted or rejected.
DECIDABLE = {"submitted": ("accepted", "waitlisted", "rejected"), "waitlisted": ("accepted", "rejected")}


def _event() -> dict[str, object]:
    return router.current_event.raw_event


@router.get(
    "/app/<tenant_slug>/programmes/<programme_id>/applications",
    tags=TAGS,
    summary="A programme's applications, filtered by status and role, a page at a time",
    responses=page_responses("the applications", _422="a page token from elsewhere"),
)
def applications_page(
    tenant_slug: str,
    programme_id: str,
    status: Annotated[
        str | None, Query(description="submitted, accepted, waitlisted or rejected", max_length=20)
    ] = None,
    role: Annotated[str | None, Query(description="mentee or mentor", max_length=20)] = None,
    page: Annotated[str | None, Query(description="the next page's token", max_length=2000)] = None,
    lang: Lang = None,
) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER, programme_id=programme_id)
    caller = visit.signed_in
    programme = logic.get_programme(caller, programme_id, store())
    # An unknown filter value shows everything rather than an error page: it came from an edited address.
    chosen_status = status if status in STATUSES else None
    chosen_role = role if role in ROLES else None
    query = logic.ApplicationQuery(
        programme_id=programme_id, status=chosen_status, role=chosen_role, limit=PAGE_SIZE, next_token=page
    )
    found = logic.list_applications(caller, store(), query)
    return web.render(
        visit,
        "manager_applications.html",
        programme=programme,
        applications=found.items,
        status_filter=chosen_status or "",
        role=chosen_role or "",
        statuses=STATUSES,
        roles=ROLES,
        next_page=visit.with_query(page=found.next_token) if found.next_token else None,
        first_page=visit.with_query(page=None) if page else None,
    )


# --- one application ---------------------------------------------------------------------------------


def _application_page(
    visit: Visit,
    detail: ApplicationDetail,
    *,
    errors: dict[str, str] | None = None,
    note: str = "",
    reason: str = "",
    problem: str | None = None,
    status: int = 200,
) -> Response[str]:
    application = detail.application
    programme = store().programme(application.tenant_id, application.programme_id)
    return web.render(
        visit,
        "manager_application.html",
        status=status,
        application=application,
        programme=programme,
        notes=sorted(detail.notes, key=lambda n: n.written_at),
        sections=answer_sections(application, visit),
        decisions=DECIDABLE.get(application.status, ()),
        errors=errors or {},
        note=note,
        reason=reason,
        problem=problem,
        programme_path=visit.app_path("programmes", application.programme_id),
    )


@router.get(
    "/app/<tenant_slug>/applications/<application_id>",
    tags=TAGS,
    summary="An application: every answer, the interview notes, and the decision",
    responses=page_responses("the application"),
)
def application_page(tenant_slug: str, application_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    detail = logic.read_application(visit.signed_in, application_id, store())
    visit.programme_id = detail.application.programme_id
    return _application_page(visit, detail)


@router.post(
    "/app/<tenant_slug>/applications/<application_id>",
    tags=TAGS,
    summary="Add an interview note, or decide (accept, wait-list, reject)",
    responses=page_responses(
        "noted or decided: on to the application again",
        status=303,
        _409="decided by someone else meanwhile: the application as it is now, saying so",
        _422="the form again, the mistake at its field",
    ),
)
def act_on_application(tenant_slug: str, application_id: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    form = web.form(visit)
    caller = visit.signed_in
    detail = logic.read_application(caller, application_id, store())
    visit.programme_id = detail.application.programme_id
    here = visit.app_path("applications", application_id)
    decision = (form.get("decision") or [""])[0]
    if decision:
        reason = (form.get("reason") or [""])[0].strip()
        try:
            body = DecisionCreate(decision=decision, reason=reason or None)
        except ValidationError as exc:
            field = "reason" if any(e["loc"][:1] == ("reason",) for e in exc.errors()) else "decision"
            errors = {field: visit.t(f"applications.error.{field}")}
            return _application_page(visit, detail, errors=errors, reason=reason[:600], status=422)
        try:
            decided = logic.decide_application(
                caller, application_id, body, store(), directory(), publisher()
            )
        except Conflict:
            fresh = logic.read_application(caller, application_id, store())
            words = visit.t(
                "applications.conflict", status=visit.t(f"applications.status.{fresh.application.status}")
            )
            return _application_page(visit, fresh, problem=words, status=409)
        metrics.count(metrics.APPLICATIONS_DECIDED)
        return web.redirect(visit, here, f"applications.flash.{decided.status}")
    text = (form.get("text") or [""])[0]
    try:
        note = NoteCreate(text=text)
    except ValidationError:
        key = "applications.error.note_long" if text.strip() else "applications.error.note_empty"
        return _application_page(visit, detail, errors={"text": visit.t(key)}, note=text[:2200], status=422)
    logic.add_interview_note(caller, application_id, note, store())
    return web.redirect(visit, here + "#notes", "applications.flash.noted")
