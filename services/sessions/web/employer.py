"""A linked employer's page of one mentee (`/app/{slug}/employer/mentees/{participant_id}`, seed 002): the
goals they set (a form), goal status, attendance and the mid-term rating trend — never the diary, answers
or remarks. Their list of mentees is intake's page (`/app/{slug}/employer`), which knows the names."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from services.sessions.deps import publisher, store
from services.sessions.employer_schemas import EmployerProgress
from services.sessions.logic import employer
from services.sessions.schemas import GoalsWrite
from services.sessions.web import router, web
from services.sessions.web.common import TAGS, Lang, event, rule_text
from services.sessions.web.goals import STATUSES, _posted, _slots, parsed
from shared.auth import Role
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses


def _page(
    visit: Visit,
    participant_id: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    slots: list[dict[str, str]] | None = None,
) -> Response[str]:
    progress: EmployerProgress = employer.progress(visit.signed_in, participant_id, store())
    mine = employer.own_goals(visit.signed_in, participant_id, store())
    return web.render(
        visit,
        "employer_progress.html",
        status=status,
        progress=progress,
        slots=slots if slots is not None else _slots(mine),
        statuses=STATUSES,
        errors=errors or {},
        writes=progress.relationship_status == "active",
    )


def _visit(slug: str) -> Visit:
    return web.visit(event(), slug, Role.EMPLOYER)


@router.get(
    "/app/<tenant_slug>/employer/mentees/<participant_id>",
    tags=TAGS,
    summary="A linked employer's view of a mentee: their goals, goal status, attendance, rating trend",
    responses=page_responses("the mentee's progress"),
)
def progress_page(tenant_slug: str, participant_id: str, lang: Lang = None) -> Response[str]:
    return _page(_visit(tenant_slug), participant_id)


@router.post(
    "/app/<tenant_slug>/employer/mentees/<participant_id>",
    tags=TAGS,
    summary="Set the employer's goals for the mentee's relationship",
    responses=page_responses(
        "done: back to the progress",
        status=303,
        _409="the page again: the goals were saved meanwhile",
        _422="the page again, with each mistake at its field",
    ),
)
def set_goals(tenant_slug: str, participant_id: str) -> Response[str]:
    visit = _visit(tenant_slug)
    slots = _posted(web.form(visit))
    goals, errors = parsed(visit, slots)
    if errors:
        return _page(visit, participant_id, status=422, errors=errors, slots=slots)
    try:
        employer.write_employer_goals(
            visit.signed_in, participant_id, GoalsWrite(goals=goals), store(), publisher()
        )
    except (RuleViolation, Conflict) as refused:
        errors = {"g1_title": rule_text(visit, refused)}
        return _page(visit, participant_id, status=refused.status, errors=errors, slots=slots)
    return web.redirect(visit, visit.app_path("employer", "mentees", participant_id), "goals.flash.saved")
