"""Goals of a relationship (`/app/{slug}/matches/{match_id}/goals`): every mentee's and the group's, with
their history; a mentee writes their own, in a group the mentor writes the group's; managers read."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from aws_lambda_powertools.event_handler import Response
from pydantic import ValidationError

from services.sessions import logic
from services.sessions.deps import publisher, store
from services.sessions.logic.common import Caller, caller_in
from services.sessions.models import Goals
from services.sessions.schemas import GoalsWrite, GoalWrite
from services.sessions.web import router, web
from services.sessions.web.common import TAGS, Lang, field, lines, member_name, relationship_visit, rule_text
from shared.errors import Conflict, Forbidden, RuleViolation
from shared.web.pages import Visit, page_responses

#: The goals a form shows: those written and room for one more, up to the API's limit.
MOST = 20
STATUSES = ("open", "achieved", "dropped")


def _slots(goals: Goals | None) -> list[dict[str, str]]:
    written = [
        {
            "title": g.title,
            "tasks": "\n".join(g.tasks),
            "target_date": g.target_date.isoformat() if g.target_date else "",
            "status": g.status,
        }
        for g in (goals.goals if goals else [])
    ]
    return [*written, {"title": "", "tasks": "", "target_date": "", "status": "open"}][:MOST]


def _posted(fields: Mapping[str, list[str]]) -> list[dict[str, str]]:
    slots = []
    for i in range(1, MOST + 1):
        if f"g{i}_title" not in fields:
            break
        slots.append(
            {
                "title": field(fields, f"g{i}_title"),
                "tasks": (fields.get(f"g{i}_tasks") or [""])[0],
                "target_date": field(fields, f"g{i}_target_date"),
                "status": field(fields, f"g{i}_status") or "open",
            }
        )
    return slots


def _page(
    visit: Visit,
    caller: Caller,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    slots: list[dict[str, str]] | None = None,
    whose: str = "",
) -> Response[str]:
    relationship = caller.relationship
    every = logic.read_goals(visit.signed_in, relationship.match_id, store())
    mine = next((g for g in every.mentees if g.mentee_id == caller.participant_id), None)
    active = relationship.status == "active"
    writes_own = active and caller.role == "mentee"
    writes_group = active and caller.role == "mentor" and relationship.kind == "group"
    if caller.manager and caller.role is None:
        visit.programme_id = relationship.programme_id
    return web.render(
        visit,
        "goals.html",
        status=status,
        caller=caller,
        relationship=relationship,
        every=every,
        writes_own=writes_own,
        writes_group=writes_group,
        own_slots=slots if slots is not None and whose == "own" else _slots(mine),
        group_slots=slots if slots is not None and whose == "group" else _slots(every.group),
        statuses=STATUSES,
        errors=errors or {},
        whose=lambda g: (
            visit.t("goals.group") if g.mentee_id is None else member_name(visit, caller, g.mentee_id)
        ),
    )


def parsed(visit: Visit, slots: list[dict[str, str]]) -> tuple[list[GoalWrite], dict[str, str]]:
    """The goals a form posted, and each mistake at its field (also the employer's form, web/employer.py)."""
    errors: dict[str, str] = {}
    goals: list[GoalWrite] = []
    for i, slot in enumerate(slots, start=1):
        if not slot["title"]:
            if slot["tasks"].strip() or slot["target_date"]:
                errors[f"g{i}_title"] = visit.t("error.goal_title")
            continue
        target: date | None = None
        if slot["target_date"]:
            try:
                target = date.fromisoformat(slot["target_date"])
            except ValueError:
                errors[f"g{i}_target_date"] = visit.t("error.target_date")
        try:
            goals.append(
                GoalWrite.model_validate(
                    {
                        "title": slot["title"],
                        "tasks": lines(slot["tasks"]),
                        "target_date": target,
                        "status": slot["status"],
                    }
                )
            )
        except ValidationError as invalid:
            name = str(invalid.errors()[0]["loc"][0])
            key = {"tasks": "tasks", "status": "status"}.get(name, "title")
            errors[f"g{i}_{key}"] = visit.t(f"error.goal_{key}")
    return goals, errors


@router.get(
    "/app/<tenant_slug>/matches/<match_id>/goals",
    tags=TAGS,
    summary="A relationship's goals with their history; a mentee writes their own, a mentor the group's",
    responses=page_responses("every mentee's goals and the group's"),
)
def goals_page(tenant_slug: str, match_id: str, lang: Lang = None) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    return _page(visit, caller_in(visit.signed_in, match_id, store()))


@router.post(
    "/app/<tenant_slug>/matches/<match_id>/goals",
    tags=TAGS,
    summary="Write my goals (whose=own, a mentee) or the group's (whose=group, the mentor of a group)",
    responses=page_responses(
        "done: back to the goals",
        status=303,
        _409="the goals again: someone saved them meanwhile",
        _422="the goals again, with each mistake at its field",
    ),
)
def write_goals(tenant_slug: str, match_id: str) -> Response[str]:
    visit = relationship_visit(tenant_slug)
    caller = caller_in(visit.signed_in, match_id, store())
    fields = web.form(visit)
    whose = "group" if field(fields, "whose") == "group" else "own"
    if whose == "own" and caller.role != "mentee":
        raise Forbidden("Only the mentee writes their own goals.", rule="own_goals_only")
    slots = _posted(fields)
    goals, errors = parsed(visit, slots)
    if errors:
        return _page(visit, caller, status=422, errors=errors, slots=slots, whose=whose)
    body = GoalsWrite(goals=goals)
    try:
        if whose == "group":
            logic.write_group_goals(visit.signed_in, match_id, body, store(), publisher())
        else:
            assert caller.participant_id is not None  # a mentee, checked above
            logic.write_goals(visit.signed_in, match_id, caller.participant_id, body, store(), publisher())
    except (RuleViolation, Conflict) as refused:
        errors = {"g1_title": rule_text(visit, refused)}
        return _page(visit, caller, status=refused.status, errors=errors, slots=slots, whose=whose)
    return web.redirect(visit, visit.app_path("matches", match_id, "goals"), "goals.flash.saved")
