"""A relationship's work plans (`/app/{slug}/matches/{match_id}/work-plans`, seed 002): the plans of
every day or week, newest first, and a form for one period's tasks (title, due date, done). Members
write and tick; the manager reads (no form)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import publisher, store
from services.sessions.logic.common import caller_in
from services.sessions.logic.work_plans import period_kind
from services.sessions.models import WorkPlan
from services.sessions.schemas import WorkPlanWrite, WorkTaskWrite
from services.sessions.web import router, web
from services.sessions.web.common import TAGS, Lang, field, relationship_visit, rule_text
from shared.errors import Conflict, RuleViolation
from shared.web.pages import Visit, page_responses

SLOTS = 8
MAX_TASKS = 30  # as WorkPlanWrite takes
Period = Annotated[str | None, Query(description="a day YYYY-MM-DD or ISO week YYYY-Www", max_length=10)]


def this_week() -> str:
    year, week, _ = datetime.now(UTC).date().isocalendar()
    return f"{year}-W{week:02d}"


def _rows(plan: WorkPlan) -> list[dict[str, str]]:
    rows = [
        {
            "title": t.title,
            "due_on": t.due_on.isoformat() if t.due_on else "",
            "done": "yes" if t.done else "",
        }
        for t in plan.tasks
    ]
    blanks = min(max(SLOTS - len(rows), 2), MAX_TASKS - len(rows))
    return rows + [{"title": "", "due_on": "", "done": ""}] * blanks


def _page(
    visit: Visit,
    match_id: str,
    period: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    rows: list[dict[str, str]] | None = None,
) -> Response[str]:
    caller = caller_in(visit.signed_in, match_id, store())
    every = logic.read_work_plans(visit.signed_in, match_id, store())
    current = logic.read_work_plan(visit.signed_in, match_id, period, store())
    return web.render(
        visit,
        "work_plans.html",
        status=status,
        caller=caller,
        relationship=caller.relationship,
        plans=every.plans,
        period=period,
        current=current,
        rows=rows if rows is not None else _rows(current),
        writes=caller.role is not None and caller.relationship.status == "active",
        errors=errors or {},
    )


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/work-plans",
    tags=TAGS,
    summary="A relationship's daily or weekly work plans, and one period's tasks to write or tick",
    responses=page_responses("the work plans"),
)
def work_plans_page(
    tenant_slug: str, match_id: str, period: Period = None, lang: Lang = None
) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    chosen = period or this_week()
    try:
        period_kind(chosen)
    except RuleViolation:
        chosen = this_week()
    return _page(visit, match_id, chosen)


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/work-plans",
    tags=TAGS,
    summary="Save one period's tasks (the mentor or a mentee)",
    responses=page_responses(
        "saved: back to the period's plan",
        status=303,
        _409="the plan again: it was saved elsewhere meanwhile",
        _422="the plan again, with the mistake at its field",
    ),
)
def write_work_plan(tenant_slug: str, match_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller_in(visit.signed_in, match_id, store()).require("mentor", "mentee", rule="members_write_work_plans")
    fields = web.form(visit)
    period = field(fields, "period")
    try:
        period_kind(period)
    except RuleViolation:
        return _page(visit, match_id, this_week(), status=422, errors={"period": visit.t("error.period")})
    rows = [
        {
            "title": field(fields, f"t{i}_title"),
            "due_on": field(fields, f"t{i}_due_on"),
            "done": "yes" if field(fields, f"t{i}_done") == "yes" else "",
        }
        for i in range(1, MAX_TASKS + 3)
        if f"t{i}_title" in fields
    ]
    errors: dict[str, str] = {}
    tasks: list[WorkTaskWrite] = []
    for i, row in enumerate(rows, start=1):
        if not row["title"]:
            continue
        try:
            tasks.append(
                WorkTaskWrite(title=row["title"], due_on=row["due_on"] or None, done=row["done"] == "yes")
            )
        except ValidationError:
            errors[f"t{i}_title" if len(row["title"]) > 200 else f"t{i}_due_on"] = visit.t("error.task")
    if len(tasks) > MAX_TASKS:
        errors[f"t{MAX_TASKS + 1}_title"] = visit.t("error.task")
    if errors:
        return _page(visit, match_id, period, status=422, errors=errors, rows=rows)
    try:
        logic.write_work_plan(
            visit.signed_in, match_id, period, WorkPlanWrite(tasks=tasks), store(), publisher()
        )
    except (RuleViolation, Conflict) as refused:
        return _page(
            visit,
            match_id,
            period,
            status=refused.status,
            errors={"t1_title": rule_text(visit, refused)},
            rows=rows,
        )
    path = visit.app_path("matches", match_id, "work-plans") + f"?period={period}"
    return web.redirect(visit, path, "work_plans.flash")
