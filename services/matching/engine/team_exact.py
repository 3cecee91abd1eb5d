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
from services.matching.engine.team_bound import ORDER, lagrangian_bound

#: Subgradient evaluations at most (each one pass of `team_bound`, ~0.08 s at 300 x 75).
PRICE_ROUNDS: Final = 150
#: Evaluations without a better bound before the step halves.
PATIENCE: Final = 5
#: Rounds of column generation at most (each an LP and a pass over the mentors, ~0.3 s at 200 x 50).
GENERATION_ROUNDS: Final = 80
#: Each target lies this share below the bound proven so far: a high target keeps the groups few.
STEP: Final = 0.0001
#: An LP value this share below the target counts as below it (HiGHS's tolerances are relative).
SAFETY: Final = 1e-6
#: Groups of one size one mentor may look at (after pruning); beyond, the method gives up.
GROUP_LIMIT: Final = 500_000
#: A value far above any real one, to force a mentee into a mentor's best group.
FORCE: Final = 10**8
#: Cells (nodes x options x mentees) a mentor's branch and bound may hold at one level (see `team_bound`).
NODE_CELLS: Final = 4_000_000


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


def _top_sum(values: npt.NDArray[np.int64], k: int) -> npt.NDArray[np.int64]:
    """Per row, the best sum of a group of 2..k: the two largest, whatever their sign, and the positive
    among the next k - 2 (team fit needs two mentees, so a group of one never earns it here)."""
    if values.shape[1] > k:
        values = np.partition(values, values.shape[1] - k, axis=1)[:, -k:]
    ordered = np.sort(values, axis=1)
    return np.asarray(ordered[:, -2:].sum(axis=1) + np.maximum(ordered[:, :-2], 0).sum(axis=1), np.int64)


def _group_best(
    base: npt.NDArray[np.int64], rows: IntArray, dims: list[Dimension], k: int, gain: int
) -> tuple[int, IntArray]:
    """`team_bound._mentor_best` for groups of two or more: an upper bound on the best such group's value
    (exact when every dimension could be fixed) and the members of the best group found."""
    c = len(rows)
    start = base.copy()
    steps = []
    for d in dims:
        if not d.options:
            continue
        has = d.has[rows]
        held = np.flatnonzero(has.any(axis=0))
        if len(held) == 0:
            continue
        earned = d.known[rows].astype(np.int64) * gain
        start += earned
        steps.append(has[:, held].T.astype(np.int64) * gain - earned[None, :])
    dive = start
    for step in steps:
        children = dive[None, :] + step
        dive = children[int(np.argmax(_top_sum(children, k)))]
    lower, best_vector = int(_top_sum(dive[None, :], k)[0]), dive
    nodes = start[None, :]
    for step in steps:
        if len(nodes) * len(step) * c > NODE_CELLS:
            continue  # this dimension stays at its best for every node: an overstatement, still a bound
        children = (nodes[:, None, :] + step[None, :, :]).reshape(-1, c)
        nodes = children[_top_sum(children, k) > lower]
        if len(nodes) == 0:
            break
    if len(nodes):
        bounds = _top_sum(nodes, k)
        top = int(np.argmax(bounds))
        if int(bounds[top]) > lower:
            lower, best_vector = int(bounds[top]), nodes[top]
    order = np.argsort(-best_vector)[:k]
    chosen = order[: max(2, int((best_vector[order] > 0).sum()))]
    return lower, rows[chosen]


def _best(values: npt.NDArray[np.int64], rows: IntArray, k: int, mentors: _Mentors) -> int:
    """An upper bound on the best group of one mentor (k >= 2 slots; values without team fit): the
    best of nobody, one mentee alone (no team fit) and a group of two or more."""
    alone = max(0, int(values.max()))
    if len(values) < 2:
        return alone
    kth = int(-np.partition(-values, k - 1)[k - 1]) if len(values) > k else -(2**62)
    # A mentee below the k-th largest value even at its best never enters the top k (but two always do).
    keep = values + mentors.top_gain[rows] >= kth
    return max(
        alone, _group_best(values[keep], rows[keep], mentors.dims, min(k, int(keep.sum())), mentors.gain)[0]
    )


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


def _relax(
    n: int, columns: list[tuple[int, IntArray, int]], m: int, matched: int | None
) -> tuple[float, IntArray | None]:
    """The LP of the set packing: its value and the mentees' duals as prices (None with a count row)."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_array

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
    mentors: _Mentors,
    terms: IntArray,
) -> tuple[_Mentors, IntArray]:
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
        value = _group_values(score, group, j, np.arange(len(group))[None, :], dimensions, pt)
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
        priced, priced_terms = _mentors(score, usable, slots, dimensions, pt, duals)
        if priced.value < mentors.value:
            mentors, terms = priced, priced_terms
        added = False
        for j in range(m):
            rows = np.flatnonzero(usable[:, j])
            if len(rows) == 0:
                continue
            base = pt[0] * score[rows, j].astype(np.int64) - duals[rows]
            added |= add(j, rows[[int(np.argmax(base))]])
            k = int(slots[j])
            if k >= 2 and len(rows) >= 2:
                values = base + priced.floor[rows]
                kth = int(-np.partition(-values, k - 1)[k - 1]) if len(values) > k else -(2**62)
                keep = values + priced.top_gain[rows] >= kth
                size = min(k, int(keep.sum()))
                added |= add(j, _group_best(values[keep], rows[keep], priced.dims, size, priced.gain)[1])
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
    mentors, terms = _mentors(score, usable, slots, dimensions, pt, prices)
    if mentors.value > best_value:
        mentors, terms = _priced_by_groups(score, usable, slots, dimensions, pt, best_of, mentors, terms)
    upper = min(lagrangian, mentors.value)  # a proven bound on every solution
    while True:
        if upper <= best_value:
            return Proof(best_of, best_value, best_value, True)
        target = max(best_value, int(upper - STEP * upper))
        keep = _candidates(score, usable, slots, pt, mentors, terms, target)
        columns: list[tuple[int, IntArray, int]] = []
        for j in range(m):
            rows = np.flatnonzero(keep[:, j])
            if len(rows) == 0:
                continue
            found = _columns(
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
                again, again_terms = _mentors(score, usable, slots, dimensions, pt, duals)
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
