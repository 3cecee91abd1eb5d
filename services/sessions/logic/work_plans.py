"""Work plans (seed 002, "daily planning"): short task lists for a day or an ISO week inside a
relationship. The mentor and the mentees write and tick them; the manager reads them, as the goals
(DOMAIN.md: everything stays between mentor, mentees and manager). Trainers never: the plan is the
relationship's work, not the mentor's learning. Tasks are free text: the event carries counts only."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from services.sessions.logic.common import caller_in, still_running
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import PlanPeriod, WorkPlan, WorkTask
from services.sessions.schemas import WorkPlanList, WorkPlanWrite
from shared import audit
from shared.auth import Principal
from shared.errors import RuleViolation
from shared.events.catalog import WorkPlanWritten
from shared.events.publisher import OutgoingEvent, Publisher

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEK = re.compile(r"^\d{4}-W\d{2}$")


def period_kind(period: str) -> PlanPeriod:
    """ "day" for YYYY-MM-DD, "week" for an ISO week YYYY-Www; 422 for anything else."""
    try:
        if _DAY.match(period):
            date.fromisoformat(period)
            return "day"
        if _WEEK.match(period):
            date.fromisoformat(f"{period}-1")
            return "week"
    except ValueError:
        pass
    raise RuleViolation(
        "A work plan is for a day (YYYY-MM-DD) or an ISO week (YYYY-Www).", rule="work_plan_period"
    )


def read_work_plans(principal: Principal, match_id: str, store: SessionsRecords) -> WorkPlanList:
    caller = caller_in(principal, match_id, store)
    plans = sorted(store.work_plans(caller.tenant_id, match_id), key=lambda p: p.period, reverse=True)
    audit.record_many(principal, "read", "work_plan", [(m, match_id) for m in caller.relationship.mentee_ids])
    return WorkPlanList(match_id=match_id, plans=plans)


def read_work_plan(principal: Principal, match_id: str, period: str, store: SessionsRecords) -> WorkPlan:
    """One period's plan (an empty one at version 0 when nobody wrote it yet)."""
    caller = caller_in(principal, match_id, store)
    kind = period_kind(period)
    known = store.work_plan(caller.tenant_id, match_id, period)
    return known if known is not None else WorkPlan(match_id=match_id, period=period, kind=kind)


def write_work_plan(
    principal: Principal,
    match_id: str,
    period: str,
    body: WorkPlanWrite,
    store: SessionsRecords,
    publisher: Publisher,
) -> WorkPlan:
    caller = caller_in(principal, match_id, store)
    caller.require("mentor", "mentee", rule="members_write_work_plans")
    kind = period_kind(period)
    still_running(caller.relationship)
    known = store.work_plan(caller.tenant_id, match_id, period) or WorkPlan(
        match_id=match_id, period=period, kind=kind
    )
    tasks = [WorkTask.model_validate(t.model_dump()) for t in body.tasks]
    writer = caller.participant_id or ""
    written = known.model_copy(
        update={
            "tasks": tasks,
            "version": known.version + 1,
            "updated_at": datetime.now(UTC),
            "written_by": list(dict.fromkeys([*known.written_by, writer])),
        }
    )
    event = WorkPlanWritten(
        match_id=match_id,
        programme_id=caller.relationship.programme_id,
        period=period,
        plan_version=written.version,
        task_count=len(tasks),
        done_count=sum(1 for t in tasks if t.done),
    )
    with publisher.along([OutgoingEvent(caller.tenant_id, event)]):
        saved = store.save_work_plan(caller.tenant_id, written)
    audit.record_many(
        principal, "change", "work_plan", [(m, match_id) for m in caller.relationship.mentee_ids]
    )
    return saved
