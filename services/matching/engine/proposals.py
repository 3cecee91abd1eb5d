"""A matching run's outcome: score, find the proven optimum, and assemble proposals, the reasons each
mentee is left out, and the run's metrics, as the models the service stores and the API shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.explain import reasons
from services.matching.engine.features import SCORE_SCALE, IntArray
from services.matching.engine.rules import FEASIBLE, grouping_for, mentor_slots, unmatched_reasons
from services.matching.engine.scoring import reference_year, score_matrix
from services.matching.engine.solver import Assignment, solve
from services.matching.engine.team import credits, encode_team, team_fit, team_reasons
from services.matching.engine.teams import TeamAssignment, solve_teams
from services.matching.models import Exclusion, Grouping, MatchingConfig, MatchingProfile, Objective
from services.matching.run_models import ProposedMentee, RunMetrics, RunProposal, UnmatchedParticipant

HISTOGRAM_BUCKETS: Final = tuple(f"{low}-{low + 10}" for low in range(0, 100, 10))


@dataclass(frozen=True)
class MatchingResult:
    """A run's outcome: proposals in mentor order (each mentor's mentees best first), every mentee
    left out with the reason, the metrics, and the certified assignment behind them."""

    proposals: list[RunProposal]
    unmatched: list[UnmatchedParticipant]
    metrics: RunMetrics
    assignment: Assignment = field(repr=False)
    #: Group runs with team fit: the assignment chosen, its value and proven bound.
    teams: TeamAssignment | None = field(default=None, repr=False)


def _histogram(scores: IntArray) -> dict[str, int]:
    buckets = np.minimum(scores // (10 * SCORE_SCALE), 9)
    counts = np.bincount(buckets, minlength=10)
    return {name: int(c) for name, c in zip(HISTOGRAM_BUCKETS, counts, strict=True)}


def _mean_points(hundredths: Sequence[int]) -> float:
    """The mean in points, rounded half up to the hundredth (a pair's proposal has its own score)."""
    total, count = sum(hundredths), len(hundredths)
    return ((2 * total + count) // (2 * count)) / SCORE_SCALE


def _proposal(proposal_id: str, mentor_id: str, mentees: list[ProposedMentee]) -> RunProposal:
    """A mentor's proposal: in a group, the mean score and breakdown of its pairs, and the first three
    distinct reasons of its mentees (best pair first)."""
    criteria = mentees[0].breakdown.keys()
    mean = {c: round(sum(m.breakdown[c] for m in mentees) / len(mentees), 2) for c in criteria}
    # Built from values already of the declared types: construct() skips re-validating ~10,000 models.
    return RunProposal.model_construct(
        proposal_id=proposal_id,
        mentor_id=mentor_id,
        mentee_ids=[m.mentee_id for m in mentees],
        score=_mean_points([round(m.score * SCORE_SCALE) for m in mentees]),
        breakdown=mean,
        reasons=list(dict.fromkeys(r for m in mentees for r in m.reasons))[:3],
        mentees=mentees,
    )


def _third_best(score: npt.NDArray[np.int16], feasible: npt.NDArray[np.bool_]) -> IntArray:
    """Each mentee's third-best feasible pair score (its worst of up to three), -1 without any: the
    pair solver reports it, a team run (whose solver works on combined scores) computes it here."""
    n, m = score.shape
    if m == 0:
        return np.full(n, -1, np.int64)
    masked = np.where(feasible, score, np.int16(-1))
    count = np.minimum(feasible.sum(axis=1), 3)
    k = min(3, m)
    top = -np.partition(-masked, k - 1, axis=1)[:, :k]
    top.sort(axis=1)
    return np.where(count > 0, top[np.arange(n), k - np.maximum(count, 1)], -1).astype(np.int64)


def run_matching(
    mentees: Sequence[MatchingProfile],
    mentors: Sequence[MatchingProfile],
    config: MatchingConfig,
    *,
    objective: Objective = "max_total",
    grouping: Grouping | None = None,
    exclusions: Iterable[Exclusion] = (),
    language: str = "en",
    explain: bool = True,
    slots: Sequence[int] | None = None,
    proposal_prefix: str = "proposal",
) -> MatchingResult:
    """Score, find the proven optimum, and assemble proposals, unmatched reasons and metrics.

    `language` is the one reasons are written in (`en`, `de`, `pl`); `explain=False` leaves
    breakdowns and reasons empty, for callers that only need the assignment. `slots` are the mentees
    each mentor may still take (`rules.free_slots`); by default every mentor is free
    (`rules.mentor_slots`). Proposal ids are `<proposal_prefix>-00000`, `-00001`, ... in mentor order.
    """
    matrix = score_matrix(mentees, mentors, config, exclusions)
    slot_vector = (
        mentor_slots(mentors, config, grouping) if slots is None else np.asarray(slots, np.int64).ravel()
    )
    weights = config.effective_weights()
    team_weights = (sum(weights.values()), config.team_weight)
    teams: TeamAssignment | None = None
    dimensions = []
    if grouping_for(config.kind, grouping) == "groups" and config.team_weight > 0 and len(mentees):
        dimensions = encode_team(mentees, config, reference_year(config))
        teams = solve_teams(matrix.score, matrix.feasible, slot_vector, dimensions, team_weights, objective)
        result = teams.bound_assignment
        mentor_of = teams.mentor_of
    else:
        result = solve(
            matrix.score, lambda start, stop: matrix.reason[start:stop] == FEASIBLE, slot_vector, objective
        )
        mentor_of = result.mentor_of
    matched_rows = np.flatnonzero(mentor_of >= 0)
    matched_cols = mentor_of[matched_rows]
    pair_scores: npt.NDArray[np.int64] = matrix.score[matched_rows, matched_cols].astype(np.int64)
    # Proposals in mentor order, each mentor's mentees best first.
    order = np.lexsort((-pair_scores, matched_cols))
    matched_rows, matched_cols, pair_scores = matched_rows[order], matched_cols[order], pair_scores[order]
    if explain and len(matched_rows):
        breakdowns = matrix.breakdowns(matched_rows, matched_cols)
        year = reference_year(config)
        said = [
            reasons(bd, mentees[i], mentors[j], language, year=year, traits=config.personality_traits)
            for bd, i, j in zip(breakdowns, matched_rows.tolist(), matched_cols.tolist(), strict=True)
        ]
    else:
        breakdowns = [{} for _ in matched_rows]
        said = [[] for _ in matched_rows]
    groups: dict[int, list[ProposedMentee]] = {}
    for k, (i, j, s) in enumerate(
        zip(matched_rows.tolist(), matched_cols.tolist(), pair_scores.tolist(), strict=True)
    ):
        groups.setdefault(j, []).append(
            ProposedMentee.model_construct(
                mentee_id=matrix.mentee_ids[i],
                score=s / SCORE_SCALE,
                breakdown=breakdowns[k],
                reasons=said[k],
            )
        )
    proposals = [
        _proposal(f"{proposal_prefix}-{k:05d}", matrix.mentor_ids[j], members)
        for k, (j, members) in enumerate(groups.items())
    ]
    if teams is not None and explain:
        earned = credits(dimensions, mentor_of, len(mentors))
        for proposal, j in zip(proposals, groups, strict=True):
            fit = team_fit(
                dimensions, np.flatnonzero(mentor_of == j).tolist(), earned, team_weights, proposal.score
            )
            if fit is not None:
                fit.reasons = team_reasons(fit.facts, language)
            proposal.team = fit

    unmatched_rows = np.flatnonzero(mentor_of < 0)
    unmatched = [
        UnmatchedParticipant.model_construct(participant_id=matrix.mentee_ids[i], reason=r)
        for i, r in zip(
            unmatched_rows.tolist(), unmatched_reasons(matrix.reason, unmatched_rows), strict=True
        )
    ]
    third = (_third_best(matrix.score, matrix.feasible) if teams else result.third_best)[matched_rows]
    metrics = RunMetrics(
        total_score=int(pair_scores.sum()) / SCORE_SCALE,
        min_score=int(pair_scores.min()) / SCORE_SCALE if len(pair_scores) else None,
        matched=len(matched_rows),
        unmatched=len(unmatched_rows),
        top3_share=round(float((pair_scores >= third).mean()), 4) if len(pair_scores) else 0.0,
        histogram=_histogram(pair_scores),
    )
    if teams is not None:
        metrics.objective_value = round(teams.value / SCORE_SCALE, 2)
        metrics.bound = round(teams.bound / SCORE_SCALE, 2)
        metrics.gap = round(teams.gap, 6)
        metrics.method = teams.method  # type: ignore[assignment]
    return MatchingResult(proposals, unmatched, metrics, result, teams)
