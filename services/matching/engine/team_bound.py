"""A proven upper bound on a team run's objective that is tighter than the ceiling bound: a Lagrangian
relaxation of "each mentee at most once" (see `teams` for the objective).

For any prices lambda_i >= 0 (objective units) and any assignment with groups G_j and their choices:

    objective = sum_j sum_{i in G_j} (P s_ij + T t_i - lambda_i) + sum_{i matched} lambda_i
             <= sum_j F_j(lambda) + sum_i lambda_i,

    F_j(lambda) = max over groups G of j's feasible mentees, |G| <= slots_j, and choices o of
                  sum_{i in G} (P s_ij - lambda_i + T t_i(o))      (t_i(o) = 0 when |G| < 2).

So L(lambda) = sum_i lambda_i + sum_j F_j is a bound for every lambda >= 0. Each F_j is one mentor's
problem alone; it is bounded from above (never below, so L stays a bound) by

    max over o of the sum of the slots_j largest positive values P s_ij - lambda_i + T t_i(o)

(a group of one earning team fit too only raises it), and that maximum is found exactly by branch and
bound over the dimensions' options: a node fixes some dimensions' options and takes every other
dimension's quarter as earned, which can only overstate. A mentee whose best value cannot reach the
slots_j-th largest of everybody's worst values never enters the top and is left out first. Where a
mentor's nodes would grow too many (`NODE_CELLS`), a dimension stays unfixed, which again only
overstates. Prices: the mentee surpluses of the heuristic's last exact pair solve (its duals), then
subgradient steps that raise the price of a mentee several mentors' best groups want and lower it
for one none wants.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from services.matching.engine.features import IntArray
from services.matching.engine.team import HALF, QUARTER, Dimension

#: Cells (nodes x options x mentees) a mentor's branch and bound may hold at one level; beyond, that
#: dimension stays unfixed for this mentor (its quarter counted as earned: still a bound).
NODE_CELLS: Final = 400_000
#: Mentors per block of the pass over the score matrix.
BLOCK_MENTORS: Final = 64
#: The order in which dimensions are fixed: few options first, so that nodes stay few.
ORDER: Final = ("language", "age", "availability", "needs")
#: The first subgradient step as a share of Polyak's step (measured: a full step overshoots).
STEP: Final = 0.5


@dataclass(frozen=True, eq=False)
class LagrangianBound:
    """`value`: L(lambda) in objective units (integers throughout: exact); `wanted[i]`: how many
    mentors' best groups hold mentee i (the subgradient is 1 - wanted); `claimed[i]`: one mentor whose
    best group holds i, or -1 (their choices seed the heuristic)."""

    value: int
    wanted: IntArray
    claimed: IntArray


def _top_sum(values: npt.NDArray[np.integer], k: int) -> npt.NDArray[np.int64]:
    """Per row, the sum of its k largest positive values."""
    positive = np.maximum(values, 0)
    if values.shape[1] > k:
        positive.partition(values.shape[1] - k, axis=1)
        positive = positive[:, -k:]
    return np.asarray(positive.sum(axis=1, dtype=np.int64), np.int64)


def lagrangian_bound(
    score: npt.NDArray[np.integer],
    feasible: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: Sequence[Dimension],
    p: int,
    t: int,
    prices: IntArray,
) -> LagrangianBound:
    """L(prices) of the module docstring, each mentor's problem bounded from above."""
    return _bound(
        np.ascontiguousarray(score.T), np.ascontiguousarray(feasible.T), slots, dimensions, p, t, prices
    )


def _bound(
    score_t: npt.NDArray[np.integer],
    feasible_t: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: Sequence[Dimension],
    p: int,
    t: int,
    prices: IntArray,
) -> LagrangianBound:
    """`lagrangian_bound` on the transposed matrices (mentor rows: each mentor's mentees contiguous)."""
    m, n = score_t.shape
    prices = np.maximum(np.asarray(prices, np.int64), 0)
    gain = t * QUARTER
    floor = np.zeros(n, np.int32)  # the halves: team fit a mentee earns whatever the group chooses
    top_gain = np.zeros(n, np.int32)  # the quarters it may earn on top
    for d in dimensions:
        floor += np.where(d.known, 0, t * HALF).astype(np.int32)
        top_gain += np.where(d.known, gain, 0).astype(np.int32)
    by_name = {d.name: d for d in dimensions}
    dims = [by_name[name] for name in ORDER if name in by_name]
    wanted = np.zeros(n, np.int64)
    claimed = np.full(n, -1, np.int64)
    total = int(prices.sum())
    minus_prices = (-prices).astype(np.int32)
    for j0 in range(0, m, BLOCK_MENTORS):
        j1 = min(m, j0 + BLOCK_MENTORS)
        ok = feasible_t[j0:j1]
        worst = score_t[j0:j1].astype(np.int32)
        worst *= p
        worst += minus_prices[None, :]
        for r, j in enumerate(range(j0, j1)):
            k = int(slots[j])
            rows = np.flatnonzero(ok[r]) if k > 0 else np.zeros(0, np.int64)
            if len(rows) == 0:
                continue
            base = worst[r, rows]
            if k < 2:  # a group of one: no team fit
                top = int(np.argmax(base))
                if base[top] > 0:
                    total += int(base[top])
                    wanted[rows[top]] += 1
                    claimed[rows[top]] = j
                continue
            base = base + floor[rows]
            # A mentee whose best value stays below the k-th largest worst value never enters the top k.
            kth = int(-np.partition(-base, k - 1)[k - 1]) if len(base) > k else np.iinfo(np.int32).min
            keep = base + top_gain[rows] >= max(kth, 1)
            if not keep.any():
                continue
            value, members = _mentor_best(base[keep], rows[keep], dims, k, gain)
            total += value
            wanted[members] += 1
            claimed[members] = j
    return LagrangianBound(total, wanted, claimed)


