"""The archive's pages (`/app/{slug}/practice/...`): search the approved cases (words, tag, department);
read one; write or change one's own case (a refusal of the anonymisation check is shown at its field);
the manager's queue of cases waiting, each approved or returned with a reason from its page. Pages call the
archive's logic directly, never its API."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.intake.archive import logic
from services.intake.archive.models import (
    CaseDecision,
    CaseReturn,
    PracticeCase,
    PracticeCaseEdit,
    PracticeCaseWrite,
)
from services.intake.archive.routing import router
from services.intake.archive.store import ArchiveStore
from services.intake.deps import publisher
from shared.auth import Role
from shared.errors import RuleViolation
from shared.i18n import Catalogues
from shared.languages import SHIPPED
from shared.web.pages import Visit, WebPages, page_responses

HERE = Path(__file__).parent
web = WebPages(HERE / "templates", Catalogues(HERE / "messages"))
TAGS = ["web: archive of good practice"]
Lang = Annotated[str | None, Query(description="en, de or pl; remembered for the next pages", max_length=8)]
Words = Annotated[str | None, Query(description="words to find", max_length=200)]
Tag = Annotated[str | None, Query(max_length=40)]
Department = Annotated[str | None, Query(max_length=100)]
FIELDS = ("title", "situation", "what_worked", "tags", "department", "language")


def _event() -> dict[str, object]:
    return router.current_event.raw_event


def _first(fields: Mapping[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0].strip()


@router.get(
    "/app/<tenant_slug>/practice",
    tags=TAGS,
    summary="The archive of good practice: search",
    responses=page_responses("the approved cases that match"),
)
def search_page(
    tenant_slug: str, q: Words = None, tag: Tag = None, department: Department = None, lang: Lang = None
) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *logic.READERS)
    found = logic.find_cases(
        visit.signed_in, ArchiveStore(), query=q or "", tag=tag or None, department=department or None
    )
    return web.render(
        visit,
        "practice_search.html",
        found=found,
        q=q or "",
        tag=tag or "",
        department=department or "",
        writer=visit.signed_in.has(*logic.WRITERS),
    )


def _form(
    visit: Visit,
    values: Mapping[str, str],
    *,
    case: PracticeCase | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response[str]:
    heading = "practice.form.edit_title" if case else "practice.form.title"
    return web.render(
        visit,
        "practice_form.html",
        heading=heading,
        status=status,
        values=values,
        case=case,
        errors=errors or {},
        languages=SHIPPED,
    )


def _values(case: PracticeCase | None, lang: str) -> dict[str, str]:
    if case is None:
        return {
            "title": "",
            "situation": "",
            "what_worked": "",
            "tags": "",
            "department": "",
            "language": lang,
        }
    return {**{f: str(getattr(case, f)) for f in FIELDS if f != "tags"}, "tags": ", ".join(case.tags)}


def _errors(visit: Visit, exc: RuleViolation | ValidationError) -> dict[str, str]:
    """Each mistake at its field: the anonymisation check's rule, or what the form lacks."""
    if isinstance(exc, RuleViolation):
        found = [
            (str(e["field"]), str(e.get("type") or exc.extensions.get("rule")))
            for e in exc.extensions.get("errors", [])
        ]
        return {field.split(".", 1)[0]: visit.t(f"practice.error.{rule}") for field, rule in found}
    return {str(e["loc"][0]): visit.t("practice.error.missing") for e in exc.errors() if e["loc"]}


def _posted(fields: Mapping[str, list[str]]) -> dict[str, str]:
    return {f: _first(fields, f) for f in FIELDS}


def _body(values: Mapping[str, str]) -> dict[str, Any]:
    tags = [t.strip() for t in values["tags"].replace(";", ",").split(",") if t.strip()]
    return {**values, "tags": tags}


@router.get(
    "/app/<tenant_slug>/practice/new",
    tags=TAGS,
    summary="Write a case of good practice",
    responses=page_responses("the empty form"),
)
def new_case_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *logic.WRITERS)
    return _form(visit, _values(None, visit.lang))


@router.post(
    "/app/<tenant_slug>/practice/new",
    tags=TAGS,
    summary="Send a new case for approval",
    responses=page_responses(
        "sent: on to the case's page", status=303, _422="the form again, each mistake at its field"
    ),
)
def write_case_page(tenant_slug: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *logic.WRITERS)
    values = _posted(web.form(visit))
    try:
        body = PracticeCaseWrite.model_validate(_body(values))
        case = logic.write_case(visit.signed_in, body, ArchiveStore(), publisher())
    except (RuleViolation, ValidationError) as exc:
        return _form(visit, values, errors=_errors(visit, exc), status=422)
    return web.redirect(visit, visit.app_path("practice", case.case_id), flash="practice.flash.sent")


