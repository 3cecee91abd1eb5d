"""The proven optimum of a team run up to a few hundred mentees (see `teams` for the objective).

Why not the compact MILP alone: its LP relaxation lets a group's choice of option be fractional, which
leaves ~1 % between its bound and the optimum at 100 mentees, and HiGHS did not close that in 120 s.
The Lagrangian bound of `team_bound` is the LP of the formulation by whole groups, within ~0.03 % of
the optimum once its prices are tuned; that formulation is solved here on the few groups that can
still matter:

1. Prices: subgradient steps from the ceiling solve's duals (more than the heuristic's few), keeping
   the least bound L and its prices lambda. L <= the heuristic's value proves it optimal at once.
2. A target tau below L. For solutions holding group G at mentor j, L - F_j + (value(G) - lambda(G))
   bounds them (the other mentors' terms stay bounds), so a pair (i, j) is dropped when even the best
   group of j holding i stays at or below tau (`_mentor_best` with i forced in), and a group is a
   column only when its own bound is above tau.
3. Every such group of each mentor is enumerated (candidates in order of their best value, a branch
   stops when even its best completion cannot pass tau) with its exact value: pair scores plus each
   dimension's largest count of a shared option. A set packing MILP (each mentee and each mentor at
   most once) over these columns has the LP of the group formulation, so HiGHS solves it at once.
4. Its optimum v >= tau is the optimum of the whole run (every dropped solution is <= tau <= v).
   Otherwise tau falls to max(v, the heuristic's value) and 2-4 run again; at the heuristic's value
   the answer is final either way. Stopped at its time limit, HiGHS's bound (or tau, if higher) holds.

Where a mentor would have more than `GROUP_LIMIT` groups of one size to look at, it gives up (None)
and the caller runs the compact MILP. Measured (bench instances): 100 x 25 proven in ~3-4 s; at 150
and 200 the optimum lies ~0.15 % below L, the final pass at the heuristic's value meets mentors with
100+ candidates, and the run ends at the time limit with the gap reported.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.features import IntArray
from services.matching.engine.team import HALF, QUARTER, Dimension
from services.matching.engine.team_bound import ORDER, _mentor_best, lagrangian_bound

#: Subgradient evaluations at most (each one pass of `team_bound`, ~0.08 s at 300 x 75).
PRICE_ROUNDS: Final = 150
#: Evaluations without a better bound before the step halves.
PATIENCE: Final = 5
#: The first targets below L, as shares of L: a high target keeps the columns few; if the optimum lies
#: below it, the next pass starts from the value found.
TARGETS: Final = (0.0005, 0.002)
#: Groups of one size one mentor may look at (after pruning); beyond, the method gives up.
GROUP_LIMIT: Final = 500_000
#: A value far above any real one, to force a mentee into a mentor's best group.
FORCE: Final = 10**8


@dataclass(frozen=True, eq=False)
class Proof:
    """The best assignment found, a proven bound (objective units) and whether it is the optimum."""

    mentor_of: IntArray
    value: int
    bound: int
    optimal: bool


@dataclass(frozen=True, eq=False)
class _Mentors:
    """Per mentor: F_j (the bound's term) and what `_best` needs."""

    prices: IntArray
    floor: IntArray
    top_gain: IntArray
    dims: list[Dimension]
    gain: int
    value: int  # L


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


def _best(values: npt.NDArray[np.int64], rows: IntArray, k: int, mentors: _Mentors) -> int:
    """An upper bound on the best group of one mentor (k >= 2 slots), as `team_bound._bound` takes it."""
    kth = int(-np.partition(-values, k - 1)[k - 1]) if len(values) > k else -(2**62)
    keep = values + mentors.top_gain[rows] >= max(kth, 1)
    if not keep.any():
        return 0
    return _mentor_best(values[keep], rows[keep], mentors.dims, k, mentors.gain)[0]


def _group_values(
    score: npt.NDArray[np.integer],
    rows: IntArray,
    j: int,
    groups: IntArray,
    dims: list[Dimension],
    pt: tuple[int, int],
) -> npt.NDArray[np.int64]:
    """Exact objective units of each group (rows of `groups`: indices into `rows`) at mentor j."""
    p, t = pt
    value = (p * score[rows, j].astype(np.int64))[groups].sum(axis=1)
    if groups.shape[1] < 2:
        return value
    team = np.zeros(len(groups), np.int64)
    for d in dims:
        team += (~d.known[rows])[groups].sum(axis=1) * HALF
        if d.options:
            has = d.has[rows][:, d.has[rows].any(axis=0)].astype(np.int16)
            team += has[groups].sum(axis=1).max(axis=1, initial=0).astype(np.int64) * QUARTER
    return value + t * team


def _columns(
    score: npt.NDArray[np.integer],
    rows: IntArray,
    j: int,
    k: int,
    pt: tuple[int, int],
    mentors: _Mentors,
    threshold: int,
) -> tuple[list[IntArray], list[int]] | None:
    """Every group of j's candidates (size 1..k) with value - prices > threshold, and its value; None
    when there would be too many to look at."""
    p = pt[0]
    # A mentee's best: its pair value less its price and every quarter it could earn.
    best = (
        p * score[rows, j].astype(np.int64)
        - mentors.prices[rows]
        + mentors.floor[rows]
        + mentors.top_gain[rows]
    )
    order = np.argsort(-best, kind="stable")
    rows, best = rows[order], best[order]
    c = len(rows)
    price = mentors.prices[rows]
    tail = np.concatenate(
        [np.cumsum(np.maximum(best, 0)[::-1])[::-1], [0]]
    )  # sums of best from a position on
    members: list[IntArray] = []
    values: list[int] = []
    level = np.arange(c, dtype=np.int64)[:, None]
    for s in range(1, min(k, c) + 1):
        value = _group_values(score, rows, j, level, mentors.dims, pt)
        reduced = value - price[level].sum(axis=1)
        good = reduced > threshold
        members.extend(rows[g] for g in level[good])
        values.extend(value[good].tolist())
        if s == k:
            break
        # A group grows only by later (not better) candidates: the next k - s bound what it can gain.
        last = level[:, -1]
        # From two members on, a newcomer raises each dimension's largest count by one at most.
        known = reduced if s >= 2 else best[level].sum(axis=1)
        reach = known + tail[last + 1] - tail[np.minimum(last + 1 + k - s, c)]
        alive = level[(reach > threshold) & (last < c - 1)]
        if len(alive) == 0:
            break
        more = c - 1 - alive[:, -1]
        grown = np.repeat(alive, more, axis=0)
        start = np.repeat(alive[:, -1] + 1, more)
        offset = np.arange(len(grown)) - np.repeat(np.cumsum(more) - more, more)
        level = np.column_stack([grown, start + offset])
        if len(level) > GROUP_LIMIT:
            return None
    return members, values


def _mentors(
    score: npt.NDArray[np.integer],
    usable: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: list[Dimension],
    pt: tuple[int, int],
    prices: IntArray,
) -> tuple[_Mentors, IntArray]:
    """The bound's parts at `prices` and each mentor's term F_j (L = sum prices + sum F_j)."""
    p, t = pt
    n, m = score.shape
    floor = np.zeros(n, np.int64)
    top_gain = np.zeros(n, np.int64)
    for d in dimensions:
        floor += np.where(d.known, 0, t * HALF)
        top_gain += np.where(d.known, t * QUARTER, 0)
    by_name = {d.name: d for d in dimensions}
    dims = [by_name[name] for name in ORDER if name in by_name]
    parts = _Mentors(prices, floor, top_gain, dims, t * QUARTER, 0)
    terms = np.zeros(m, np.int64)
    for j in range(m):
        rows = np.flatnonzero(usable[:, j])
        if len(rows) == 0:
            continue
        base = p * score[rows, j].astype(np.int64) - prices[rows]
        k = int(slots[j])
        terms[j] = max(0, int(base.max())) if k < 2 else _best(base + floor[rows], rows, k, parts)
    value = int(prices.sum() + terms.sum())
    return _Mentors(prices, floor, top_gain, dims, t * QUARTER, value), terms


def _candidates(
    score: npt.NDArray[np.integer],
    usable: npt.NDArray[np.bool_],
    slots: IntArray,
    pt: tuple[int, int],
    mentors: _Mentors,
    terms: IntArray,
    target: int,
) -> npt.NDArray[np.bool_]:
    """The pairs some solution above `target` may hold: L - F_j + (best group of j holding i) > target.
    A cheap test first (j's best k-1 others at their best, plus i), the forced branch and bound after."""
    p = pt[0]
    keep = np.zeros_like(usable)
    for j in range(len(slots)):
        rows = np.flatnonzero(usable[:, j])
        k = int(slots[j])
        if len(rows) == 0:
            continue
        slack = target - mentors.value + int(terms[j])  # a group of j must reach more than this
        values = p * score[rows, j].astype(np.int64) - mentors.prices[rows]
        if k < 2:
            keep[rows[values > slack], j] = True
            continue
        values = values + mentors.floor[rows]
        others = _best(values, rows, k - 1, mentors)
        for a in np.flatnonzero(others + values + mentors.top_gain[rows] > slack):
            forced = values.copy()
            forced[a] += FORCE
            if _best(forced, rows, k, mentors) - FORCE > slack:
                keep[rows[a], j] = True
    return keep


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
    if lagrangian <= best_value:
        return Proof(best_of, best_value, best_value, True)
    mentors, terms = _mentors(score, usable, slots, dimensions, pt, prices)
    targets = [int(mentors.value * (1 - share)) for share in TARGETS]
    target = max(best_value, targets.pop(0))
    while True:
        keep = _candidates(score, usable, slots, pt, mentors, terms, target)
        columns: list[tuple[int, IntArray, int]] = []
        for j in range(m):
            rows = np.flatnonzero(keep[:, j])
            if len(rows) == 0:
                continue
            threshold = target - mentors.value + int(terms[j])
            found = _columns(score, rows, j, int(slots[j]), pt, mentors, threshold)
            if found is None:
                return None
            columns.extend((j, g, v) for g, v in zip(*found, strict=True))
        packed = _pack(n, columns, m, matched, max(1.0, deadline - time.perf_counter())) if columns else None
        if packed is not None and packed[1] > best_value:
            best_of, best_value = packed[0], packed[1]
        if packed is not None and not packed[3]:  # stopped at the time limit: its bound, or the target's
            return Proof(best_of, best_value, max(best_value, target, packed[2]), False)
        if best_value >= target:
            return Proof(best_of, best_value, best_value, True)
        # The optimum lies at or below the target: lower it to what is reached (or the next share).
        target = max(best_value, targets.pop(0) if targets else best_value)
