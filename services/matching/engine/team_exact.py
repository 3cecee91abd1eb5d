"""The proven optimum of a team run up to a few hundred mentees (see `teams` for the objective).

Why not the compact MILP alone: its LP relaxation lets a group's choice of option be fractional, which
leaves ~1 % between its bound and the optimum at 100 mentees, and HiGHS did not close that in 120 s.
The LP of the formulation by whole groups (one column per mentor and group) is within ~0.02 % of the
optimum on the bench's programmes; that formulation is solved here on the few groups that can still
matter:

1. Prices: a few subgradient steps from the ceiling solve's duals, then column generation: the LP
   over a pool of groups (the heuristic's first), each mentor's best group at the LP's duals added,
   until none is new. Every prices' L is a bound (the per-mentor term counts no team fit for a mentee
   alone); the least is kept. Subgradient steps alone stall ~0.2 % above the optimum at 200 mentees.
2. A target tau just below the proven bound U (`STEP`). For solutions holding group G at mentor j,
   L - F_j + (value(G) - lambda(G)) bounds them (the other mentors' terms stay bounds), so a pair
   (i, j) is dropped when even the best group of j holding i stays at or below tau, and a group is a
   column only when its own bound is above tau.
3. Every such group of each mentor is enumerated (candidates in order of their best value, a branch
   stops when even its best completion cannot pass tau) with its exact value: pair scores plus each
   dimension's largest count of a shared option.
4. The LP of the set packing over these columns (each mentee and each mentor at most once) at or
   below tau proves U = tau: next target. Otherwise its MILP: an optimum v >= tau is the optimum of the
   whole run (every dropped solution is <= tau <= v); below, U = max(tau, its bound) and again. At the
   heuristic's value the answer is final either way. Stopped at the time limit, HiGHS's bound (or
   tau, if higher) holds.

Where a mentor would have more than `GROUP_LIMIT` groups of one size to look at, it gives up (None)
and the caller runs the compact MILP. Measured (bench instances, shared machine): 100 x 25, 150 x 37,
200 x 50, 250 x 62 and 300 x 75 proven optimal in 6-40 s.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.features import IntArray
from services.matching.engine.team import Dimension
from services.matching.engine.team_bound import lagrangian_bound
from services.matching.engine.team_groups import (
    PricedMentors,
    candidate_pairs,
    group_columns,
    group_values,
    priced_mentors,
)

#: Subgradient evaluations at most (each one pass of `team_bound`, ~0.08 s at 300 x 75).
PRICE_ROUNDS: Final = 20
#: Evaluations without a better bound before the step halves.
PATIENCE: Final = 5
#: Rounds of column generation at most (each an LP and a pass over the mentors, ~0.3 s at 200 x 50).
GENERATION_ROUNDS: Final = 80
#: Each target lies this share below the bound proven so far: a high target keeps the groups few.
STEP: Final = 0.0001
#: An LP value this share below the target counts as below it (HiGHS's tolerances are relative).
SAFETY: Final = 1e-6


@dataclass(frozen=True, eq=False)
class Proof:
    """The best assignment found, a proven bound (objective units) and whether it is the optimum."""

    mentor_of: IntArray
    value: int
    bound: int
    optimal: bool


def tune_prices(
    score: npt.NDArray[np.integer],
    feasible: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: list[Dimension],
    weights: tuple[int, int],
    prices: IntArray,
    target: int,
) -> tuple[int, IntArray]:
    """The least L found and its prices: Polyak steps towards `target` (a value reached)."""
    p, t = weights
    lam = np.maximum(np.asarray(prices, np.float64), 0.0)
    best_value, best_prices = -1, lam.astype(np.int64)
    theta, stall = 0.5, 0
    for _ in range(PRICE_ROUNDS):
        floored = np.floor(lam).astype(np.int64)
        current = lagrangian_bound(score, feasible, slots, dimensions, p, t, floored)
        if best_value < 0 or current.value < best_value:
            best_value, best_prices, stall = current.value, floored, 0
        else:
            stall += 1
            if stall >= PATIENCE:
                theta, stall = theta / 2, 0
        if current.value <= target or theta < 1e-4:
            break
        direction = 1 - current.wanted
        direction[(lam <= 0) & (direction > 0)] = 0
        norm = float((direction * direction).sum())
        if norm == 0:
            break
        lam = np.maximum(0.0, lam - theta * (current.value - target) / norm * direction)
    return best_value, best_prices


def _pack(
    n: int, columns: list[tuple[int, IntArray, int]], m: int, matched: int | None, seconds: float
) -> tuple[IntArray, int, int, bool] | None:
    """The set packing MILP over the columns: (mentor_of, value, bound, optimal) or None if infeasible."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    sizes = np.array([len(g) for _, g, _ in columns], np.int64)
    rows = np.concatenate([np.concatenate([g, [n + j]]) for j, g, _ in columns]).astype(np.int64)
    cols = np.repeat(np.arange(len(columns)), sizes + 1)
    matrix = coo_array((np.ones(len(rows)), (rows, cols)), shape=(n + m, len(columns))).tocsr()
    constraints = [LinearConstraint(matrix, -np.inf, 1)]
    if matched is not None:
        constraints.append(LinearConstraint(sizes[None, :].astype(float), matched, matched))
    cost = np.array([v for _, _, v in columns], np.float64)
    result = milp(
        -cost,
        constraints=constraints,
        integrality=np.ones(len(columns)),
        bounds=Bounds(0, 1),
        options={"time_limit": seconds, "mip_rel_gap": 0.0, "disp": False},
    )
    if result.status == 2:  # infeasible: no solution holds the number matched with these groups
        return None
    mentor_of = np.full(n, -1, np.int64)
    if result.x is None:  # stopped before any solution: the unmatched one, and HiGHS's bound
        result.x = np.zeros(len(columns))
    value = 0
    for c in np.flatnonzero(result.x > 0.5):
        j, group, v = columns[c]
        mentor_of[group] = j
        value += v
    dual = getattr(result, "mip_dual_bound", None)
    bound = int(np.floor(-dual + 1e-6)) if dual is not None and np.isfinite(dual) else np.iinfo(np.int64).max
    return mentor_of, value, max(bound, value), bool(result.status == 0)