@router.get(
    "/app/<tenant_slug>/practice/drafts",
    tags=TAGS,
    summary="Cases waiting for approval (a manager's), or one's own cases",
    responses=page_responses("the list"),
)
def drafts_page(tenant_slug: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *logic.WRITERS)
    cases = logic.unapproved_cases(visit.signed_in, ArchiveStore())
    return web.render(
        visit, "practice_drafts.html", cases=cases.items, manager=visit.signed_in.has(Role.MANAGER)
    )


def _case_page(
    visit: Visit,
    case: PracticeCase,
    *,
    errors: dict[str, str] | None = None,
    reason: str = "",
    status: int = 200,
) -> Response[str]:
    mine = case.author_id == (visit.signed_in.person_id or visit.signed_in.user_id)
    return web.render(
        visit,
        "practice_case.html",
        status=status,
        case=case,
        mine=mine,
        decides=visit.signed_in.has(Role.MANAGER) and case.status == "pending",
        errors=errors or {},
        reason=reason,
    )


@router.get(
    "/app/<tenant_slug>/practice/<case_id>",
    tags=TAGS,
    summary="A case of good practice",
    responses=page_responses("the case; a manager also sees approve and return"),
)
def case_page(tenant_slug: str, case_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *logic.READERS)
    return _case_page(visit, logic.read_case(visit.signed_in, case_id, ArchiveStore()))


@router.post(
    "/app/<tenant_slug>/practice/<case_id>",
    tags=TAGS,
    summary="Approve a waiting case, or return it with a reason",
    responses=page_responses(
        "decided: on to the queue", status=303, _422="the case again, the reason missing"
    ),
)
def decide_page(tenant_slug: str, case_id: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, Role.MANAGER)
    fields = web.form(visit)
    store = ArchiveStore()
    case = logic.read_case(visit.signed_in, case_id, store)
    version = _first(fields, "version")
    read = int(version) if version.isdigit() and int(version) > 0 else case.version
    reason = _first(fields, "reason")
    try:
        if _first(fields, "action") == "return":
            if not reason:
                errors = {"reason": visit.t("practice.error.reason")}
                return _case_page(visit, case, errors=errors, status=422)
            logic.return_case(
                visit.signed_in, case_id, CaseReturn(version=read, reason=reason), store, publisher()
            )
            flash = "practice.flash.returned"
        else:
            logic.approve_case(visit.signed_in, case_id, CaseDecision(version=read), store, publisher())
            flash = "practice.flash.approved"
    except (RuleViolation, ValidationError) as exc:
        return _case_page(visit, case, errors=_errors(visit, exc), reason=reason, status=422)
    return web.redirect(visit, visit.app_path("practice", "drafts"), flash=flash)


@router.get(
    "/app/<tenant_slug>/practice/<case_id>/edit",
    tags=TAGS,
    summary="Change one's case",
    responses=page_responses("the form with the case as written"),
)
def edit_page(tenant_slug: str, case_id: str, lang: Lang = None) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *logic.WRITERS)
    case = logic.case_to_edit(visit.signed_in, case_id, ArchiveStore())
    return _form(visit, _values(case, visit.lang), case=case)


@router.post(
    "/app/<tenant_slug>/practice/<case_id>/edit",
    tags=TAGS,
    summary="Send one's changed case for approval",
    responses=page_responses(
        "sent: on to the case's page", status=303, _422="the form again, each mistake at its field"
    ),
)
def edit_case_page(tenant_slug: str, case_id: str) -> Response[str]:
    visit = web.visit(_event(), tenant_slug, *logic.WRITERS)
    store = ArchiveStore()
    case = logic.case_to_edit(visit.signed_in, case_id, store)
    fields = web.form(visit)
    values = _posted(fields)
    read = _first(fields, "version")
    try:
        version = int(read) if read.isdigit() and int(read) > 0 else case.version
        body = PracticeCaseEdit.model_validate({**_body(values), "version": version})
        logic.edit_case(visit.signed_in, case_id, body, store, publisher())
    except (RuleViolation, ValidationError) as exc:
        return _form(visit, values, case=case, errors=_errors(visit, exc), status=422)
    return web.redirect(visit, visit.app_path("practice", case_id), flash="practice.flash.sent")
