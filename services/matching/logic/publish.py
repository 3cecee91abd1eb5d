"""Publishing a run: its proposals become matches, unless the people changed since it was computed."""

from __future__ import annotations

from services.matching.logic.common import confirm, managed_programme
from services.matching.logic.ports import MatchingRecords
from services.matching.logic.runs import read_run
from services.matching.models import ParticipantProfile
from services.matching.run_models import MatchingRun
from services.matching.schemas import PublishRequest, PublishResult
from shared.auth import Principal
from shared.errors import Conflict, RuleViolation
from shared.events.publisher import Publisher


def changes_since(run: MatchingRun, profiles: list[ParticipantProfile]) -> list[dict[str, str]]:
    """Who changed since the run read the programme, apart from what this run's own publishing did."""
    own = {
        pid
        for p in run.proposals
        if p.proposal_id in run.published_proposals
        for pid in (p.mentor_id, *p.mentee_ids)
    }
    changes = []
    for p in profiles:
        if p.participant_id in own:
            continue
        if p.participant_id not in run.snapshot:
            changes.append({"participant_id": p.participant_id, "change": "new_participant"})
        elif p.version != run.snapshot[p.participant_id]:
            change = {"matched": "matched_elsewhere", "withdrawn": "withdrawn"}.get(
                p.status, "profile_changed"
            )
            if p.status == "available" and p.profile.role == "mentor":
                change = "mentor_changed"
            changes.append({"participant_id": p.participant_id, "change": change})
    return changes


def publish_run(
    caller: Principal, run_id: str, body: PublishRequest, store: MatchingRecords, publisher: Publisher
) -> PublishResult:
    run = read_run(caller, run_id, store)
    if run.status != "completed":
        raise Conflict(
            f"The run is {run.status}; only a completed run can be published.", rule="run_not_completed"
        )
    programme = managed_programme(caller, run.programme_id, store)
    by_id = {p.proposal_id: p for p in run.proposals}
    chosen = (
        body.proposal_ids
        if body.proposal_ids is not None
        else [p.proposal_id for p in run.proposals if p.proposal_id not in run.published_proposals]
    )
    if not run.proposals:
        raise Conflict("This run proposed no matches.", rule="nothing_to_publish")
    if not chosen:
        raise Conflict("Every proposal of this run is published already.", rule="already_published")
    unknown = sorted(set(chosen) - set(by_id))
    if unknown:
        raise RuleViolation(
            f"No such proposals in this run: {', '.join(unknown)}.",
            rule="unknown_proposal",
            field="proposal_ids",
        )
    again = sorted(set(chosen) & set(run.published_proposals))
    if again:
        raise Conflict(f"Already published: {', '.join(again)}.", rule="already_published")
    profiles = store.profiles(run.tenant_id, run.programme_id)
    changed = changes_since(run, profiles)
    if changed:
        raise Conflict(
            "Participants changed since this run; start a new run.",
            rule="participants_changed",
            changes=changed,
        )
    current = {p.participant_id: p for p in profiles}
    matches = []
    for proposal_id in chosen:
        proposal = by_id[proposal_id]
        match = confirm(
            programme,
            current[proposal.mentor_id],
            [current[i] for i in proposal.mentee_ids],
            run.grouping,
            store,
            publisher,
            source="run",
            run_id=run.run_id,
            score=proposal.score,
        )
        matches.append(match)
        store.mark_published(run.tenant_id, run.run_id, [proposal_id])
    return PublishResult(run_id=run.run_id, matches=matches)