def _relax(
    n: int, columns: list[tuple[int, IntArray, int]], m: int, matched: int | None
) -> tuple[float, IntArray | None]:
    """The LP of the set packing: its value and the mentees' duals as prices (None with a count row)."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_array

    if not columns:
        return 0.0, None if matched is not None else np.zeros(n, np.int64)
    sizes = np.array([len(g) for _, g, _ in columns], np.int64)
    rows = np.concatenate([np.concatenate([g, [n + j]]) for j, g, _ in columns]).astype(np.int64)
    cols = np.repeat(np.arange(len(columns)), sizes + 1)
    matrix = coo_array((np.ones(len(rows)), (rows, cols)), shape=(n + m, len(columns))).tocsr()
    cost = np.array([v for _, _, v in columns], np.float64)
    equal = {} if matched is None else {"A_eq": sizes[None, :].astype(float), "b_eq": [matched]}
    result = linprog(-cost, A_ub=matrix, b_ub=np.ones(n + m), bounds=(0, 1), method="highs", **equal)
    if result.status != 0:
        return np.inf, None
    if matched is not None:
        return float(-result.fun), None
    return float(-result.fun), np.floor(-result.ineqlin.marginals[:n] + 1e-9).astype(np.int64)


def _priced_by_groups(
    score: npt.NDArray[np.integer],
    usable: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: list[Dimension],
    pt: tuple[int, int],
    start: IntArray,
    mentors: PricedMentors,
    terms: IntArray,
) -> tuple[PricedMentors, IntArray]:
    """Column generation for better prices: the LP over a pool of groups (the heuristic's, then each
    mentor's best group at the LP's duals) until no mentor offers a new one; every duals' L is a bound,
    the least is kept. Subgradient steps stall ~0.2 % above the optimum at 200 mentees; this gets ~0.02 %."""
    n, m = score.shape
    pool: dict[tuple[int, tuple[int, ...]], tuple[int, IntArray, int]] = {}

    def add(j: int, group: IntArray) -> bool:
        group = np.sort(np.asarray(group, np.int64))
        key = (j, tuple(group.tolist()))
        if len(group) == 0 or key in pool:
            return False
        value = group_values(score, group, j, np.arange(len(group))[None, :], dimensions, pt)
        pool[key] = (j, group, int(value[0]))
        return True

    for j in range(m):
        group = np.flatnonzero(start == j)
        add(j, group)
        for i in group:
            add(j, np.array([i]))
    for _ in range(GENERATION_ROUNDS):
        _, duals = _relax(n, list(pool.values()), m, None)
        if duals is None:
            break
        priced, priced_terms, groups = priced_mentors(score, usable, slots, dimensions, pt, duals)
        if priced.value < mentors.value:
            mentors, terms = priced, priced_terms
        added = False
        for c, group in enumerate(groups):
            added |= add(c // 2, group)
        if not added:
            break
    return mentors, terms


def prove(
    score: npt.NDArray[np.integer],
    feasible: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: list[Dimension],
    pt: tuple[int, int],
    prices: IntArray,
    incumbent: tuple[IntArray, int],
    matched: int | None,
    seconds: float,
) -> Proof | None:
    """Steps 1-4 of the module docstring from the heuristic's `incumbent` (mentor_of, value) and the
    ceiling solve's `prices`; `matched` fixes the number matched (max_matched runs)."""
    deadline = time.perf_counter() + seconds
    n, m = score.shape
    usable = feasible & (slots > 0)[None, :]
    best_of, best_value = incumbent
    lagrangian, prices = tune_prices(score, feasible, slots, dimensions, pt, prices, best_value)
    mentors, terms, _ = priced_mentors(score, usable, slots, dimensions, pt, prices)
    if mentors.value > best_value:
        mentors, terms = _priced_by_groups(score, usable, slots, dimensions, pt, best_of, mentors, terms)
    upper = min(lagrangian, mentors.value)  # a proven bound on every solution
    while True:
        if upper <= best_value:
            return Proof(best_of, best_value, best_value, True)
        target = max(best_value, int(upper - STEP * upper))
        keep = candidate_pairs(score, usable, slots, pt, mentors, terms, target)
        columns: list[tuple[int, IntArray, int]] = []
        for j in range(m):
            rows = np.flatnonzero(keep[:, j])
            if len(rows) == 0:
                continue
            found = group_columns(
                score, rows, j, int(slots[j]), pt, mentors, target - mentors.value + int(terms[j])
            )
            if found is None:
                return None
            columns.extend((j, g, v) for g, v in zip(*found, strict=True))
        relaxed, duals = _relax(n, columns, m, matched) if columns else (-np.inf, None)
        if relaxed <= target * (1 - SAFETY):
            # Nothing above the target: it is the new bound, and the LP's duals may price a better one.
            upper = target
            if duals is not None:
                again, again_terms, _ = priced_mentors(score, usable, slots, dimensions, pt, duals)
                if again.value < mentors.value:
                    mentors, terms = again, again_terms
                    upper = min(upper, again.value)
            continue
        packed = _pack(n, columns, m, matched, max(1.0, deadline - time.perf_counter()))
        if packed is not None and packed[1] > best_value:
            best_of, best_value = packed[0], packed[1]
        if packed is not None and not packed[3]:  # stopped at the time limit: its bound, or the target's
            return Proof(best_of, best_value, min(upper, max(best_value, target, packed[2])), False)
        if best_value >= target:
            return Proof(best_of, best_value, best_value, True)
        upper = min(upper, target if packed is None else max(target, packed[2]))
