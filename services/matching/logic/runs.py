"""Matching runs: a manager asks for one, the events function computes it, the manager reads it.

At most one run of a programme is running at a time (`MatchingRecords.add_run` refuses a second):
two runs at once would compute the same people twice and double the work of the events function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from services.matching.engine.capacity import free_slots, grouping_for
from services.matching.logic.common import event_from, found, managed_programme, new_id
from services.matching.logic.ports import MatchingRecords
from services.matching.models import ParticipantProfile
from services.matching.run_models import MatchingRun
from services.matching.schemas import RunCreate
from shared.auth import Principal, Role
from shared.errors import RuleViolation
from shared.events.catalog import MatchingRunCompleted, MatchingRunRequested
from shared.events.envelope import Metadata
from shared.events.publisher import OutgoingEvent, Publisher
from shared.observability import logger_for

if TYPE_CHECKING:
    from services.matching.engine.proposals import MatchingResult

log = logger_for("matching")

Solve = Callable[..., "MatchingResult"]


def request_run(
    caller: Principal, programme_id: str, body: RunCreate, store: MatchingRecords, publisher: Publisher
) -> MatchingRun:
    """A new running run, announced for the events function; Conflict while another one runs."""
    programme = managed_programme(caller, programme_id, store)
    run = MatchingRun(
        run_id=new_id("run"),
        tenant_id=programme.tenant_id,
        programme_id=programme_id,
        status="running",
        objective=body.objective,
        grouping=grouping_for(programme.kind, body.grouping),
        language=body.language or "en",
        requested_at=datetime.now(UTC),
    )
    with publisher.along([OutgoingEvent(run.tenant_id, event_from(MatchingRunRequested, run))]):
        store.add_run(run)
    return run


def _solver() -> Solve:
    # scipy is imported here, not at module load: only the events function runs the solver, so the API
    # function's cold start stays free of it.
    from services.matching.engine.proposals import run_matching

    return run_matching


def compute_run(
    meta: Metadata,
    data: MatchingRunRequested,
    store: MatchingRecords,
    publisher: Publisher,
    solve: Solve | None = None,
) -> MatchingRun | None:
    solve = solve or _solver()
    run = store.run(meta.tenant_id, data.run_id, with_results=False)
    if run is None or run.status != "running":
        return run
    programme = store.programme(meta.tenant_id, data.programme_id)
    started = datetime.now(UTC)
    try:
        if programme is None:
            raise RuleViolation("The programme is unknown to matching.", rule="unknown_programme")
        profiles = store.profiles(meta.tenant_id, data.programme_id)
        mentees = [p.profile for p in profiles if p.profile.role == "mentee" and p.status == "available"]
        mentors, slots = [], []
        for p in profiles:
            if p.profile.role != "mentor" or p.status != "available":
                continue
            room = free_slots(p.profile.capacity, p.load, programme.config.max_group_size, data.grouping)
            if room > 0:
                mentors.append(p.profile)
                slots.append(room)
        result = solve(
            mentees,
            mentors,
            programme.config,
            objective=data.objective,
            grouping=data.grouping,
            exclusions=store.exclusions(meta.tenant_id, data.programme_id),
            language=data.language,
            slots=slots,
            proposal_prefix=run.run_id,
        )
        finished = _completed(run, result, profiles, started)
    except RuleViolation as exc:
        finished = run.model_copy(
            update={"status": "failed", "failure_reason": exc.detail, "completed_at": datetime.now(UTC)}
        )
    except Exception as exc:  # a run that cannot be computed is shown as failed, not retried
        log.exception("matching run failed", run_id=run.run_id, error_type=type(exc).__name__)
        finished = run.model_copy(
            update={
                "status": "failed",
                "failure_reason": "The run could not be computed.",
                "completed_at": datetime.now(UTC),
            }
        )
    metrics = finished.metrics
    # Counts, not the run's lists of the same names (`unmatched` is a list of mentees on the run).
    counts = (metrics.matched, metrics.unmatched) if metrics else (0, 0)
    completed = event_from(MatchingRunCompleted, finished, matched=counts[0], unmatched=counts[1])
    # The event commits with the run's own record (its parts are written before, in batches).
    with publisher.along([OutgoingEvent(meta.tenant_id, completed)]):
        store.finish_run(finished)
    return finished


def _completed(
    run: MatchingRun, result: MatchingResult, profiles: list[ParticipantProfile], started: datetime
) -> MatchingRun:
    return run.model_copy(
        update={
            "status": "completed",
            "completed_at": datetime.now(UTC),
            "proposals": result.proposals,
            "unmatched": result.unmatched,
            "metrics": result.metrics,
            "snapshot": {p.participant_id: p.version for p in profiles},
            "compute_seconds": round((datetime.now(UTC) - started).total_seconds(), 3),
        }
    )


def read_run(caller: Principal, run_id: str, store: MatchingRecords) -> MatchingRun:
    caller.require(Role.MANAGER)
    return found(store.run(caller.require_tenant(), run_id), "No such matching run.")