def dimension_steps(
    base: npt.NDArray[np.integer],
    rows: IntArray,
    dims: Sequence[Dimension],
    gain: int,
    dtype: type[np.integer],
) -> tuple[npt.NDArray[np.integer], list[npt.NDArray[np.integer]]]:
    """The branch and bound's root and levels for one mentor's `rows`: each mentee's value with every
    dimension's quarter earned, and per dimension the (options, c) change of a mentee's value when the group
    takes that option (shared with `team_groups.group_best`)."""
    start = base.astype(dtype)
    steps = []
    for d in dims:
        if not d.options:
            continue
        has = d.has[rows]
        held = np.flatnonzero(has.any(axis=0))
        if len(held) == 0:
            continue
        earned = d.known[rows].astype(dtype) * gain
        start += earned
        steps.append(has[:, held].T.astype(dtype) * gain - earned[None, :])
    return start, steps


def dived(
    start: npt.NDArray[np.integer],
    steps: list[npt.NDArray[np.integer]],
    value: Callable[[npt.NDArray[np.integer]], npt.NDArray[np.int64]],
) -> npt.NDArray[np.integer]:
    """A dive: the best child at each level, a reachable group to prune against."""
    dive = start
    for step in steps:
        children = dive[None, :] + step
        dive = children[int(np.argmax(value(children)))]
    return dive


def branch_and_bound(
    start: npt.NDArray[np.integer],
    steps: list[npt.NDArray[np.integer]],
    value: Callable[[npt.NDArray[np.integer]], npt.NDArray[np.int64]],
    node_cells: int,
) -> tuple[int, npt.NDArray[np.integer]]:
    """One mentor's branch and bound over the dimensions' options (`dimension_steps`): the greatest
    `value` of a node after the last level, an upper bound (exact when every dimension could be fixed),
    and the vector of the best node found (the dive's, unless a node beats it).

    A node's `value` only falls as its dimensions are fixed, so a node no better than the best reachable
    group so far is pruned. Where a level would hold more than `node_cells` cells (nodes x options x
    mentees), that dimension stays at its best for every node: an overstatement, still a bound. Shared
    by the Lagrangian bound (`_mentor_best`) and the exact method's groups (`team_groups.group_best`).
    """
    c = len(start)
    dive = dived(start, steps, value)
    lower, best_vector = int(value(dive[None, :])[0]), dive
    nodes = start[None, :]
    for step in steps:
        if len(nodes) * len(step) * c > node_cells:
            continue
        children = (nodes[:, None, :] + step[None, :, :]).reshape(-1, c)
        nodes = children[value(children) > lower]
        if len(nodes) == 0:
            break
    if len(nodes):
        bounds = value(nodes)
        top = int(np.argmax(bounds))
        if int(bounds[top]) > lower:
            lower, best_vector = int(bounds[top]), nodes[top]
    return lower, best_vector


def _mentor_best(
    base: npt.NDArray[np.int64], rows: IntArray, dims: Sequence[Dimension], k: int, gain: int
) -> tuple[int, IntArray]:
    """An upper bound on one mentor's best group value (exact when no dimension had to stay unfixed),
    and the mentees of the best group found (for the subgradient)."""
    start, steps = dimension_steps(base, rows, dims, gain, np.int32)
    lower, best_vector = branch_and_bound(start, steps, lambda nodes: _top_sum(nodes, k), NODE_CELLS)
    order = np.argsort(-best_vector)[:k]
    members = rows[order[best_vector[order] > 0]]
    return lower, members


def tighten(
    score: npt.NDArray[np.integer],
    feasible: npt.NDArray[np.bool_],
    slots: IntArray,
    dimensions: Sequence[Dimension],
    p: int,
    t: int,
    prices: IntArray,
    target: int,
    rounds: int,
) -> LagrangianBound:
    """The least L(lambda) over `rounds` evaluations: from `prices`, subgradient steps of Polyak's size
    towards `target` (a value reached, so below every bound), halved whenever a step does not help.
    Every evaluation is a bound; the least is returned."""
    lam = np.maximum(np.asarray(prices, np.float64), 0.0)
    score_t, feasible_t = np.ascontiguousarray(score.T), np.ascontiguousarray(feasible.T)  # once for all
    best = current = _bound(score_t, feasible_t, slots, dimensions, p, t, lam.astype(np.int64))
    theta = STEP
    for _ in range(rounds - 1):
        direction = 1 - current.wanted
        direction[(lam <= 0) & (direction > 0)] = 0  # a price already 0 cannot fall
        norm = float((direction * direction).sum())
        if norm == 0 or current.value <= target:
            break
        lam = np.maximum(0.0, lam - theta * (current.value - target) / norm * direction)
        current = _bound(score_t, feasible_t, slots, dimensions, p, t, np.floor(lam).astype(np.int64))
        if current.value < best.value:
            best = current
        else:
            theta /= 2
    return best
